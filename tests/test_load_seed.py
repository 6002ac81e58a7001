"""manage.py load_seed on a database seeded from older fixtures: a clear
message and nothing changed, or with --replace the new seed."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from agreements.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SOURCES = json.loads(
    Path(settings.BASE_DIR, "fixtures", "02_sources.json").read_text(encoding="utf-8")
)


def test_a_clash_with_older_seed_records_explains_itself_and_changes_nothing():
    first = SOURCES[0]["fields"]["slug"]
    # The slug of the fixtures' first source, under another primary key.
    make_source(pk=SOURCES[0]["pk"], slug="an-older-slug", title="Older")
    make_source(pk=99999, slug=first, title="From an older seed")
    with pytest.raises(CommandError) as error:
        call_command("load_seed", stdout=io.StringIO())
    assert "load_seed --replace" in str(error.value)
    assert Source.objects.count() == 2


def test_replace_loads_the_new_seed_in_place_of_the_old():
    first = SOURCES[0]["fields"]["slug"]
    make_source(pk=SOURCES[0]["pk"], slug="an-older-slug", title="Older")
    make_source(pk=99999, slug=first, title="From an older seed")
    call_command("load_seed", "--replace", stdout=io.StringIO())
    assert Source.objects.count() == len(SOURCES)
    assert not Source.objects.filter(slug="an-older-slug").exists()
