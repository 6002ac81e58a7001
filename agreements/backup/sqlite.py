"""SQLite backups: a copy of the database made with SQLite's backup API.

The copy is made in one step, that is in one read transaction of the
site's database: writers go on (in WAL mode) or wait for it (otherwise),
and the copy is the database as it was at one moment, never half an edit.
"""

import os
import sqlite3

from .files import SQLITE, BackupError, Summary, written_atomically


def table_rows(database):
    """{table: rows} of every table of the sqlite3 connection `database`."""
    names = [
        name
        for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in names}
    return {
        name: database.execute(f"SELECT count(*) FROM {quoted[name]}").fetchone()[0]
        for name in names
    }


class Engine:
    kind, name = SQLITE, "SQLite"

    def __init__(self, connection):
        self.connection = connection

    def _database(self):
        """The site's own sqlite3 connection (outside any transaction)."""
        if self.connection.in_atomic_block:
            raise BackupError("Run the backup outside a transaction.")
        self.connection.ensure_connection()
        return self.connection.connection

    def backup(self, path):
        source = self._database()
        with written_atomically(path) as temporary:
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)  # all pages in one step: one snapshot
                tables = table_rows(copy)
            finally:
                copy.close()
        return Summary(path, self.kind, tables, os.path.getsize(path))

    def restore(self, path, replace=False):
        try:
            backup = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise BackupError(f"Cannot open {path}: {error}.") from None
        try:
            check_backup(backup, path)
            target = self._database()
            existing = table_rows(target)
            if existing and not replace:
                raise BackupError(
                    f"The database {self.connection.settings_dict['NAME']} already "
                    f"holds {len(existing)} tables; nothing was changed. Restore "
                    "into a new, empty file (a DATABASE_URL naming a file that "
                    "does not exist yet), or pass --replace to replace everything "
                    "it holds with the backup."
                )
            # Replaces the whole database at once; other connections wait.
            backup.backup(target)
        finally:
            backup.close()
        tables = table_rows(self._database())
        return Summary(path, self.kind, tables, os.path.getsize(path))


def check_backup(backup, path):
    """BackupError unless `backup` is a sound database of this site."""
    try:
        (result,) = backup.execute("PRAGMA quick_check").fetchone()
        tables = table_rows(backup)
        (page_size,) = backup.execute("PRAGMA page_size").fetchone()
        (pages,) = backup.execute("PRAGMA page_count").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is damaged: {error}. Nothing was changed.") from None
    # A file cut within pages nothing points to passes quick_check; its
    # size no longer matches the pages its header counts.
    if os.path.getsize(path) != page_size * pages:
        raise BackupError(
            f"{path} is cut short ({os.path.getsize(path):,} bytes, where its "
            f"{pages:,} pages take {page_size * pages:,}). Nothing was changed."
        )
    if result != "ok":
        raise BackupError(f"{path} is damaged ({result}). Nothing was changed.")
    if "django_migrations" not in tables:
        raise BackupError(
            f"{path} is an SQLite database, but not one of this site "
            "(it has no django_migrations table). Nothing was changed."
        )
