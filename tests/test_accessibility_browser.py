"""axe-core (the copy axe-playwright-python ships) finds no serious or
critical violation on any public page of the seeded site, in Chromium."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from agreements.lists import LISTINGS
from agreements.models import Agreement, Country, Source

pytestmark = [
    pytest.mark.browser,
    # The seed's fixtures name the vocabularies the migrations write (topics,
    # provisions) by id: with the sequences reset, the rows put back after an
    # earlier browser test's flush get those ids again (tests/conftest.py).
    pytest.mark.django_db(transaction=True, reset_sequences=True),
]

BLOCKING = {"serious", "critical"}


def blocking(page):
    """The serious and critical violations axe finds on the page."""
    found = Axe().run(page).response["violations"]
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in found
        if violation["impact"] in BLOCKING
    ]


def public_pages():
    with_text = Agreement.objects.filter(clauses__isnull=False).first()
    without_text = Agreement.objects.filter(clauses__isnull=True).first()
    pages = ["/", "/search/?q=Japan", "/disputes/", "/compare/", "/no-such-page/"]
    for listing in LISTINGS:
        pages += [listing.list_url, f"{listing.list_url}?q=attack&sort=nonsense"]
    pages += [
        "/agreements/?country=JP&country=GB&status=signed&status=in_force",
        "/agreements/?year=soon&country=Freedonia",  # the form's errors
        with_text.get_absolute_url(),
        without_text.get_absolute_url(),
        Country.objects.get(iso_code="JP").get_absolute_url(),
        Source.objects.first().get_absolute_url(),
        f"/compare/?agreement={with_text.slug}&agreement={without_text.slug}",
    ]
    return pages


def test_axe_finds_no_serious_or_critical_violation_on_public_pages(page, live_server):
    call_command("load_seed", stdout=io.StringIO())
    failures = {}
    for path in public_pages():
        page.goto(live_server.url + path)
        found = blocking(page)
        if found:
            failures[path] = found
    assert failures == {}


def test_the_check_itself_reports_a_violation(page):
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png">'
        '<a href="/"><button>nested</button></a></main></html>'
    )
    assert {rule for rule, _ in blocking(page)} >= {"image-alt"}
