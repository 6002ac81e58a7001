"""Facts that sources state differently: found by the database, listed on
/disputes/ with every claim and its sources, linked from the record's page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agreements.models import Citation
from tests.factories import (
    make_agreement,
    make_citation,
    make_country,
    make_pledge,
    make_source,
)

pytestmark = pytest.mark.django_db

DISPUTES = reverse("agreements:dispute-list")


@pytest.fixture
def disputed():
    """An ordinal stated two ways (and once without a value), a pledge
    amount stated two ways, and an agreement whose sources agree."""
    japan = make_country("Japan", slug="japan")
    ukraine = make_country("Ukraine", slug="ukraine")
    accord = make_agreement(
        parties=[ukraine, japan],
        title="Japan–Ukraine Accord",
        slug="accord",
        signed_on=datetime.date(2024, 6, 13),
        ordinal=16,
    )
    jiji, kyodo, mofa = (
        make_source(title=title) for title in ("Jiji", "Kyodo", "MOFA")
    )
    make_citation(
        source=jiji,
        agreement=accord,
        field="ordinal",
        claim="16",
        quote="the 16th such agreement",
        note="Counted by date.",
    )
    make_citation(source=kyodo, agreement=accord, field="ordinal", claim="15")
    make_citation(source=mofa, agreement=accord, field="ordinal")
    total = make_pledge(
        donor=japan,
        recipient=ukraine,
        agreement=accord,
        amount=Decimal("12000000000"),
        currency="USD",
    )
    make_citation(source=jiji, pledge=total, field="amount", claim="USD 12.1 billion")
    make_citation(source=kyodo, pledge=total, field="amount", claim="over USD 12 bn")
    agreed = make_agreement(title="Agreed pact", slug="agreed")
    for source in (jiji, kyodo):
        make_citation(source=source, agreement=agreed, field="ordinal", claim="3")
    return accord, total


def test_the_database_finds_the_citations_of_disputed_facts(disputed):
    accord, total = disputed
    found = Citation.objects.disputed()
    assert sorted(found.values_list("claim", flat=True)) == [
        "15",
        "16",
        "USD 12.1 billion",
        "over USD 12 bn",
    ]
    # A claim that only repeats another source's value is no dispute.
    assert not found.filter(agreement__slug="agreed").exists()


def test_disputes_page_lists_each_fact_once_with_its_claims_and_sources(
    client, disputed, django_assert_max_num_queries
):
    accord, total = disputed
    with django_assert_max_num_queries(3):
        response = client.get(DISPUTES)
    page = response.content.decode()
    assert 'Where sources differ <span class="count">(2)</span>' in page
    assert page.count('class="dispute"') == 2
    assertContains(response, f'id="fact-agreement-{accord.pk}-ordinal"')
    assertContains(response, f'id="fact-pledge-{total.pk}-amount"')
    assertContains(response, "Agreement · Number under its framework")
    assertContains(response, "Shown on the site: <strong>16</strong>")
    assertContains(response, '“16”</strong> — 1 source <span class="flag">the value')
    assertContains(response, "<blockquote>the 16th such agreement</blockquote>")
    assertContains(response, "Counted by date.")
    assertContains(response, "“USD 12.1 billion”")
    assertContains(response, "Shown on the site: <strong>USD 12 billion</strong>")
    assertContains(response, 'class="flag flag-unquoted">not quoted')
    assertNotContains(response, "Agreed pact")


def test_agreement_page_links_each_dispute_to_the_disputes_page(client, disputed):
    accord, total = disputed
    response = client.get(accord.get_absolute_url())
    aside = response.content.decode().split('id="differ-heading"')[1]
    aside = aside.split("</aside>")[0]
    assert f'href="{DISPUTES}#fact-agreement-{accord.pk}-ordinal"' in aside
    assert f'href="{DISPUTES}#fact-pledge-{total.pk}-amount"' in aside
    # The mark beside each value names the claims.
    assertContains(response, "sources differ: 16 or 15")
    assertContains(
        response, "sources differ on amount: USD 12.1 billion or over USD 12 bn"
    )


def test_footer_links_the_disputes_page(client, disputed):
    assertContains(client.get("/"), f'href="{DISPUTES}"')


def test_no_dispute_says_so(client):
    assertContains(client.get(DISPUTES), "No fact is disputed")
