from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from agreements.seed.build import wipe


class Command(BaseCommand):
    help = (
        "Load the seed fixtures in fixtures/ (in file-name order). Safe to run "
        "again on the same fixtures: records keep their primary keys and are "
        "updated in place. After the fixtures changed (a rebuilt seed numbers "
        "its records afresh), --replace deletes the tracker's records first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every tracker record (not the vocabularies, users or "
            "history) before loading: for a database seeded from older fixtures.",
        )

    def handle(self, *args, replace=False, **options):
        fixtures = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))
        if not fixtures:
            self.stdout.write("No seed fixtures in fixtures/; nothing to load.")
            return
        try:
            with transaction.atomic():
                if replace:
                    wipe()
                call_command("loaddata", *[str(path) for path in fixtures], verbosity=0)
        except IntegrityError as error:
            raise CommandError(
                "The database holds records that clash with these fixtures, "
                "most likely seeded from an earlier version of them (nothing "
                "was changed). To replace the tracker's records with the seed, "
                "run: manage.py load_seed --replace.\n"
                f"The database said: {error}"
            ) from None
        self.stdout.write(f"Loaded {len(fixtures)} seed fixture file(s).")
