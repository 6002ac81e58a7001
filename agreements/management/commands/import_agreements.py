"""Import agreement rows from a CSV in the research file's format.

    manage.py import_agreements path/to/file.csv [--framework SLUG]

Every row is checked before anything is written, and the rows are written in
one transaction: a bad row aborts the whole import with its row number (the
first data row is 1) and line, and the database is left as it was. Re-running
with the same file changes nothing; an edited cell updates its record. The
cell grammar and what each row writes are described in
agreements/seed/research.py.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.seed import importer, research
from agreements.seed.facts import G7_DECLARATION_SLUG


class Command(BaseCommand):
    help = (
        "Import or update agreements from a CSV in the research file's format "
        "(columns ordinal, partner, partner_iso2, date_signed, … notes). All rows "
        "are validated first and written in one transaction; a bad row aborts "
        "with its row number and reason. Safe to re-run: records are matched by "
        "partner and signing date and updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8).")
        parser.add_argument(
            "--framework",
            default=G7_DECLARATION_SLUG,
            help="Slug of the agreement that counted rows implement "
            f"(default: {G7_DECLARATION_SLUG}); ignored with a warning when absent.",
        )

    def handle(self, *args, path, framework, **options):
        try:
            rows = research.read_file(path)
            with transaction.atomic():
                counts = importer.import_rows(rows, framework)
        except research.ImportFailure as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        for warning in counts.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(
            f"Imported {len(rows)} row(s): {counts.created} created, "
            f"{counts.updated} updated, {counts.unchanged} unchanged."
        )
