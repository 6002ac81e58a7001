"""The SELECT behind an export: the filtered rows, one finished cell each.

Lists inside cells come either from a correlated subquery per row (cheap
for a few rows) or from a derived table that aggregates every list once
and is joined on its key (cheap for many rows, or for lists shared by many
rows, such as an agreement's parties on each of its clauses).

When the order runs through a related row (clauses by their agreement's
date and title), one derived table ranks the related rows and carries the
cells that depend on them alone, so those are computed once per agreement
rather than once per clause.
"""

from dataclasses import replace

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BigIntegerField, CharField, F, ForeignKey, Window
from django.db.models.expressions import Col, OrderBy, RawSQL, Subquery
from django.db.models.functions import DenseRank
from django.db.models.sql.constants import INNER, LOUTER

from .columns import DATE, NUMBER, ListOf
from .expressions import SEPARATOR, CsvLine, Guarded
from .json_cells import ARRAY_AGGREGATE, JsonLine, JsonText

AGGREGATE = {"postgresql": "string_agg", "sqlite": "group_concat"}
RANK = RawSQL("export_rank.v", (), output_field=BigIntegerField())


class DerivedJoin:
    """LEFT JOIN (<one list per key>) alias ON alias.k = <the row's key>.

    Django cannot join a subquery, so this stands in the query's alias map
    and compiles itself; it is added last, to a query compiled once. The
    items arrive sorted by key and then by the list's order, which the
    aggregate keeps (SQLite keeps a subquery's ORDER BY under an aggregate).
    """

    join_type = LOUTER
    nullable = True
    filtered_relation = None

    def __init__(self, alias, parent_alias, items, outer_column, json=False):
        self.table_alias = alias
        self.table_name = alias
        self.parent_alias = parent_alias
        self.items = items
        self.outer_column = outer_column
        self.json = json  # a JSON array per key instead of joined text

    def as_sql(self, compiler, connection):
        items_sql, items_params = self.items.query.get_compiler(
            connection=connection
        ).as_sql()
        outer_sql, outer_params = compiler.compile(self.outer_column)
        if self.json:
            joined = ARRAY_AGGREGATE.get(connection.vendor, ARRAY_AGGREGATE["sqlite"])
        else:
            guard = getattr(Guarded, connection.vendor, Guarded.sqlite)
            aggregate = AGGREGATE.get(connection.vendor, "group_concat")
            joined = guard.replace("%(x)s", f"{aggregate}(items.v, '{SEPARATOR}')")
        alias = self.table_alias
        sql = (
            f"LEFT OUTER JOIN (SELECT items.k, {joined} AS v FROM ({items_sql}) "
            f"items GROUP BY items.k) {alias} ON ({alias}.k = {outer_sql})"
        )
        return sql, (*items_params, *outer_params)


class RankJoin(DerivedJoin):
    """INNER JOIN (<each related row's place in an order>) alias ON alias.k = key.

    Sorting many wide rows by a related row's columns (a clause by its
    agreement's date and title) compares those columns again and again;
    ranking the related rows once turns the sort keys into integers.
    """

    join_type = INNER
    nullable = False

    def as_sql(self, compiler, connection):
        items_sql, items_params = self.items.query.get_compiler(
            connection=connection
        ).as_sql()
        outer_sql, outer_params = compiler.compile(self.outer_column)
        alias = self.table_alias
        sql = f"INNER JOIN ({items_sql}) {alias} ON ({alias}.k = {outer_sql})"
        return sql, (*items_params, *outer_params)


def _ordering(query):
    if query.order_by:
        return list(query.order_by)
    return list(query.get_meta().ordering) if query.default_ordering else []


def term_parts(term):
    """(field path, descending, nulls) of an ordering term, "-title" or
    F("title").desc(nulls_last=True); nulls is "first", "last" or None (the
    database's default). None for any other expression."""
    if isinstance(term, str):
        return term.lstrip("-"), term.startswith("-"), None
    if isinstance(term, OrderBy) and isinstance(term.expression, F):
        nulls = "first" if term.nulls_first else "last" if term.nulls_last else None
        return term.expression.name, term.descending, nulls
    return None


def order_term(path, descending, nulls, expression=None):
    """The OrderBy of `expression` (default: the field at `path`)."""
    expression = F(path) if expression is None else expression
    options = {"nulls_first": nulls == "first" or None}
    options["nulls_last"] = nulls == "last" or None
    return expression.desc(**options) if descending else expression.asc(**options)


def _related_term(model, term):
    """(foreign key, the same order on the related table), or (None, None).

    `agreement__title` and `agreement_id` order by one column of the related
    row; `agreement` orders by its Meta.ordering. Only plain columns of a
    required foreign key qualify: anything else stays as it is. The order on
    the related table is a list of OrderBy.
    """
    parts = term_parts(term)
    if parts is None or parts[0] in ("?", "pk"):
        return None, None
    path, descending, nulls = parts
    name, _, rest = path.partition("__")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None, None
    if not isinstance(field, ForeignKey) or field.null:
        return None, None
    related = field.related_model
    if name == field.attname and name != field.name:  # agreement_id
        if rest:
            return None, None
        items = ["pk"]
    elif rest:
        items = [order_term(rest, descending, nulls)]
        descending = False  # the term is its own direction
    else:
        items = list(related._meta.ordering) or ["pk"]
    terms = []
    for item in items:
        parts = term_parts(item)
        if parts is None:
            return None, None
        column, item_descending, item_nulls = parts
        if column != "pk":
            try:
                target = related._meta.get_field(column)
            except FieldDoesNotExist:
                return None, None
            if target.is_relation or not target.concrete:
                return None, None
        mapped = order_term(column, item_descending, item_nulls)
        # As Django orders: "-agreement" reverses the string terms of the
        # related Meta.ordering but keeps its OrderBy expressions as written.
        flip = descending and isinstance(item, str)
        terms.append(mapped.reverse_ordering() if flip else mapped)
    return field, terms


def ranked_order(queryset):
    """The order of `queryset`, with its leading terms on one related table
    replaced by a rank: (foreign key, the order of the related rows, the
    other terms) or None."""
    query = queryset.query
    if query.distinct or query.extra_order_by or query.combinator:
        return None
    terms = _ordering(query)
    key, related_terms, taken = None, [], 0
    for term in terms:
        field, mapped = _related_term(queryset.model, term)
        if field is None or (key is not None and field != key):
            break
        key, taken = field, taken + 1
        related_terms += mapped
    if key is None or [term_parts(t)[0] for t in related_terms] == ["pk"]:
        return None  # already an integer: nothing to gain
    return key, related_terms, terms[taken:]


def list_items(spec, filtered):
    """The items of every list the export needs: key `k` and value `v`."""
    items = spec.model.objects.filter(**{f"{spec.key}__isnull": False})
    for lookup in spec.exclude:
        items = items.exclude(**{lookup: ""})
    if filtered is not None:
        # Only the lists of the exported rows, not of the whole table.
        items = items.filter(
            **{f"{spec.key}__in": filtered.order_by().values(spec.outer)}
        )
    if spec.distinct:
        keys = spec.order_keys()
        items = items.annotate(k=F(spec.key), v=spec.value, **keys)
        return items.values_list("k", "v", *keys).distinct().order_by("k", *keys)
    items = items.annotate(k=F(spec.key), v=spec.value)
    return items.order_by("k", *spec.full_ordering).values_list("k", "v")


def needs_converters(queryset, cells):
    """Whether Django turns some of these cells into Python values (decimals)
    after reading them: then only Python can write them."""
    probe = queryset.annotate(**cells).values_list(*cells)
    compiler = probe.query.get_compiler(using=probe.db)
    compiler.setup_query()
    return bool(compiler.get_converters([s[0] for s in compiler.select]))


def text_column(sql):
    """A finished cell selected from a derived table, e.g. `alias.v`."""
    return RawSQL(sql, (), output_field=CharField())


def related_cells(columns, key):
    """{index: column} for the columns that depend only on the row `key`
    points to (its fields and lists, not numbers), with field paths made
    relative to that row. Lists keep their spec: they are joined on `pk`."""
    prefix = key.name + "__"
    moved = {}
    for i, column in enumerate(columns):
        value = column.value
        if isinstance(value, ListOf) and value.outer == key.attname:
            moved[i] = column
        elif isinstance(value, str) and value.startswith(prefix):
            if column.kind != NUMBER:
                moved[i] = replace(column, value=value.removeprefix(prefix))
    return moved


def join_lists(rows, joins, filtered, json=False):
    """Add a DerivedJoin to `rows` for each (alias, list spec, key field)."""
    base_alias = rows.query.get_initial_alias()
    for alias, spec, outer in joins:
        outer = F(outer).resolve_expression(rows.query)
        items = list_items(spec, filtered)
        rows.query.alias_map[alias] = DerivedJoin(
            alias, base_alias, items, outer, json=json
        )
        rows.query.alias_refcount[alias] = 1
    return rows


def rank_items(key, terms, filtered, moved, reads=None, json=False):
    """The related rows: key `k`, place `v` in `terms`, the `moved` cells, and
    the fields other cells `reads` ({path on the related row: alias}); with
    `json`, the cells as JSON values."""
    related = key.related_model._default_manager.order_by()
    if filtered is not None:
        related = related.filter(pk__in=filtered.order_by().values(key.attname))
    cells = {alias: F(path) for path, alias in (reads or {}).items()}
    joins = []
    for i, column in moved.items():
        if isinstance(column.value, ListOf):
            alias = f"export_rank_list_{i}"
            cells[f"export_{i}"] = text_column(f"{alias}.v")
            joins.append((alias, column.value, "pk"))
        elif json:
            # Encoded once per related row, not once per exported row.
            cells[f"export_{i}"] = JsonText(*cell(column, key.related_model, json))
        else:
            cells[f"export_{i}"] = cell(column, key.related_model)
    items = related.annotate(
        k=F("pk"), v=Window(DenseRank(), order_by=terms), **cells
    ).values_list("k", "v", *cells)
    return join_lists(items, joins, filtered, json)


def related_order(rows, key, terms, rest):
    """The order of `rows` with `terms` read from the row `key` points to,
    its primary key included, then `rest` up to the first unique terms.

    For SQLite: with an index on the related rows in that order (agreements
    by date and title), it reads them in order and each one's rows from the
    (key, rest) index, with no sort at all. The key column itself
    (`agreement_id`) in place of the related primary key would leave it a
    sort of each agreement's rows, after reading them through a covering
    index it first builds of the whole table.
    """
    related = rows.query.setup_joins(
        [key.name], rows.query.get_meta(), rows.query.get_initial_alias()
    )
    alias, meta = related.joins[-1], key.related_model._meta
    order = []
    for term in terms:
        name, descending, nulls = term_parts(term)
        column = Col(alias, meta.pk if name == "pk" else meta.get_field(name))
        order.append(order_term(name, descending, nulls, column))
    return rows.order_by(*order, *until_unique(rows.model, key, rest))


def cell(column, model, json=False):
    """The column's cell in a row of `model`: CSV text, or with `json` its
    JSON value and whether that is JSON text already."""
    return column.json_value(model) if json else column.expression()


def json_line(cells, columns, model, encoded=()):
    """The JSON object of a row from its cells (see json_cells.JsonLine);
    the cells at the indexes in `encoded` are JSON text already."""
    fragments = [
        i in encoded or column.json_value(model)[1] for i, column in enumerate(columns)
    ]
    return JsonLine(
        cells,
        [column.header for column in columns],
        fragments,
        [column.is_list for column in columns],
        # Integers and ISO dates need no escaping (see JsonLine.as_postgresql).
        [
            None if fragment else {NUMBER: "number", DATE: "date"}.get(column.kind)
            for column, fragment in zip(columns, fragments, strict=True)
        ],
    )


def export_rows(queryset, columns, derive=None, lines=False, rank=True, json=False):
    """`queryset` as one tuple of finished cells per row, in the same order.

    `derive(spec)` says which lists come from a derived table. With `lines`,
    the database writes each row as a CSV line where it can: then each row
    is one string. With `json`, each row is one string, its JSON object.
    When the order runs through a related row (a clause's agreement), with
    `rank`, that row's own cells (title, parties) are
    computed once per related row, in the table that ranks them, not once
    per exported row; without, the rows are ordered by the related row's
    columns (see related_order).
    """
    query = queryset.query
    filtered = queryset if query.where else None
    ranked = ranked_order(queryset)
    if ranked and not rank:
        key, terms, rest = ranked
        queryset = related_order(queryset, key, terms, rest)
        ranked = None
    moved = related_cells(columns, ranked[0]) if ranked else {}
    cells, joins = {}, []
    for i, column in enumerate(columns):
        if i in moved:
            cells[f"export_{i}"] = text_column(f"export_rank.export_{i}")
        elif isinstance(column.value, ListOf) and derive and derive(column.value):
            alias = f"export_list_{i}"
            cells[f"export_{i}"] = text_column(f"{alias}.v")
            joins.append((alias, column.value, column.value.outer))
        elif json:
            cells[f"export_{i}"] = cell(column, queryset.model, json)[0]
        else:
            cells[f"export_{i}"] = cell(column, queryset.model)
    queryset = queryset.prefetch_related(None)
    if json:
        line = json_line(list(cells.values()), columns, queryset.model, moved)
        rows = queryset.annotate(export_line=line).values_list("export_line", flat=True)
    elif lines and len(cells) > 1 and not needs_converters(queryset, cells):
        quoted = [column.quoted for column in columns]
        line = CsvLine(list(cells.values()), quoted)
        rows = queryset.annotate(export_line=line).values_list("export_line", flat=True)
    else:
        rows = queryset.annotate(**cells).values_list(*cells)
    if ranked:
        key, terms, rest = ranked
        rows = rows.order_by(RANK.asc(), *rest)
        base_alias = rows.query.get_initial_alias()
        outer = F(key.attname).resolve_expression(rows.query)
        items = rank_items(key, terms, filtered, moved, json=json)
        rows.query.alias_map["export_rank"] = RankJoin(
            "export_rank", base_alias, items, outer
        )
        rows.query.alias_refcount["export_rank"] = 1
    return join_lists(rows, joins, filtered, json)


def field_at(model, path):
    """The model field at the end of `path` (`framework__slug`) from `model`."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model
    return field


def read_from_rank(expression, key, reads):
    """`expression` with each field of the row `key` points to (F leaves such
    as `agreement__slug`) read from the rank table, which selects it once per
    related row; `reads` collects {path on the related row: alias}. Anything
    else, such as a subquery or a condition, is left to join as it would."""
    prefix = key.name + "__"
    if isinstance(expression, F) and expression.name.startswith(prefix):
        path = expression.name.removeprefix(prefix)
        alias = reads.setdefault(path, f"export_read_{len(reads)}")
        output = field_at(key.related_model, path)
        return RawSQL(f"export_rank.{alias}", (), output_field=output)
    if isinstance(expression, Subquery) or not hasattr(
        expression, "get_source_expressions"
    ):
        return expression
    sources = expression.get_source_expressions()
    rewritten = [read_from_rank(source, key, reads) for source in sources]
    if all(new is old for new, old in zip(rewritten, sources, strict=True)):
        return expression
    expression = expression.copy()
    expression.set_source_expressions(rewritten)
    return expression


def until_unique(model, key, terms):
    """`terms` up to the first that, with `key`, singles out one row: an
    index on (key, those terms) then gives the order without a sort."""
    uniques = [{"pk"}] + [
        set(constraint.fields) for constraint in model._meta.total_unique_constraints
    ]
    uniques = [
        {field_at(model, name).attname if name != "pk" else "pk" for name in fields}
        for fields in uniques
    ]
    seen = {key.attname}
    for n, term in enumerate(terms):
        parts = term_parts(term)
        if parts is None or parts[0] == "?":
            return terms
        name = parts[0]
        try:
            seen.add(name if name == "pk" else field_at(model, name).attname)
        except FieldDoesNotExist:
            return terms
        if any(unique <= seen for unique in uniques):
            return terms[: n + 1]
    return terms


def streamed_rows(queryset, columns, json=False):
    """The export of a whole table as one SELECT that PostgreSQL streams in
    order: (sql, params), or None where the rows are filtered or the order
    does not run through a related row. With `json`, one JSON object a row.

    A sort of every exported row holds back the first row until the last is
    read; for an order through a related row (clauses by their agreement's
    date and title, then by position) there is no need for one. The related
    rows are ranked and carry their own cells (a small sort); for each in
    turn, LATERAL reads its rows in the rest of the order, from an index on
    (key, rest) or by sorting that related row's rows alone (the planner
    picks; clauses have only the (agreement, position) index to read them
    by agreement, which gives them in order). The outer ORDER
    BY on the rank is already met by the ranked rows, and a nested loop
    keeps each related row's rows in the order the LATERAL subquery gives
    them, so nothing is sorted after the join. Lists inside cells that
    belong to the exported row are read with a subquery per row (or stored
    on the row: see columns.py).

    Filtered exports keep the sorted form: a filter inside the LATERAL
    subquery would be tested row by row, one related row at a time (a topic
    filter took 1.6 s there against 1.1 s sorted, at 500,000 clauses).
    """
    ranked = ranked_order(queryset)
    if ranked is None or queryset.query.where:
        return None
    key, terms, rest = ranked
    moved = related_cells(columns, key)
    reads, cells = {}, {}
    for i, column in enumerate(columns):
        if i not in moved:
            value = cell(column, queryset.model, json)
            value = value[0] if json else value
            cells[f"export_{i}"] = read_from_rank(value, key, reads)
    rows = (
        queryset.prefetch_related(None)
        .filter(**{key.attname: RawSQL("export_rank.k", ())})
        .annotate(**cells)
        .values_list(*cells)
        .order_by(*until_unique(queryset.model, key, rest))
    )
    rank = rank_items(key, terms, None, moved, reads, json).order_by("v")
    rank_sql, rank_params = rank.query.get_compiler(using=queryset.db).as_sql()
    rows_compiler = rows.query.get_compiler(using=queryset.db)
    rows_sql, rows_params = rows_compiler.as_sql()
    selected = [
        f"export_{'rank' if i in moved else 'rows'}.export_{i}"
        for i in range(len(columns))
    ]
    select_params = ()
    if json:
        line = json_line(
            [text_column(c) for c in selected], columns, queryset.model, moved
        )
        select, select_params = rows_compiler.compile(line)
    else:
        select = ", ".join(selected)
    sql = (
        f"SELECT {select} FROM ({rank_sql}) export_rank "
        f"CROSS JOIN LATERAL ({rows_sql}) export_rows ORDER BY export_rank.v"
    )
    return sql, (*select_params, *rank_params, *rows_params)
