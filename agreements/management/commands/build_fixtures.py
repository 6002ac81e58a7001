"""Rebuild the seed fixtures in fixtures/ from the seed documents and research.

    manage.py build_fixtures

reads the copies kept in fixtures/inputs/ (seeds/000_….txt to 004_….txt and
ukraine_security_agreements.csv); --seeds and --research read others.

It builds everything into the configured database inside a transaction
(emptying the tracker's records first, so what was there does not leak into
the output), serialises the result with stable primary keys, rolls the
transaction back, and writes fixtures/*.json (sorted, indent 2, UTF-8). The
database is left as it was; `make run` (manage.py load_seed) loads the files.
The same documents always give byte-identical files. What is built, and how,
is described in agreements/seed/build.py.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.seed import build, research

INPUTS = Path(settings.BASE_DIR, "fixtures", "inputs")


class RolledBack(Exception):
    """Raised to roll the build back once it is serialised."""


class Command(BaseCommand):
    help = (
        "Rebuild fixtures/*.json from the seed documents (--seeds DIR holding "
        "000_….txt to 004_….txt) and the research CSV (--research FILE). Builds "
        "in a transaction that is rolled back, so the database is unchanged; "
        "then load the files with `manage.py load_seed` (or `make run`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds",
            default=str(INPUTS / "seeds"),
            help="Folder of the seed texts (default: fixtures/inputs/seeds).",
        )
        parser.add_argument(
            "--research",
            dest="research_path",
            default=str(INPUTS / "ukraine_security_agreements.csv"),
            help="The research CSV (default: fixtures/inputs/…).",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR, "fixtures")),
            help="Where to write the fixture files (default: fixtures/).",
        )

    def handle(self, *args, seeds, research_path, output, **options):
        try:
            with transaction.atomic():
                counts = build.build(seeds, research_path)
                texts = build.serialise()
                raise RolledBack
        except RolledBack:
            pass
        except (FileNotFoundError, research.ImportFailure, build.BuildError) as error:
            raise CommandError(f"{error} No fixture was written.") from None
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        records = sum(len(json.loads(text)) for text in texts.values())
        self.stdout.write(
            f"Built {counts.created} agreement(s) from the research file and "
            f"{counts.quotes} citation(s) from its quotes file "
            f"({counts.unattached_quotes} quote(s) for facts not recorded); "
            f"wrote {len(texts)} fixture files ({records} records) to {folder}."
        )
