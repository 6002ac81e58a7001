"""The JSON is the same whichever database serves it.

The PostgreSQL run also opens an SQLite database (`compare`, see
tests/dbplugin.py), loads the seed data into both and compares, list by
list, the JSON text of every row as the API renders it and of every record
(json.dumps, as the API's renderer writes it: 4500000000.0 and 4500000000
would differ here, though Python finds them equal).
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from agreements import lists
from agreements.api import pages, records
from agreements.models import CountryGroup, Provision, Topic

BASE = "https://tracker.example"
RECORDS = 12  # of each list, the first by id
FIXTURES = sorted(str(p) for p in Path(settings.BASE_DIR, "fixtures").glob("*.json"))

pytestmark = [
    pytest.mark.skipif(
        "compare" not in settings.DATABASES,
        reason="compares PostgreSQL with SQLite: runs in the PostgreSQL run",
    ),
    pytest.mark.django_db(databases=["default", "compare"]),
]


def rendered(rows):
    return [json.dumps(row, ensure_ascii=False) for row in rows]


@pytest.fixture
def seeded():
    # The vocabularies come from a data migration that writes to the
    # default database only: copy them.
    for model in (Topic, CountryGroup, Provision):
        model.objects.using("compare").all().delete()
        model.objects.using("compare").bulk_create(model.objects.order_by("pk"))
    for alias in ("default", "compare"):
        call_command("loaddata", *FIXTURES, database=alias, verbosity=0)
        with connections[alias].cursor() as cursor:
            # Statistics for the rows just loaded (PostgreSQL counts its own
            # transaction's rows): without, it plans for empty tables.
            cursor.execute("ANALYZE")
    assert {connections["default"].vendor, connections["compare"].vendor} == {
        "postgresql",
        "sqlite",
    }


def test_every_row_and_record_is_the_same_json_on_both(seeded):
    # One test, so that the seed data is loaded into each database once.
    for listing in lists.LISTINGS:
        served = {
            alias: rendered(pages.rows(listing.filterset({}).qs.using(alias), BASE))
            for alias in ("default", "compare")
        }
        assert len(served["default"]) == listing.model.objects.count() > 0
        assert served["default"] == served["compare"], listing.name
        for record in listing.model.objects.order_by("pk")[:RECORDS]:
            documents = {
                alias: json.dumps(
                    records.document(listing, record, BASE, using=alias),
                    ensure_ascii=False,
                )
                for alias in ("default", "compare")
            }
            assert documents["default"] == documents["compare"], record
