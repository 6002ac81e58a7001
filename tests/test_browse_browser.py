import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from agreements.models import Agreement, Topic
from tests.factories import make_agreement, make_clause, make_country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
vocabulary = importlib.import_module("agreements.migrations.0002_vocabulary")

CONSULTATION = (
    "In case of future armed attack by the Russian Federation against Ukraine, "
    "at the request of either of the Participants, the Participants will hold "
    "consultations within 24 hours to determine appropriate next steps."
)


@pytest.fixture
def accord():
    vocabulary.add(django_apps, None)  # transactional tests flush migration data
    japan = make_country("Japan", slug="japan")
    ukraine = make_country("Ukraine", slug="ukraine")
    make_country("Freedonia", slug="freedonia")
    accord = make_agreement(
        parties=[ukraine, japan],
        title="Accord on Support for Ukraine and Cooperation between Ukraine "
        "and the Government of Japan",
        short_title="Japan–Ukraine Accord",
        slug="japan-ukraine-accord",
        signed_on=datetime.date(2024, 6, 13),
        in_force_on=datetime.date(2024, 6, 13),
        status=Agreement.Status.IN_FORCE,
        term_years=10,
    )
    section = make_clause(
        agreement=accord,
        number="III",
        heading="Cooperation in the Event of Future Armed Attack",
        text="",
        position=1,
    )
    make_clause(
        agreement=accord, parent=section, number="III ¶1", text=CONSULTATION, position=2
    ).topics.set([Topic.objects.get(slug="future-armed-attack")])
    make_clause(
        agreement=accord,
        number="IV",
        heading="Support to Ukraine's reform agenda",
        text="Japan will support reforms.",
        position=3,
    )
    for year, status in [(2023, "signed"), (2024, "signed"), (2025, "in_force")]:
        make_agreement(
            title=f"Freedonia accord {year}",
            signed_on=datetime.date(year, 3, 1),
            status=status,
        )
    return accord


def test_reader_goes_from_home_to_japan_and_reads_the_24_hour_clause(
    page, live_server, accord
):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Countries"
    ).click()
    page.get_by_role("link", name="Japan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Japan")
    page.get_by_role("link", name=re.compile("^Accord on Support for Ukraine")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Government of Japan")
    clause = page.locator("#clause-III-p1")
    expect(clause).to_contain_text("consultations within 24 hours")
    expect(clause).to_contain_text("Future armed attack")


def test_reader_filters_agreements_by_year_and_status_and_sees_the_count_change(
    page, live_server, accord
):
    page.goto(live_server.url + "/agreements/")
    count = page.locator("#result-count")
    expect(count).to_have_text("4 agreements")
    page.get_by_label("Signed in year").fill("2024")
    page.get_by_role("button", name="Apply").click()
    expect(count).to_have_text("2 agreements")
    assert "year=2024" in page.url
    assert "q=" not in page.url  # empty filters stay out of the address
    statuses = page.get_by_role("group", name="Status")
    statuses.get_by_label(re.compile("In force")).check()
    page.get_by_role("button", name="Apply").click()
    expect(count).to_have_text("1 agreement")
    expect(
        page.get_by_role("link", name=re.compile("Government of Japan"))
    ).to_be_visible()
    page.get_by_role("link", name="Clear all").first.click()
    expect(count).to_have_text("4 agreements")


def test_reader_adds_and_removes_values_from_the_facet_blocks(
    page, live_server, accord
):
    page.goto(live_server.url + "/agreements/")
    count = page.locator("#result-count")
    facets = page.locator(".facet-blocks")
    statuses = facets.locator(".facet-block", has_text="Status")
    in_force = statuses.locator("li", has_text="In force")
    shown = in_force.locator(".facet-count").inner_text()
    in_force.get_by_role("link").click()
    expect(count).to_have_text(f"{shown} agreement" + ("" if shown == "1" else "s"))
    expect(
        page.get_by_role("group", name="Status").get_by_label(re.compile("In force"))
    ).to_be_checked()
    statuses = page.locator(".facet-block", has_text="Status")
    statuses.get_by_role("link", name=re.compile("^Signed")).click()
    assert page.url.count("status=") == 2  # in force or signed
    statuses = page.locator(".facet-block", has_text="Status")
    statuses.get_by_role("link", name=re.compile("In force.*remove")).click()
    assert page.url.count("status=") == 1
    expect(
        page.get_by_role("group", name="Status").get_by_label(re.compile("In force"))
    ).not_to_be_checked()


def test_after_apply_the_keyboard_starts_at_the_result_count(page, live_server, accord):
    page.goto(live_server.url + "/agreements/")
    expect(page.locator("#result-count")).not_to_be_focused()  # a plain visit
    page.get_by_label("Signed in year").fill("2024")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#result-count")).to_have_text("2 agreements")
    expect(page.locator("#result-count")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the results, not the header
    focused = page.evaluate("document.activeElement.closest('.results') !== null")
    assert focused
    page.reload()
    expect(page.locator("#result-count")).not_to_be_focused()


def test_reader_searches_clause_text_and_sees_highlighted_hits(
    page, live_server, accord
):
    page.goto(live_server.url + "/clauses/")
    page.get_by_label("Search clause text").fill("consultations")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#result-count")).to_have_text("1 clause")
    expect(page.locator("mark").first).to_have_text("consultations")
    page.get_by_role("link", name=re.compile(r"III ¶1")).click()
    expect(page.locator("#clause-III-p1")).to_be_in_viewport()


def test_a_clause_deep_link_opens_the_agreement_at_that_clause(
    page, live_server, accord
):
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(live_server.url + "/agreements/japan-ukraine-accord/#clause-III-p1")
    clause = page.locator("#clause-III-p1")
    expect(clause).to_be_in_viewport()
    background = clause.evaluate("node => getComputedStyle(node).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # :target style
    page.locator("#clause-IV .clause-number").click()
    assert page.url.endswith("#clause-IV")
