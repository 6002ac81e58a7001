"""Comparing agreements in Chromium: from an agreement page to the side by
side view, sorting the matrix by a provision, and a cell's cite mark
opening its quote."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from agreements.models import Citation, Coding, Provision
from tests.factories import make_agreement, make_country, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code(agreement, slug, quote, **value):
    provision = Provision.objects.get(slug=slug)
    Coding.objects.create(agreement=agreement, provision=provision, **value)
    return Citation.objects.create(
        source=make_source(title=f"Report on {agreement.title}"),
        agreement=agreement,
        field=provision.citation_field,
        quote=quote,
    )


@pytest.fixture
def pacts():
    ukraine = make_country("Ukraine")
    short = make_agreement(
        parties=[ukraine, make_country("Freedonia")],
        title="Freedonia pact",
        slug="freedonia-pact",
        signed_on=datetime.date(2024, 2, 1),
    )
    long = make_agreement(
        parties=[ukraine, make_country("Sylvania")],
        title="Sylvania pact",
        slug="sylvania-pact",
        signed_on=datetime.date(2024, 3, 1),
    )
    quote = code(short, "term", "valid for five years", number=Decimal(5))
    code(long, "term", "valid for ten years", number=Decimal(10))
    return {"short": short, "long": long, "quote": quote}


def test_compare_with_from_an_agreement_page(page, live_server, pacts):
    page.goto(live_server.url + pacts["short"].get_absolute_url())
    page.get_by_label("Compare with…").select_option("sylvania-pact")
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.locator(".result-count")).to_contain_text("side by side")
    header = page.locator("table.compare-side thead")
    expect(header).to_contain_text("Freedonia pact")
    expect(header).to_contain_text("Sylvania pact")
    term = page.locator("table.compare-side tr", has_text="Term").first
    expect(term).to_contain_text("5 years")
    expect(term).to_contain_text("10 years")


def test_sort_the_matrix_by_a_provision_and_open_a_cells_quote(
    page, live_server, pacts
):
    page.goto(live_server.url + "/compare/?provision=term")
    page.get_by_role("link", name="Term", exact=True).click()  # ascending: 5 before 10
    rows = page.locator("table.compare-matrix tbody tr")
    expect(rows.first).to_contain_text("Freedonia pact")
    page.get_by_role("link", name="Term", exact=True).click()  # descending
    expect(rows.first).to_contain_text("Sylvania pact")

    rows.last.locator("a.cite").first.click()
    quote = page.locator(f"#citation-{pacts['quote'].pk}")
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("valid for five years")
