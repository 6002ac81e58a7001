from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from agreements import backup
from agreements.backup.files import KINDS


def report(summary):
    """Lines for the user: each table with its rows, then the totals."""
    width = max((len(name) for name in summary.tables), default=0)
    lines = [f"  {name:<{width}}  {rows:>10,}" for name, rows in summary.tables.items()]
    lines.append(
        f"{len(summary.tables)} tables, {summary.rows:,} rows, in "
        f"{KINDS[summary.kind]} of {summary.size:,} bytes "
        f"({summary.size / 1e6:.1f} MB)."
    )
    return lines


class Command(BaseCommand):
    help = (
        "Write the whole database (every table, the edit history included) to "
        "one file: on PostgreSQL a pg_dump custom-format dump, on SQLite a copy "
        "made with SQLite's backup API, consistent while the site runs. An "
        "existing file of that name is replaced once the new one is complete. "
        "Prints each table's row count and the file's size."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write, e.g. tracker.dump.")
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to back up (default: the one DATABASE_URL names).",
        )

    def handle(self, *args, path, database, **options):
        try:
            summary = backup.backup(path, using=database)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {path}:")
        for line in report(summary):
            self.stdout.write(line)
