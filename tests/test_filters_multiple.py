"""Several values per parameter (OR within a parameter, AND across them) and
the facet blocks whose links add or remove a value."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from agreements.models import Agreement, Country
from tests.factories import (
    make_agreement,
    make_clause,
    make_country,
    make_event,
    make_pledge,
    topics,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ukraine = make_country("Ukraine", iso_code="UA", slug="ukraine")
    japan = make_country("Japan", iso_code="JP", slug="japan")
    kingdom = make_country("United Kingdom", iso_code="GB", slug="united-kingdom")
    norway = make_country("Norway", iso_code="NO", slug="norway")
    pacts = {}
    for country, status in (
        (japan, "in_force"),
        (kingdom, "signed"),
        (norway, "signed"),
    ):
        pact = make_agreement(
            parties=[ukraine, country], title=f"{country} pact", status=status
        )
        make_pledge(
            donor=country,
            recipient=ukraine,
            agreement=pact,
            description=f"{country} aid",
        )
        make_event(pact, description=f"{country} signing")
        pacts[country.iso_code] = pact
    both = make_clause(agreement=pacts["JP"], text="Both topics.")
    both.topics.set(topics("humanitarian", "security-defence"))
    make_clause(agreement=pacts["GB"], text="Aid only.").topics.set(
        topics("humanitarian")
    )
    make_clause(agreement=pacts["NO"], text="Nothing tagged.")
    return pacts


def titles(response):
    return {str(row) for row in response.context["object_list"]}


def test_countries_combine_with_or_within_and_and_across(client, world):
    either = client.get("/agreements/", {"country": ["JP", "United Kingdom"]})
    assert titles(either) == {"Japan pact", "United Kingdom pact"}
    both = client.get(
        "/agreements/", {"country": ["JP", "United Kingdom"], "status": "signed"}
    )
    assert titles(both) == {"United Kingdom pact"}


def test_one_box_takes_countries_separated_by_commas(client, world):
    response = client.get("/agreements/", {"country": "Japan, uk"})
    assert titles(response) == {"Japan pact", "United Kingdom pact"}
    assertContains(response, 'value="Japan, uk"')  # the box shows what was sent


def test_several_donors_kinds_and_statuses(client, world):
    pledges = client.get("/pledges/", {"donor": ["JP", "GB"]})
    assert {p.description for p in pledges.context["object_list"]} == {
        "Japan aid",
        "United Kingdom aid",
    }
    statuses = client.get("/agreements/", {"status": ["signed", "in_force"]})
    assert len(titles(statuses)) == 3
    events = client.get("/events/", {"country": ["NO", "JP"]})
    assert len(events.context["object_list"]) == 2


def test_several_topics_find_each_clause_once(client, world):
    response = client.get("/clauses/", {"topic": ["humanitarian", "security-defence"]})
    texts = [clause.text for clause in response.context["object_list"]]
    assert sorted(texts) == ["Aid only.", "Both topics."]


def test_an_unknown_value_among_several_gets_the_forms_message(client, world):
    response = client.get("/agreements/", {"country": ["JP", "Freedonia"]})
    assert response.status_code == 200
    assertContains(response, "Unknown country")
    too_many = client.get("/agreements/", {"country": ["JP"] * 21})
    assertContains(too_many, "At most 20 countries at once.")
    bad_status = client.get("/agreements/", {"status": ["signed", "lost"]})
    assertContains(bad_status, "Some filters could not be used")


def test_the_export_and_the_api_take_several_values(client, world):
    body = b"".join(
        client.get("/pledges.csv", {"donor": ["JP", "GB"]}).streaming_content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert sorted(row["donor_iso_code"] for row in rows) == ["GB", "JP"]
    api = client.get("/api/agreements/", {"country": ["JP", "NO"]}).json()
    assert sorted(row["title"] for row in api["results"]) == [
        "Japan pact",
        "Norway pact",
    ]


def test_each_value_in_use_has_a_chip_that_removes_only_it(client, world):
    response = client.get("/agreements/", {"country": ["JP", "GB"]})
    chips = {value: url for _, value, url in response.context["chips"]}
    assert parse_qs(chips["JP"][1:]) == {"country": ["GB"]}
    assert parse_qs(chips["GB"][1:]) == {"country": ["JP"]}


def block(response, param):
    (found,) = [b for b in response.context["facet_blocks"] if b.param == param]
    return {link.label: link for link in found.shown + found.more}


def test_facet_links_add_a_value_or_remove_it(client, world):
    response = client.get("/agreements/", {"country": "JP"})
    parties = block(response, "country")
    assert parties["Japan"].selected
    assert parse_qs(urlsplit(parties["Japan"].url).query) == {}
    assert parse_qs(urlsplit(parties["Norway"].url).query) == {
        "country": ["japan", "norway"]
    }
    added = client.get("/agreements/" + parties["Norway"].url)
    assert titles(added) == {"Japan pact", "Norway pact"}


def test_facet_counts_follow_the_other_filters_and_not_their_own(client, world):
    response = client.get("/agreements/", {"country": "JP", "status": "signed"})
    statuses = block(response, "status")
    assert statuses["Signed"].selected
    assert statuses["In force"].count == 1  # Japan's, under country=JP
    assert "Signed" in statuses and statuses["Signed"].count == 0
    parties = block(response, "country")  # under status=signed only
    assert parties["United Kingdom"].count == 1
    assert parties["Norway"].count == 1
    assert "Japan" in parties and parties["Japan"].selected


def test_facet_blocks_show_on_every_list_with_links(client, world):
    for url in ("/agreements/", "/pledges/", "/events/", "/clauses/", "/countries/"):
        response = client.get(url)
        assert response.context["facet_blocks"], url
        assertContains(response, 'class="facet-blocks"')
    page = client.get("/pledges/").content.decode()
    assert 'href="/pledges/?donor=japan"' in page


def test_a_value_with_no_rows_is_not_offered(client, world):
    response = client.get("/agreements/")
    statuses = block(response, "status")
    assert "Terminated" not in statuses
    assertNotContains(response, "/agreements/?status=terminated")
    assert Agreement.objects.filter(status="terminated").count() == 0


def test_a_facet_shows_its_30_largest_values_and_every_chosen_one(client, world):
    ukraine = Country.objects.get(iso_code="UA")
    others = [make_country(f"Country {n:02}") for n in range(40)]
    for n, other in enumerate(others):
        make_agreement(parties=[ukraine, other], title=f"Pact {n}")
    parties = Country.objects.filter(party_links__isnull=False).distinct().count()
    response = client.get("/agreements/", {"country": [others[-1].slug, "NO"]})
    (found,) = [b for b in response.context["facet_blocks"] if b.param == "country"]
    links = found.shown + found.more
    assert len(links) == 30
    assert [link.selected for link in links[:2]] == [True, True]
    assert links[2].label == "Ukraine"  # then the most agreements first
    assert found.left_out > 0
    assertContains(response, f"and {found.left_out} more with fewer agreements")
    everything = client.get("/agreements/")
    (whole,) = [b for b in everything.context["facet_blocks"] if b.param == "country"]
    assert len(whole.shown + whole.more) == 30
    assert whole.left_out == parties - 30
