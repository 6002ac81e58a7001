"""SQL expressions that turn database values into CSV cells.

Every cell is computed by the database, the same way on SQLite and
PostgreSQL, so a file parses to the same values whichever database served it
and whether Python or PostgreSQL's COPY wrote it.
"""

from django.db import models
from django.db.models import Subquery
from django.db.models.expressions import Col
from django.db.models.sql.constants import LOUTER

from ..models.clauses import anchor_for

SEPARATOR = "|"
# OWASP CSV injection: a cell starting with one of these is a formula to a
# spreadsheet. Such a cell gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# unicode() and ascii() read the first character's code without building a
# substring.
_FORMULA_CODES = ", ".join(str(ord(ch)) for ch in FORMULA_STARTS)
_BELOW = max(ord(ch) for ch in FORMULA_STARTS) + 1


def guard(value):
    """The OWASP rule in Python, for cells that never reach the database."""
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


class _Wrap(models.Func):
    """A one-argument function whose SQL may repeat its argument."""

    output_field = models.CharField()
    sqlite = postgresql = "%(x)s"

    def _render(self, compiler, connection, template):
        sql, params = compiler.compile(self.source_expressions[0])
        count = template.count("%(x)s")
        return template.replace("%(x)s", f"({sql})"), tuple(params) * count

    def as_sql(self, compiler, connection, **extra_context):
        return self._render(compiler, connection, self.sqlite)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._render(compiler, connection, self.postgresql)


class Guarded(_Wrap):
    """Text with a leading apostrophe when it would start a formula."""

    sqlite = (
        f"CASE WHEN unicode(%(x)s) IN ({_FORMULA_CODES}) "
        "THEN '''' || %(x)s ELSE %(x)s END"
    )
    # Every formula character comes before "A": most cells are settled by
    # one comparison instead of six.
    postgresql = (
        f"CASE WHEN ascii(%(x)s) < {_BELOW} AND ascii(%(x)s) IN ({_FORMULA_CODES}) "
        "THEN '''' || %(x)s ELSE %(x)s::text END"
    )


class Cat(models.Func):
    """Text pieces joined with ||, NULL if one is NULL.

    Cheaper than Concat, which wraps every piece in COALESCE; for pieces
    that are never NULL, or where NULL should win.
    """

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = models.CharField()


class CsvLine(models.Func):
    """One CSV line (RFC 4180, without its line end) from finished cells.

    Text cells are always quoted: no scan for characters that need quotes,
    and each cell's SQL appears once. NULL is an empty cell, as Python's csv
    module writes None. Other cells (numbers, dates, flags) never need quotes.

    On SQLite, printf() writes the whole line in one piece: `%w` doubles the
    quotes of a text that is never NULL and `%s` writes NULL as nothing (a
    full clause export took 3.39 s against 4.18 s for a chain of ||,
    medians of three). Text that may be NULL is quoted with replace(), so
    that NULL stays an empty cell, unquoted.
    """

    output_field = models.TextField()

    def __init__(self, cells, quoted):
        super().__init__(*cells)
        self.quoted = tuple(quoted)

    def _compiled(self, compiler):
        """(SQL, params, cell, quoted) for each cell."""
        for cell, quoted in zip(
            self.get_source_expressions(), self.quoted, strict=True
        ):
            yield *compiler.compile(cell), cell, quoted

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for sql, cell_params, _, quoted in self._compiled(compiler):
            if quoted:
                parts.append(
                    f"""COALESCE('"' || replace({sql}, '"', '""') || '"', '')"""
                )
            else:
                parts.append(f"COALESCE(CAST({sql} AS text), '')")
            params.extend(cell_params)
        return " || ',' || ".join(parts), params

    def as_sqlite(self, compiler, connection, **extra_context):
        formats, parts, params = [], [], []
        for sql, cell_params, cell, quoted in self._compiled(compiler):
            if quoted and _never_null(cell, compiler.query):
                formats.append('"%%w"')
                parts.append(sql)
            elif quoted:
                formats.append("%%s")
                parts.append(f"""'"' || replace({sql}, '"', '""') || '"'""")
            else:
                formats.append("%%s")
                parts.append(sql)
            params.extend(cell_params)
        return f"printf('{','.join(formats)}', {', '.join(parts)})", params


def _never_null(expression, query):
    """Whether `expression` is a (guarded) column that is never NULL: not
    nullable, and read from the query's own table or through an inner join."""
    if isinstance(expression, Guarded):
        expression = expression.get_source_expressions()[0]
    if not isinstance(expression, Col) or expression.target.null:
        return False
    table = query.alias_map.get(expression.alias)
    return table is not None and getattr(table, "join_type", None) != LOUTER


class IsoDate(_Wrap):
    """A date as YYYY-MM-DD (SQLite already stores it that way)."""

    sqlite = "%(x)s"
    postgresql = "to_char(%(x)s, 'YYYY-MM-DD')"


class IsoDateTime(_Wrap):
    """A timestamp in UTC as YYYY-MM-DDTHH:MM:SSZ."""

    sqlite = "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', %(x)s)"
    postgresql = "to_char(%(x)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


class Flag(_Wrap):
    """A boolean as true or false."""

    sqlite = postgresql = "CASE WHEN %(x)s THEN 'true' WHEN NOT %(x)s THEN 'false' END"


class AsText(_Wrap):
    """Any other value as the database writes it."""

    sqlite = "CAST(%(x)s AS text)"
    postgresql = "%(x)s::text"


class ByteOrder(_Wrap):
    """Sort key comparing code points, as SQLite does by default.

    Lists inside a cell must not depend on the database's collation.
    """

    sqlite = "%(x)s"
    postgresql = '%(x)s::text COLLATE "C"'


class Anchor(_Wrap):
    """`anchor_for(number)` in SQL: the fragment id of a clause on its page."""

    function_name = "tracker_clause_anchor"
    postgresql = (
        # Most numbers are like 1.2 or II.3: skip the regular expression.
        "CASE WHEN %(x)s <> '' AND translate(%(x)s, '.0123456789"
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', '') = '' "
        "AND left(%(x)s, 1) <> '.' AND right(%(x)s, 1) <> '.' "
        "AND strpos(%(x)s, '..') = 0 THEN 'clause-' || replace(%(x)s, '.', '-') "
        "ELSE 'clause' || COALESCE('-' || NULLIF(btrim(regexp_replace("
        "replace(%(x)s, '¶', 'p'), '[^A-Za-z0-9]+', '-', 'g'), '-'), ''), '') END"
    )

    sqlite = (
        # Most numbers are like 1.2 or II.3: call Python for the others only.
        "CASE WHEN %(x)s <> '' AND %(x)s NOT GLOB '*[^.0-9A-Za-z]*' "
        "AND %(x)s NOT GLOB '.*' AND %(x)s NOT GLOB '*.' "
        "AND instr(%(x)s, '..') = 0 THEN 'clause-' || replace(%(x)s, '.', '-') "
        f"ELSE {function_name}(%(x)s) END"
    )

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite has no regular expressions built in: lend it Python's.
        connection.ensure_connection()
        connection.connection.create_function(
            self.function_name, 1, anchor_for, deterministic=True
        )
        return super().as_sql(compiler, connection, **extra_context)


def _guarded_sql(template, value):
    return template.replace("%(x)s", value).replace("%", "%%")


class OrderedSubquery(Subquery):
    """A subquery that keeps its queryset's ORDER BY (Django drops it), for
    aggregates that follow the order of their input."""

    def __init__(self, queryset, **kwargs):
        self.ordering = queryset.query.order_by
        super().__init__(queryset, **kwargs)

    def resolve_expression(self, *args, **kwargs):
        resolved = super().resolve_expression(*args, **kwargs)
        resolved.query.add_ordering(*self.ordering)
        return resolved

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template=self.template_postgresql, **extra_context
        )


class Joined(OrderedSubquery):
    """The first column of a related queryset, in its order, joined by `|`.

    `queryset` must select one column named `v` and refer to the row with
    OuterRef. The joined text gets the formula guard (identical aggregates
    in one SELECT are computed once by both databases).
    """

    output_field = models.CharField()
    template = (
        "(SELECT "
        + _guarded_sql(Guarded.sqlite, f"group_concat(joined.v, '{SEPARATOR}')")
        + " FROM (%(subquery)s) joined)"
    )
    template_postgresql = (
        "(SELECT "
        + _guarded_sql(Guarded.postgresql, f"string_agg(joined.v, '{SEPARATOR}')")
        + " FROM (%(subquery)s) joined)"
    )


def _regex_literal(text):
    """`text` as a literal in a PostgreSQL regular expression."""
    return "".join("\\" + ch if ch in ".^$*+?()[]{}|\\" else ch for ch in text)


class SitePaths(models.Func):
    """A list of addresses the database keeps on the row (`|`-joined text,
    or with `json` a JSON array) in which the site's own pages are stored
    site-relative (`prefix`…, e.g. /sources/<slug>/): those made absolute
    with `base_url`. A web address starts with its scheme, so only an item
    that starts with "/" is a site page; in text, that is the cell's start
    or just after a separator. Only PostgreSQL keeps such cells."""

    output_field = models.CharField()

    def __init__(self, expression, base_url, prefix, json=False):
        super().__init__(expression)
        item_start = r'(\[|,\s*)"' if json else r"(^|\|)"
        self.pattern = item_start + _regex_literal(prefix)
        if json:  # a JSON string's text (the host is plain ASCII anyway)
            base_url = base_url.replace("\\", "\\\\").replace('"', '\\"')
        # \1 keeps the item's start; a backslash in the replacement is doubled.
        start = r'\1"' if json else r"\1"
        self.replacement = start + (base_url + prefix).replace("\\", "\\\\")

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"regexp_replace({sql}, %s, %s, 'g')",
            (*params, self.pattern, self.replacement),
        )
