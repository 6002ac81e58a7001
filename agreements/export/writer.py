"""The one writer of downloads: streams the rows of any queryset as they are
read, as CSV or as JSON Lines (one JSON object per line)."""

import csv
import io
import itertools

from django.db import connections
from django.http import StreamingHttpResponse

from . import pgcopy, query
from .columns import columns_for
from .completeness import ROW_COUNT_HEADER, counted

BOM = "\ufeff"
CHUNK_ROWS = 2_000  # rows fetched from the database at a time
BATCH_ROWS = 500  # rows written at a time
BLOCK_BYTES = 64 * 1024  # bytes handed to the server at a time


def export_rows(queryset, columns):
    """`queryset` reduced to one tuple of finished cells per row, same order.

    On SQLite, lists shared by many rows (an agreement's parties on each of
    its clauses) come from a derived table; the rest, and everything on
    PostgreSQL (whose big exports go through COPY), from subqueries.
    """
    sqlite = connections[queryset.db].vendor == "sqlite"
    return query.export_rows(
        queryset,
        columns,
        derive=lambda spec: sqlite and spec.outer != "pk",
        # SQLite runs in this process: it quotes and joins the cells of a
        # line faster than the csv module, which reads every character.
        lines=sqlite,
        # SQLite reads clauses in their agreements' order from two indexes;
        # a ranked order would sort every line (a quarter of its time).
        rank=not sqlite,
    )


def json_rows(queryset, base_url="", few=False):
    """One JSON object (text) per row of `queryset`, in its order, with the
    export's columns as keys (json_cells.py). Lists that PostgreSQL keeps on
    the row as JSON (migration 0014) are read, the others computed.
    With `few` (a page, a record's related rows), every list is a subquery
    per row and nothing is ranked: the plan for all rows would cost more."""
    vendor = connections[queryset.db].vendor
    sqlite = vendor == "sqlite"
    return query.export_rows(
        queryset,
        columns_for(queryset.model, base_url, vendor),
        derive=lambda spec: not few and sqlite and spec.outer != "pk",
        rank=not (few or sqlite),
        json=True,
    )


def header_line(columns, bom=False):
    out = io.StringIO()
    out.write(BOM if bom else "")
    csv.writer(out).writerow([column.header for column in columns])
    return out.getvalue().encode()


def python_blocks(rows, line_end="\r\n"):
    """CSV bytes (RFC 4180, CRLF) for `rows`, in blocks of about BLOCK_BYTES.

    Rows are tuples of cells for the csv module, or lines (str) that the
    database wrote already (CSV, or JSON objects ending in `line_end`).
    """
    iterator = rows.iterator(chunk_size=CHUNK_ROWS)
    out, writer = [], None
    size = 0
    while batch := list(itertools.islice(iterator, BATCH_ROWS)):
        if isinstance(batch[0], str):
            batch.append("")
            text = line_end.join(batch)
        else:
            if writer is None:
                buffer = io.StringIO()
                writer = csv.writer(buffer)
            writer.writerows(batch)
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        out.append(text)
        size += len(text)
        if size >= BLOCK_BYTES:
            yield "".join(out).encode()
            out, size = [], 0
    if out:
        yield "".join(out).encode()


def csv_blocks(queryset, *, bom=False, base_url=""):
    """The whole file: header row, then the rows, written by Python or COPY."""
    vendor = connections[queryset.db].vendor
    columns = columns_for(queryset.model, base_url, vendor)
    yield header_line(columns, bom)
    statement = pgcopy.copy_statement(queryset, columns)
    if statement:
        yield from pgcopy.copy_blocks(queryset.db, statement, BLOCK_BYTES)
    else:
        yield from python_blocks(export_rows(queryset, columns))


def jsonl_blocks(queryset, *, base_url=""):
    """The whole JSON Lines file: a JSON object per row, each ending in LF."""
    columns = columns_for(queryset.model, base_url, connections[queryset.db].vendor)
    statement = pgcopy.copy_statement(queryset, columns, json=True)
    if statement:
        yield from pgcopy.copy_blocks(queryset.db, statement, BLOCK_BYTES, b"\n")
    else:
        yield from python_blocks(json_rows(queryset, base_url), "\n")


def _download(queryset, blocks, filename, content_type, request):
    """The streaming response, with the number of rows it holds in
    X-Row-Count (completeness.py: how a client tells a cut download)."""
    stream = counted(queryset, blocks, filename, request)
    rows = next(stream)  # the count, in the snapshot the rows are read in
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response[ROW_COUNT_HEADER] = str(rows)
    # Public exports get their caching headers from the data version
    # (http_validators.py); an editor's export from the admin is private.
    return response


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/") if request else ""


def csv_response(queryset, filename, *, bom=False, request=None):
    """A streaming CSV download of `queryset` (any model), in its order.

    With `request`, page URLs are absolute. The rows are counted first
    (X-Row-Count); then the header row leaves at once, and the rows follow
    as the database produces them.
    """
    if not filename.endswith(".csv"):
        filename += ".csv"
    blocks = csv_blocks(queryset, bom=bom, base_url=_base_url(request))
    return _download(queryset, blocks, filename, "text/csv; charset=utf-8", request)


def jsonl_response(queryset, filename, *, request=None):
    """A streaming JSON Lines download of `queryset` (any model), in its
    order; as csv_response."""
    if not filename.endswith(".jsonl"):
        filename += ".jsonl"
    blocks = jsonl_blocks(queryset, base_url=_base_url(request))
    return _download(
        queryset, blocks, filename, "application/jsonl; charset=utf-8", request
    )
