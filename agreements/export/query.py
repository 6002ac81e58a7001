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
from django.db import connections
from django.db.models import (
    BigIntegerField,
    CharField,
    ExpressionWrapper,
    F,
    ForeignKey,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import DenseRank
from django.db.models.sql.constants import INNER, LOUTER

from .columns import NUMBER, TEXT, URL, ListOf
from .expressions import SEPARATOR, ByteOrder, CsvLine, Guarded

AGGREGATE = {"postgresql": "string_agg", "sqlite": "group_concat"}


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

    def __init__(self, alias, parent_alias, items, outer_column):
        self.table_alias = alias
        self.table_name = alias
        self.parent_alias = parent_alias
        self.items = items
        self.outer_column = outer_column

    def as_sql(self, compiler, connection):
        items_sql, items_params = self.items.query.get_compiler(
            connection=connection
        ).as_sql()
        outer_sql, outer_params = compiler.compile(self.outer_column)
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


def _related_term(model, term):
    """(foreign key, the same order on the related table), or (None, None).

    `agreement__title` and `agreement_id` order by one column of the related
    row; `agreement` orders by its Meta.ordering. Only plain columns of a
    required foreign key qualify: anything else stays as it is.
    """
    if not isinstance(term, str) or term.lstrip("-") in ("?", "pk"):
        return None, None
    descending, path = term.startswith("-"), term.lstrip("-")
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
        items = [rest]
    else:
        items = list(related._meta.ordering) or ["pk"]
    terms = []
    for item in items:
        if not isinstance(item, str):
            return None, None
        column = item.lstrip("-")
        if column != "pk":
            try:
                target = related._meta.get_field(column)
            except FieldDoesNotExist:
                return None, None
            if target.is_relation or not target.concrete:
                return None, None
        flipped = item.startswith("-") != descending
        terms.append(("-" if flipped else "") + column)
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
    if key is None or related_terms in (["pk"], ["-pk"]):
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
        items = items.annotate(k=F(spec.key), v=ByteOrder(spec.value))
        return items.values_list("k", "v").distinct().order_by("k", "v")
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


def join_lists(rows, joins, filtered):
    """Add a DerivedJoin to `rows` for each (alias, list spec, key field)."""
    base_alias = rows.query.get_initial_alias()
    for alias, spec, outer in joins:
        outer = F(outer).resolve_expression(rows.query)
        items = list_items(spec, filtered)
        rows.query.alias_map[alias] = DerivedJoin(alias, base_alias, items, outer)
        rows.query.alias_refcount[alias] = 1
    return rows


def rank_items(key, terms, filtered, moved):
    """The related rows: key `k`, place `v` in `terms`, and the `moved` cells."""
    related = key.related_model._default_manager.order_by()
    if filtered is not None:
        related = related.filter(pk__in=filtered.order_by().values(key.attname))
    cells, joins = {}, []
    for i, column in moved.items():
        if isinstance(column.value, ListOf):
            alias = f"export_rank_list_{i}"
            cells[f"export_{i}"] = text_column(f"{alias}.v")
            joins.append((alias, column.value, "pk"))
        else:
            cells[f"export_{i}"] = column.expression()
    items = related.annotate(
        k=F("pk"), v=Window(DenseRank(), order_by=terms), **cells
    ).values_list("k", "v", *cells)
    return join_lists(items, joins, filtered)


def sort_key(queryset, rest):
    """The rank and the next order term as one integer, where it fits.

    PostgreSQL sorts on an integer leading key much faster than on a rank
    that ties for every row of the same agreement. A clause's position is
    below 2**31 (an integer column there), so rank * 2**31 ± position keeps
    the order. Returns (sort expression, the remaining terms).
    """
    rank = RawSQL("export_rank.v", (), output_field=BigIntegerField())
    if connections[queryset.db].vendor != "postgresql" or not rest:
        return rank.asc(), rest
    term = rest[0]
    if not isinstance(term, str) or term.lstrip("-") in ("?", "pk"):
        return rank.asc(), rest
    try:
        field = queryset.model._meta.get_field(term.lstrip("-"))
    except FieldDoesNotExist:
        return rank.asc(), rest
    if field.null or not isinstance(
        field, PositiveIntegerField | PositiveSmallIntegerField
    ):
        return rank.asc(), rest
    shifted = RawSQL("export_rank.v * 2147483648", (), output_field=BigIntegerField())
    combined = (
        shifted - F(field.attname)
        if term.startswith("-")
        else shifted + F(field.attname)
    )
    return ExpressionWrapper(combined, output_field=BigIntegerField()).asc(), rest[1:]


def export_rows(queryset, columns, derive=None, lines=False):
    """`queryset` as one tuple of finished cells per row, in the same order.

    `derive(spec)` says which lists come from a derived table. With `lines`,
    the database writes each row as a CSV line where it can: then each row
    is one string. When the order runs through a related row (a clause's
    agreement), that row's own cells (title, parties) are computed once per
    related row, in the table that ranks them, not once per exported row.
    """
    query = queryset.query
    filtered = queryset if query.where else None
    ranked = ranked_order(queryset)
    moved = related_cells(columns, ranked[0]) if ranked else {}
    cells, joins = {}, []
    for i, column in enumerate(columns):
        if i in moved:
            cells[f"export_{i}"] = text_column(f"export_rank.export_{i}")
        elif isinstance(column.value, ListOf) and derive and derive(column.value):
            alias = f"export_list_{i}"
            cells[f"export_{i}"] = text_column(f"{alias}.v")
            joins.append((alias, column.value, column.value.outer))
        else:
            cells[f"export_{i}"] = column.expression()
    queryset = queryset.prefetch_related(None)
    if lines and len(cells) > 1 and not needs_converters(queryset, cells):
        quoted = [column.kind in (TEXT, URL) for column in columns]
        line = CsvLine(list(cells.values()), quoted)
        rows = queryset.annotate(export_line=line).values_list("export_line", flat=True)
    else:
        rows = queryset.annotate(**cells).values_list(*cells)
    if ranked:
        key, terms, rest = ranked
        first, rest = sort_key(queryset, rest)
        rows = rows.order_by(first, *rest)
    if ranked:
        base_alias = rows.query.get_initial_alias()
        outer = F(key.attname).resolve_expression(rows.query)
        items = rank_items(key, terms, filtered, moved)
        rows.query.alias_map["export_rank"] = RankJoin(
            "export_rank", base_alias, items, outer
        )
        rows.query.alias_refcount["export_rank"] = 1
    return join_lists(rows, joins, filtered)
