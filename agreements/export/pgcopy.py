"""PostgreSQL fast path: the database writes the CSV with COPY … TO STDOUT.

The SELECT has the filters, order and cell expressions of the Python path.
Where the order runs through a related row (clauses by agreement), it is
the streamed form of query.streamed_rows: no sort of all rows, so the first
rows leave while the last are still being read. Otherwise the lists inside
cells (parties, topics, citation URLs), which the Python path on PostgreSQL
reads with one correlated subquery per row, are aggregated once each, in a
derived table joined on its key, and the rows are sorted. The PostgreSQL
tests check that every form gives the same cells.
"""

import psycopg
from django.db import connections, transaction
from psycopg import pq

from .query import export_rows, streamed_rows

SETTINGS = (
    "SET LOCAL jit = off; SET LOCAL work_mem = '512MB'; "
    "SET LOCAL max_parallel_workers_per_gather = 0"
)


def copy_statement(queryset, columns, json=False):
    """COPY for the export of `queryset`, or None where it cannot serve.
    With `json`, one JSON object per line (JSON Lines)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    streamed = streamed_rows(queryset, columns, json)
    if streamed is not None:
        sql, params = streamed
    else:
        rows = export_rows(queryset, columns, derive=lambda spec: True, json=json)
        compiler = rows.query.get_compiler(using=rows.db)
        sql, params = compiler.as_sql()
        if compiler.has_extra_select:
            # DISTINCT with an ORDER BY outside the selected cells makes Django
            # select columns that it drops in Python; COPY would write them.
            return None
    options = JSON_LINES if json else copy_options(columns)
    return f"COPY ({sql}) TO STDOUT ({options})", params


# Each JSON object verbatim, in COPY's binary format: one text field a row,
# sent as it is, with no scan for characters to quote or escape (the CSV
# format scanned every byte of each object; the text format would double
# every backslash of the JSON). See _binary_values.
JSON_LINES = "FORMAT binary"
BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00"  # then flags and extension length
BINARY_TRAILER = b"\xff\xff"


def copy_options(columns):
    """CSV, with text cells always quoted as SQLite's lines have them: COPY
    then skips its scan of each text for characters that need quotes (a
    full clause export took 1.58 s instead of 1.75–2.08 s, medians of ten).
    NULL is still an empty cell, unquoted."""
    quoted = [f"export_{i}" for i, column in enumerate(columns) if column.quoted]
    if not quoted:
        return "FORMAT csv"
    return f"FORMAT csv, FORCE_QUOTE ({', '.join(quoted)})"


def copy_blocks(database, statement, block_bytes, line_end=b"\r\n"):
    """Bytes from COPY, lines ending in `line_end` (CSV: CRLF), in blocks of
    about `block_bytes`. A binary COPY of one text column gives its values
    as the lines."""
    statement, params = statement
    binary = statement.endswith("(FORMAT binary)")
    with transaction.atomic(using=database), connections[database].cursor() as cursor:
        # One big scan: compiling it (JIT) costs more than it saves; the
        # sort of all rows should stay in memory; parallel workers would
        # each aggregate every list again.
        cursor.execute(SETTINGS)
        with cursor.cursor.copy(statement, params) as copy:
            rows = _messages(copy, cursor.cursor.connection)
            lines = _binary_values(rows) if binary else _text_lines(rows)
            yield from _blocks(lines, block_bytes, line_end)


def _messages(copy, connection):
    """The COPY data messages, one row each. Rows that have already arrived
    are taken from libpq directly (a third less Python time a row than
    copy.read(), which goes through a wait loop); read() waits for more."""
    take = connection.pgconn.get_copy_data
    while True:
        length, row = take(1)  # 1: never wait
        if length == 0:
            row = copy.read()
            if not row:
                return
        elif length < 0:
            _finish(connection)
            return
        yield row


def _text_lines(rows):
    # A CSV row ends with a bare LF; line breaks inside quoted cells stay.
    for row in rows:
        yield row[:-1]


def _binary_values(rows):
    # Each message is a row: a field count (2 bytes), the field's length (4)
    # and its bytes; the first also carries the 19-byte file header, and the
    # last message is the trailer. A JSON line is never NULL.
    first = True
    for row in rows:
        if first and bytes(row[:11]) == BINARY_HEADER:
            row, first = row[19:], False
            if not row:
                continue
        if len(row) == 2 and bytes(row) == BINARY_TRAILER:
            continue
        yield row[6:]


def _blocks(lines, block_bytes, line_end):
    block, size = [], 0
    for line in lines:
        block.append(line)
        size += len(line) + 1
        if size >= block_bytes:
            block.append(b"")
            yield line_end.join(block)
            block, size = [], 0
    if block:
        block.append(b"")
        yield line_end.join(block)


def _finish(connection):
    """The end of the data was taken from libpq: collect COPY's result."""
    results = []
    while (result := connection.pgconn.get_result()) is not None:
        results.append(result)
    for result in results:
        if result.status != pq.ExecStatus.COMMAND_OK:
            raise psycopg.errors.error_from_result(
                result, encoding=connection.info.encoding
            )
