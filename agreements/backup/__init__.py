"""Backups of the whole database, history included, in one file.

`backup(path)` writes the database Django is configured with (DATABASE_URL)
to one file, and `restore(path)` loads such a file into it:

- PostgreSQL: pg_dump's custom format (compressed; pg_restore reads it),
  written from one snapshot, and restored in one transaction;
- SQLite: a copy of the database file made with SQLite's backup API in one
  read transaction, so a consistent copy while the site runs.

Each returns a Summary of what the file holds (or what was restored): the
row count of every table and the file's size. Files of the wrong kind, and
restores that would mix a backup with data already there, raise BackupError
with a message saying what to do.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from . import postgres, sqlite
from .files import KINDS, BackupError, Summary, file_kind

ENGINES = {"postgresql": postgres.Engine, "sqlite": sqlite.Engine}


def engine(using=DEFAULT_DB_ALIAS):
    """The backup engine for the database `using` (one per vendor)."""
    connection = connections[using]
    if connection.vendor not in ENGINES:
        raise BackupError(
            f"Backups of {connection.vendor} databases are not supported "
            "(PostgreSQL and SQLite are)."
        )
    return ENGINES[connection.vendor](connection)


def backup(path, using=DEFAULT_DB_ALIAS):
    """Write the whole database `using` to the file `path` (replaced only
    once the new copy is complete); returns its Summary."""
    return engine(using).backup(str(path))


def restore(path, using=DEFAULT_DB_ALIAS, replace=False):
    """Load the backup at `path` into the database `using`, which must hold
    no tables unless `replace`; returns the Summary of the restored data."""
    path = str(path)
    chosen = engine(using)
    kind = file_kind(path)
    if kind != chosen.kind:
        raise BackupError(
            f"{path} is {KINDS[kind]}, but this site's database is "
            f"{chosen.name}: restore it with DATABASE_URL naming "
            f"{'a PostgreSQL' if kind == 'postgresql' else 'an SQLite'} database."
        )
    return chosen.restore(path, replace=replace)


__all__ = ["BackupError", "Summary", "backup", "file_kind", "restore"]
