from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the seed fixtures in fixtures/ (in file-name order). Safe to run "
        "again: records keep their primary keys and are updated in place."
    )

    def handle(self, *args, **options):
        fixtures = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))
        if not fixtures:
            self.stdout.write("No seed fixtures in fixtures/; nothing to load.")
            return
        call_command("loaddata", *[str(path) for path in fixtures], verbosity=0)
        self.stdout.write(f"Loaded {len(fixtures)} seed fixture file(s).")
