"""SQL expressions that turn database values into JSON, for the API.

A JSON row is built by the database, as a CSV line is: one object per row,
its keys the export's column headers in their order, with native values:
numbers, true/false, ISO dates as strings, lists as arrays, and null for
what is not recorded. Both databases give the same values, so a document
parses the same whichever served it (both write compact objects; arrays
inside them differ in spacing, `["a", "b"]` from PostgreSQL's json_agg,
so the API pages re-render the parsed rows).

Cells that are JSON text already (arrays, flags, decimals) are marked as
fragments: the line embeds them as JSON rather than as strings.
"""

import json

from django.db import models

from .expressions import OrderedSubquery, _Wrap


class JsonFlag(_Wrap):
    """A boolean as the JSON text true or false (NULL stays NULL)."""

    sqlite = postgresql = "CASE WHEN %(x)s THEN 'true' WHEN NOT %(x)s THEN 'false' END"


class JsonDecimal(models.Func):
    """A decimal as JSON number text with its column's decimal places, as
    PostgreSQL writes a numeric (SQLite stores 12.50 as the real 12.5)."""

    output_field = models.CharField()

    def __init__(self, expression, places):
        super().__init__(expression)
        self.places = int(places)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        formatted = f"printf('%%.{self.places}f', {sql})"
        return f"CASE WHEN {sql} IS NULL THEN NULL ELSE {formatted} END", params * 2

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST({sql} AS text)", params


class JsonArray(OrderedSubquery):
    """The first column (`v`) of a related queryset, in its order, as a JSON
    array ([] when there is none). Refers to the row with OuterRef."""

    output_field = models.CharField()
    template = "(SELECT json_group_array(joined.v) FROM (%(subquery)s) joined)"
    template_postgresql = (
        "(SELECT COALESCE(json_agg(joined.v), '[]'::json) FROM (%(subquery)s) joined)"
    )


# The aggregate of a derived table's items into one array per key (the JSON
# counterpart of query.DerivedJoin's joined text).
ARRAY_AGGREGATE = {
    "postgresql": "json_agg(items.v)",
    "sqlite": "json_group_array(items.v)",
}


class JsonText(models.Func):
    """A cell's JSON value as JSON text ("null" for NULL), for a table that
    encodes cells once for many rows; `fragment`: the value is JSON text
    already."""

    output_field = models.TextField()

    def __init__(self, expression, fragment):
        super().__init__(expression)
        self.fragment = fragment

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        if not self.fragment:
            sql = f"json_quote({sql})"  # SQLite: "null" for NULL
        return f"COALESCE({sql}, 'null')", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        if not self.fragment:
            sql = f"CAST(to_json({sql}) AS text)"
        return f"COALESCE({sql}, 'null')", params


class JsonLine(models.Func):
    """One JSON object (text) from named cells, in the columns' order.

    `fragments` marks the cells that are JSON text already; `arrays` those
    of them that are lists, which read [] where a derived table has no row.
    """

    output_field = models.TextField()

    def __init__(self, cells, names, fragments, arrays, plain=None):
        super().__init__(*cells)
        self.names = tuple(names)
        self.fragments = tuple(fragments)
        self.arrays = tuple(arrays)
        # "number" (an integer) or "date" (ISO text) where a cell's text
        # needs no escaping, else None.
        self.plain = tuple(plain or [None] * len(self.names))

    def as_sql(self, compiler, connection, **extra_context):
        """SQLite: json_object of the names and cells; JSON text is embedded
        with json()."""
        parts, params = [], []
        cells = self.get_source_expressions()
        for cell, name, fragment, array in zip(
            cells, self.names, self.fragments, self.arrays, strict=True
        ):
            sql, cell_params = compiler.compile(cell)
            if array:
                sql = f"COALESCE({sql}, '[]')"
            if fragment:
                sql = f"json({sql})"
            key = name.replace("'", "''")
            parts.append(f"'{key}', {sql}")
            params.extend(cell_params)
        return f"json_object({', '.join(parts)})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        """Concatenated text, not json_build_object: that converts each of
        its arguments through a type lookup and an output-function call per
        row, which made the full clause export three times as slow (0.88 s
        against 0.60 s for 100,000 clauses, server time). Keys are written
        by Python's json module; values by to_json, or as they are where
        they are JSON text already. The object comes out compact, as
        SQLite's json_object writes it."""
        parts, params = [], []
        cells = self.get_source_expressions()
        for n, (cell, name, fragment, array, plain) in enumerate(
            zip(cells, self.names, self.fragments, self.arrays, self.plain, strict=True)
        ):
            sql, cell_params = compiler.compile(cell)
            if fragment:
                value = f"COALESCE({sql}, '{'[]' if array else 'null'}')"
            elif plain == "number":
                value = f"COALESCE(CAST({sql} AS text), 'null')"
            elif plain == "date":
                value = f"COALESCE('\"' || {sql} || '\"', 'null')"
            else:
                value = f"COALESCE(CAST(to_json({sql}) AS text), 'null')"
            key = (json.dumps(name) + ":").replace("'", "''")
            parts.append(f"'{',' if n else '{'}{key}' || {value}")
            params.extend(cell_params)
        return "(" + " || ".join(parts) + " || '}')", params
