"""The SELECT behind an export: the filtered rows, one finished cell each.

Lists inside cells come either from a correlated subquery per row (cheap
for a few rows) or from a derived table that aggregates every list once
and is joined on its key (cheap for many rows, or for lists shared by many
rows, such as an agreement's parties on each of its clauses).
"""

from django.db.models import CharField, F
from django.db.models.expressions import RawSQL
from django.db.models.sql.constants import LOUTER

from .columns import ListOf
from .expressions import SEPARATOR, ByteOrder, Guarded

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


def export_rows(queryset, columns, derive=None):
    """`queryset` as one tuple of finished cells per row, in the same order.

    `derive(spec)` says which lists come from a derived table.
    """
    query = queryset.query
    filtered = queryset if query.where else None
    cells, joins = {}, []
    for i, column in enumerate(columns):
        if isinstance(column.value, ListOf) and derive and derive(column.value):
            alias = f"export_list_{i}"
            cells[f"export_{i}"] = RawSQL(f"{alias}.v", (), output_field=CharField())
            joins.append((alias, column.value))
        else:
            cells[f"export_{i}"] = column.expression()
    rows = queryset.prefetch_related(None).annotate(**cells).values_list(*cells)
    base_alias = rows.query.get_initial_alias()
    for alias, spec in joins:
        outer = F(spec.outer).resolve_expression(rows.query)
        items = list_items(spec, filtered)
        rows.query.alias_map[alias] = DerivedJoin(alias, base_alias, items, outer)
        rows.query.alias_refcount[alias] = 1
    return rows
