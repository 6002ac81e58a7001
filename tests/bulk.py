"""Many long rows, quickly, for tests that need an export that takes a
while: `pledges` pledges between two countries, each with a description of
about `size` characters, written with bulk_create (no trigger keeps cells
of pledges, so this is fast). On a migrated database:

    DATABASE_URL=... python -m tests.bulk 40000 [--size 1000]
"""

import argparse
import os
import sys
from decimal import Decimal

WORDS = "the participants will cooperate on security defence and recovery".split()
PROSE = " ".join(WORDS[i * 7 % len(WORDS)] for i in range(2_000))


def text(n, size):
    """Row `n`'s text: its number, then about `size` characters of words."""
    start = n % 200
    return f"Pledge {n}. {PROSE[start : start + size]}"


def fill(pledges, size=1000):
    from agreements.models import Pledge
    from tests.factories import make_country

    donor, recipient = make_country("Freedonia"), make_country("Sylvania")
    Pledge.objects.bulk_create(
        (
            Pledge(
                donor=donor,
                recipient=recipient,
                amount=Decimal(n),
                currency="EUR",
                category=Pledge.Category.MILITARY,
                period_start_year=2000 + n % 30,
                description=text(n, size),
            )
            for n in range(1, pledges + 1)
        ),
        batch_size=2_000,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pledges", type=int)
    parser.add_argument("--size", type=int, default=1000)
    arguments = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    fill(arguments.pledges, arguments.size)


if __name__ == "__main__":
    main()
