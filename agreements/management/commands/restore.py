from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from agreements import backup

from .backup import report


class Command(BaseCommand):
    help = (
        "Load a file written by `backup` into the database (DATABASE_URL), "
        "which must be empty: a new PostgreSQL database (createdb, not "
        "migrated) or an SQLite file that does not exist yet. --replace "
        "replaces everything an existing database holds with the backup. "
        "On PostgreSQL the restore is one transaction: if it fails, nothing "
        "changed. Prints each restored table's row count."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the tables the database already holds with the backup's.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to restore into (default: the one DATABASE_URL names).",
        )

    def handle(self, *args, path, replace, database, **options):
        try:
            summary = backup.restore(path, using=database, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path}:")
        for line in report(summary):
            self.stdout.write(line)
