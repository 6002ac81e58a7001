"""Provenance one click away, in Chromium: a cite mark opens its quote; a
disputed value links the claims; the disputes page lists them."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import make_agreement, make_citation, make_country, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED = "The agreement was signed in Kyiv on 12 January 2024."


@pytest.fixture
def pact():
    agreement = make_agreement(
        parties=[make_country("Ukraine"), make_country("Freedonia")],
        title="Agreement on Security Cooperation",
        slug="freedonia-pact",
        signed_on=datetime.date(2024, 1, 12),
        ordinal=16,
    )
    report = make_source(title="A report of the signing", publisher="Daily Example")
    other = make_source(title="Another report", publisher="Weekly Example")
    signed = make_citation(
        source=report, agreement=agreement, field="signed_on", quote=SIGNED
    )
    make_citation(
        source=report,
        agreement=agreement,
        field="ordinal",
        claim="16",
        quote="the 16th such agreement",
    )
    make_citation(
        source=other,
        agreement=agreement,
        field="ordinal",
        claim="17",
        quote="the 17th such agreement",
    )
    return {"agreement": agreement, "signed": signed}


def test_a_cite_mark_opens_its_quote_with_the_fact_in_plain_words(
    page, live_server, pact
):
    page.goto(live_server.url + pact["agreement"].get_absolute_url())
    signed_on = page.locator("dt", has_text="Signed on").locator(
        "xpath=following-sibling::dd[1]"
    )
    quote = page.locator(f"#citation-{pact['signed'].pk}")
    expect(quote).not_to_be_visible()  # the sources block starts folded

    signed_on.locator("a.cite").first.click()

    expect(page).to_have_url(
        f"{live_server.url}{pact['agreement'].get_absolute_url()}#citation-{pact['signed'].pk}"
    )
    expect(quote).to_be_visible()
    expect(quote).to_contain_text(SIGNED)
    expect(quote).to_contain_text("A report of the signing")
    fact = page.locator(f"details:has(#citation-{pact['signed'].pk}) > summary")
    expect(fact).to_contain_text("Signed on")
    expect(fact).not_to_contain_text("signed_on")


def test_a_disputed_value_leads_to_its_claims_and_the_disputes_page(
    page, live_server, pact
):
    page.goto(live_server.url + pact["agreement"].get_absolute_url())
    flag = page.locator("a.differ-flag").first
    expect(flag).to_contain_text("16")
    expect(flag).to_contain_text("17")
    flag.click()
    claims = page.locator("details[open]", has_text="the 17th such agreement")
    expect(claims).to_be_visible()

    page.goto(live_server.url + "/disputes/")
    dispute = page.locator("article.dispute")
    expect(dispute).to_have_count(1)
    expect(dispute).to_contain_text("16")
    expect(dispute).to_contain_text("17")
    dispute.get_by_role("link", name="Another report").first.click()
    expect(page.locator("h1")).to_have_text("Another report")
