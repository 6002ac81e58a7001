"""One site search over agreements (titles, alternative titles, summaries,
places, people), clauses, pledges, events and sources, with one rule: every
word or "quoted phrase", in any order (ranked full text on PostgreSQL)."""

import datetime

import pytest
from django.db import connection
from pytest_django.asserts import assertContains

from agreements.models import Agreement, Pledge, SigningEvent, Source
from agreements.search import search_rows
from tests.factories import (
    make_agreement,
    make_citation,
    make_clause,
    make_country,
    make_event,
    make_participation,
    make_person,
    make_pledge,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ukraine = make_country("Ukraine", iso_code="UA", slug="ukraine")
    states = make_country("United States", iso_code="US", slug="united-states")
    accord = make_agreement(
        parties=[ukraine, states],
        title="Bilateral Security Agreement",
        summary="Consultations within 24 hours after an armed attack.",
        place_signed="Fasano (Apulia), Italy",
        signed_on=datetime.date(2024, 6, 13),
    )
    other = make_agreement(
        parties=[ukraine, make_country("Norway", iso_code="NO")],
        title="Norway agreement",
        summary="An attack on Ukraine; nothing about talks.",
    )
    event = make_event(accord, place="Fasano", description="Signed at the G7 summit")
    make_participation(event=event, person=make_person(name="Joseph R. Biden"))
    make_citation(
        source=make_source(title="White House fact sheet"),
        agreement=accord,
        field="title",
        claim="U.S.-Ukraine Bilateral Security Agreement",
    )
    make_clause(agreement=accord, text="The Parties will consult on an attack.")
    make_pledge(
        donor=states, recipient=ukraine, agreement=accord, description="Drones first"
    )
    make_source(title="Reuters: Biden and Zelenskiy sign pact", publisher="Reuters")
    return {"accord": accord, "other": other}


def found(response, kind):
    (group,) = [g for g in response.context["groups"] if g.listing.name == kind]
    return group


def titles(response, kind="agreements"):
    return [str(row) for row in found(response, kind).rows]


def test_agreements_need_every_word_in_any_order(client, world):
    for text in ("attack consult", "consultations attack", "armed attack"):
        response = client.get("/search/", {"q": text})
        assert titles(response) == [str(world["accord"])], text


def test_a_quoted_phrase_must_appear_as_written(client, world):
    response = client.get("/search/", {"q": '"armed attack"'})
    assert titles(response) == [str(world["accord"])]
    assert titles(client.get("/search/", {"q": '"attack armed"'})) == []


@pytest.mark.parametrize(
    "text",
    ["Biden", "Fasano", "Apulia", "U.S.-Ukraine", "United States"],
    ids=["signatory", "event place", "place signed", "alternative title", "party"],
)
def test_agreements_are_found_by_people_places_parties_and_other_titles(
    client, world, text
):
    assert str(world["accord"]) in titles(client.get("/search/", {"q": text}))


def test_every_kind_is_searched_and_grouped_with_counts(client, world):
    response = client.get("/search/", {"q": "Biden"})
    totals = {group.listing.name: group.total for group in response.context["groups"]}
    assert totals == {
        "agreements": 1,
        "clauses": 0,
        "pledges": 0,
        "events": 1,  # its participant
        "sources": 1,
    }
    assert found(client.get("/search/", {"q": "drones"}), "pledges").total == 1
    assert found(client.get("/search/", {"q": "consult attack"}), "clauses").total == 1


def test_see_all_links_open_the_filtered_list_with_the_same_count(client, world):
    response = client.get("/search/", {"q": "attack"})
    for group in response.context["groups"]:
        link = f'href="{group.listing.list_url}?q=attack"'
        if group.total:
            assertContains(response, link)
            listed = client.get(group.listing.list_url, {"q": "attack"})
            assert listed.context["result_count"] == group.total, group.listing.name


def test_the_lists_q_follows_the_same_rule(client, world):
    assert (
        client.get("/agreements/", {"q": "attack consult"}).context["result_count"] == 1
    )
    assert client.get("/events/", {"q": "Biden"}).context["result_count"] == 1
    assert client.get("/sources/", {"q": "Biden pact"}).context["result_count"] == 1


def test_search_of_hostile_text_answers_plainly(client, world):
    for text in ('"', "'; DROP TABLE x; --", "%_\\", "-", "or", '"" ""'):
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200, text


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranked full text is PostgreSQL's"
)
def test_postgres_ranks_and_stems_every_kind():
    accord = make_agreement(
        title="Consultation accord", summary="Consultations, consultations."
    )
    make_agreement(title="Accord", summary="One consultation among many words.")
    rows = list(Agreement.objects.search("consulting"))
    assert len(rows) == 2  # stemmed: consulting ~ consultation
    assert list(search_rows(Agreement, "consulting"))[0] == accord
    for model in (Pledge, SigningEvent, Source):
        assert search_rows(model, "consulting").count() == 0


def test_search_page_query_count_does_not_grow_with_the_rows(
    client, world, django_assert_max_num_queries
):
    client.get("/search/", {"q": "attack"})
    with django_assert_max_num_queries(14):
        client.get("/search/", {"q": "attack"})


@pytest.mark.parametrize("keys_at_most", [2, 10_000])
def test_a_group_counts_every_match_whether_or_not_its_keys_are_all_read(
    client, monkeypatch, keys_at_most
):
    from agreements.views import SearchGroup

    monkeypatch.setattr(SearchGroup, "KEYS_AT_MOST", keys_at_most)
    for n in range(13):
        make_agreement(title=f"Maritime accord {n}")
    response = client.get("/search/", {"q": "maritime"})
    (agreements,) = [
        g for g in response.context["groups"] if g.listing.name == "agreements"
    ]
    assert agreements.total == 13
    assert len(agreements.rows) == 10
    listed = client.get("/agreements/", {"q": "maritime"}).context["object_list"]
    assert [a.pk for a in agreements.rows] == [a.pk for a in listed][:10]
