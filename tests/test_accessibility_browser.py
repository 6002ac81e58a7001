"""axe-core (the copy axe-playwright-python ships) finds no serious or
critical violation on any public page of the seeded site, and the
Content-Security-Policy, enforced, blocks nothing on them or on the admin's
agreement pages, in Chromium."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connection

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
# Every violation of the page's Content-Security-Policy, as a console error.
REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => console.error("
    "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
)


def watch_console(page):
    """The page's console errors and CSP violations, as they come."""
    errors = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None,
    )
    return errors


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


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the pages' markup is the same on both databases: the SQLite run checks it",
)
def test_axe_finds_no_serious_or_critical_violation_on_public_pages(page, live_server):
    call_command("load_seed", stdout=io.StringIO())
    errors = watch_console(page)
    failures = {}
    for path in public_pages():
        page.goto(live_server.url + path)
        found = blocking(page)
        if found:
            failures[path] = found
    assert failures == {}
    page.goto(live_server.url + "/api/docs/")  # Swagger UI, from this site
    page.wait_for_load_state("networkidle")
    expected_404 = "the server responded with a status of 404"
    assert [e for e in errors if expected_404 not in e] == []


def test_the_policy_blocks_nothing_on_the_admins_agreement_pages(page, live_server):
    from tests.factories import make_agreement, make_clause, make_staff

    accord = make_agreement(title="Accord")
    make_clause(agreement=accord, text="Talks.")
    editor = make_staff("Editors", password="correct-horse-battery")
    errors = watch_console(page)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    for path in (
        f"/admin/agreements/agreement/{accord.pk}/import-text/",
        f"/admin/agreements/agreement/{accord.pk}/change/",
        "/admin/agreements/agreement/add/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Add another Clause").click()
    assert errors == []
    # The check can fail: an inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.x = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert any("CSP violation: script-src" in e for e in errors)


def test_the_check_itself_reports_a_violation(page):
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png">'
        '<a href="/"><button>nested</button></a></main></html>'
    )
    assert {rule for rule, _ in blocking(page)} >= {"image-alt"}
