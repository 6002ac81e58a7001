"""PostgreSQL backups: pg_dump's custom format, restored by pg_restore.

The dump is taken from a snapshot that this process exports (REPEATABLE
READ), so the row counts it reports are those of the rows in the file.
The restore runs in one transaction: a file that fails halfway (cut short,
damaged) leaves the database as it was. Connection parameters come from
the Django settings; the password goes to the programs in PGPASSWORD (as
`manage.py dbshell` passes it), never on their command line.
"""

import glob
import os
import re
import shutil
import subprocess

from django.db import transaction
from django.db.backends.postgresql.client import DatabaseClient

from .files import POSTGRESQL, BackupError, Summary, written_atomically

# A table in `pg_restore --list`: "<id>; <oid> <oid> TABLE <schema> <name> <owner>"
# (its rows are "TABLE DATA").
LISTED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ", re.M)
CONNECTION_OPTIONS = (
    ("--host", "HOST"),
    ("--port", "PORT"),
    ("--username", "USER"),
    ("--dbname", "NAME"),
)


def tool(name):
    """The path of the PostgreSQL program `name` (pg_dump, pg_restore): on
    PATH, else the newest in Debian's /usr/lib/postgresql/<version>/bin;
    None when neither has it."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda path: [int(n) for n in re.findall(r"/(\d+)/", path)])
    return candidates[-1] if candidates else None


def table_rows(connection, cursor):
    """{table: rows} of every table the site's connection sees."""
    quote = connection.ops.quote_name
    rows = {}
    for name in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT count(*) FROM {quote(name)}")
        rows[name] = cursor.fetchone()[0]
    return rows


class Engine:
    kind, name = POSTGRESQL, "PostgreSQL"

    def __init__(self, connection):
        self.connection = connection

    def run(self, program, args, connect=True):
        """Run pg_dump or pg_restore (against the site's database, unless not
        `connect`); its output, or BackupError with what it said."""
        path = tool(program)
        if path is None:
            raise BackupError(
                f"{program} not found (on PATH or in /usr/lib/postgresql/*/bin): "
                "install PostgreSQL's client programs, of the server's version "
                "or newer (Debian: postgresql-client)."
            )
        settings = self.connection.settings_dict
        options = ["--no-password"] if connect else []  # never prompt (cron)
        for flag, key in CONNECTION_OPTIONS:
            if connect and settings.get(key):
                options.append(f"{flag}={settings[key]}")
        # PGPASSWORD, PGSSLMODE and the like, as dbshell sets them.
        _, secrets = DatabaseClient.settings_to_cmd_args_env(settings, [])
        result = subprocess.run(
            [path, *options, *args],
            env={**os.environ, **(secrets or {})},
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            said = result.stderr.strip() or f"exit status {result.returncode}"
            raise BackupError(f"{program} failed: {said}")
        return result.stdout

    def backup(self, path):
        if self.connection.in_atomic_block:
            raise BackupError("Run the backup outside a transaction.")
        using = self.connection.alias
        with transaction.atomic(using=using), self.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            tables = table_rows(self.connection, cursor)
            with written_atomically(path) as temporary:
                # pg_dump reads the snapshot of this transaction, still open.
                options = [f"--file={temporary}", f"--snapshot={snapshot}"]
                self.run("pg_dump", ["--format=custom", *options])
        return Summary(path, self.kind, tables, os.path.getsize(path))

    def restore(self, path, replace=False):
        try:
            listing = self.run("pg_restore", ["--list", path], connect=False)
        except BackupError as error:
            raise BackupError(
                f"{path} cannot be read as a PostgreSQL backup (cut short or "
                f"damaged?). Nothing was changed.\n{error}"
            ) from None
        in_backup = {name for _, name in LISTED_TABLE.findall(listing)}
        if "django_migrations" not in in_backup:
            raise BackupError(
                f"{path} is a PostgreSQL backup, but not one of this site (it "
                "has no django_migrations table). Nothing was changed."
            )
        existing = set(self.connection.introspection.table_names())
        database = self.connection.settings_dict["NAME"]
        if existing and not replace:
            raise BackupError(
                f"The database {database} already holds {len(existing)} tables; "
                "nothing was changed. Restore into a new, empty database "
                "(createdb, without migrating it), or pass --replace to replace "
                "the tables it holds with the backup's."
            )
        if existing - in_backup:
            extra = sorted(existing - in_backup)
            raise BackupError(
                f"The database {database} holds {len(extra)} tables the backup "
                f"does not ({', '.join(extra[:5])}{', …' if len(extra) > 5 else ''})"
                ", which --replace would leave behind; nothing was changed. "
                "Restore into a new, empty database instead."
            )
        # The restore may drop and create tables: hold no connection to them.
        self.connection.close()
        options = ["--single-transaction", "--no-owner", "--no-privileges"]
        if replace:
            options += ["--clean", "--if-exists"]
        try:
            self.run("pg_restore", [*options, path])
        except BackupError as error:
            raise BackupError(
                f"{error}\nNothing was changed: the restore is one transaction."
            ) from None
        with self.connection.cursor() as cursor:
            tables = table_rows(self.connection, cursor)
        return Summary(path, self.kind, tables, os.path.getsize(path))
