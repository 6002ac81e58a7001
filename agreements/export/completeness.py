"""How a client tells a whole download from one cut short.

A download streams: its headers leave before its rows are read, so a
failure halfway (the database gone, a worker killed) cannot change the
status. Two things make a cut download plain to see, even through a proxy
that speaks HTTP/1.0 to the site (nginx's default), where the end of the
body is only the end of the connection:

- `X-Row-Count`: the number of rows the file holds, counted in the same
  database snapshot as the rows themselves (one REPEATABLE READ transaction
  on PostgreSQL, one read transaction on SQLite), so a client compares the
  rows it received with it;
- a failure after the headers resets the connection (TCP RST) under
  gunicorn instead of closing it: an HTTP/1.1 client misses the last chunk
  and an HTTP/1.0 client (or proxy) gets "connection reset", never a clean
  end of file. curl exits non-zero either way.
"""

import contextlib
import logging
import socket
import struct

from django.db import connections, transaction

logger = logging.getLogger(__name__)

ROW_COUNT_HEADER = "X-Row-Count"


@contextlib.contextmanager
def one_snapshot(using):
    """Every read in the block sees the database at one moment.

    Inside a transaction already (the tests, ATOMIC_REQUESTS) that one is
    used as it is: a savepoint held across the response's yields would be
    left open by a response that is never read to its end.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # SQLite: the transaction's first read fixes what it sees.
        yield


def counted(queryset, blocks, filename, request=None):
    """The number of rows of `queryset`, then the `blocks` of its file,
    read in one snapshot. On a failure after the first block, the client's
    connection is reset (see reset_connection) and the error raised."""
    with one_snapshot(queryset.db):
        yield queryset.count()
        try:
            yield from blocks
        except Exception:
            logger.exception("Export %s failed while streaming", filename)
            reset_connection(request)
            raise


def reset_connection(request):
    """Abort the client's connection with a TCP reset (SO_LINGER on, 0 s,
    then close), where the server lets the application reach it: gunicorn
    puts the socket in the WSGI environ. gunicorn's own ending after an
    error is a graceful close, a clean end of file to an HTTP/1.0 client;
    on a socket closed here it does nothing more."""
    sock = request.META.get("gunicorn.socket") if request is not None else None
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
