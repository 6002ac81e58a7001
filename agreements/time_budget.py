"""Queries that give up past a time budget, as Datasette's facets do
(`facet_time_limit_ms`): a facet whose count would take too long is shown
without counts, and the page says so, rather than holding up the page.

The budget is enforced by the database itself, with no extra statement per
query (the per-page query counts stay as they are):

- SQLite: a progress handler, called every few thousand virtual machine
  steps, interrupts the query once the budget is spent;
- PostgreSQL: a timer asks the server to cancel the query (psycopg's
  `cancel_safe`). A lock makes sure it cancels this query or nothing: once
  the rows are in, the timer does nothing.

Only statements that read are run this way (an interrupted read leaves
nothing behind). Inside a transaction on PostgreSQL a cancelled query would
abort the caller's transaction, so there the query runs without a budget:
pages read in autocommit, and the tests of the budget do too.
"""

import threading
import time

from django.conf import settings
from django.db import OperationalError, connections

# SQLite calls the handler after this many virtual machine instructions
# (some tens of microseconds).
SQLITE_STEPS = 2_000


def within_budget(queryset, limit_ms=None):
    """The rows of `queryset` as a list, or None when reading them took more
    than `limit_ms` (default: settings.FACET_TIME_LIMIT_MS)."""
    return read_within_budget(queryset.db, lambda: list(queryset), limit_ms)


def count_within_budget(queryset, limit_ms=None):
    """queryset.count(), or None past the budget."""
    return read_within_budget(queryset.db, queryset.count, limit_ms)


def read_within_budget(using, read, limit_ms=None):
    """read() (one or more queries that only read), or None when it took
    more than `limit_ms`."""
    limit_ms = settings.FACET_TIME_LIMIT_MS if limit_ms is None else limit_ms
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return _sqlite(connection, read, limit_ms)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return _postgresql(connection, read, limit_ms)
    return read()


def _sqlite(connection, read, limit_ms):
    deadline = time.perf_counter() + limit_ms / 1000
    raw = connection.connection
    raw.set_progress_handler(lambda: time.perf_counter() > deadline, SQLITE_STEPS)
    try:
        return read()
    except OperationalError as error:
        if "interrupted" in str(error):
            return None
        raise
    finally:
        raw.set_progress_handler(None, 0)


def _postgresql(connection, read, limit_ms):
    raw = connection.connection
    lock = threading.Lock()
    state = {"done": False, "cancelled": False}

    def cancel():
        with lock:
            if not state["done"]:
                state["cancelled"] = True
                raw.cancel_safe()

    timer = threading.Timer(limit_ms / 1000, cancel)
    timer.daemon = True
    timer.start()
    try:
        return read()
    except OperationalError:
        if state["cancelled"]:
            return None
        raise
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
