"""One site search over agreements (titles, alternative titles, summaries,
places, people), clauses, pledges, events and sources, with one rule: every
word or "quoted phrase", in any order (ranked full text on PostgreSQL)."""

import datetime

import pytest
from django.apps import apps
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


@pytest.mark.parametrize(
    "text",
    ["Biden bilateral", "Fasano Norway", "Apulia U.S.-Ukraine Biden"],
    ids=["person+title", "place+party", "place+title+person"],
)
def test_the_words_of_a_search_may_each_come_from_another_part(client, world, text):
    """Each word is looked up in every part of a row's document (its own
    fields, its parties, places, people, other titles) on its own."""
    expected = [] if text == "Fasano Norway" else [str(world["accord"])]
    assert titles(client.get("/search/", {"q": text})) == expected, text


def test_words_of_a_search_found_in_different_parts_of_other_kinds(client, world):
    assert found(client.get("/search/", {"q": "drones Ukraine"}), "pledges").total == 1
    assert found(client.get("/search/", {"q": "Biden G7"}), "events").total == 1
    assert found(client.get("/search/", {"q": "Reuters pact"}), "sources").total == 1


def test_an_edit_is_found_at_once_by_its_new_words_only(world):
    """Every part of a document follows its row's writes, whoever writes
    (on PostgreSQL, columns the database generates)."""
    from agreements.models import Country, Person

    accord = world["accord"]
    Agreement.objects.filter(pk=accord.pk).update(title="Harbour pact")
    Country.objects.filter(slug="united-states").update(name="Freedonia")
    Person.objects.filter(name="Joseph R. Biden").update(name="Rufus Firefly")
    for text in ("harbour", "Freedonia", "Firefly", "Harbour Freedonia Firefly"):
        assert [a.pk for a in search_rows(Agreement, text)] == [accord.pk], text
    assert accord not in search_rows(Agreement, "Biden")  # his name was edited
    assert search_rows(Pledge, "Freedonia").count() == 1
    assert search_rows(SigningEvent, "Firefly harbour").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="web-search syntax is PostgreSQL's"
)
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"security agreement" -Norway', ["accord"]),
        ("attack -Norway", ["accord"]),
        ("attack -Biden", ["other"]),
        ('"Norway agreement" Ukraine', ["other"]),
        ('"agreement Norway"', []),
        ("Biden or Norway", ["accord", "other"]),
        ("-Biden", ["other"]),
        ("the Biden", ["accord"]),  # a stop word asks for nothing
        ("the", []),
    ],
)
def test_postgres_phrases_exclusions_and_or_match_the_whole_document(
    world, text, expected
):
    rows = search_rows(Agreement, text)
    assert sorted(a.pk for a in rows) == sorted(world[name].pk for name in expected)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's"
)
def test_postgres_search_looks_each_word_up_in_every_parts_index():
    """Migration 0028's GIN indexes serve the lookup of a word in each part
    of the documents (plain scans off, as the tables are tiny; which part
    the planner starts from in a whole search depends on the statistics)."""
    from django.contrib.postgres.search import SearchQuery

    from agreements.search import PARTS, _holding_in

    make_agreement(title="Maritime accord")
    query = SearchQuery("maritime", search_type="plain", config="english")
    lookups = {}
    for parts in PARTS.values():
        for model_name, _, link, column in parts:
            model = apps.get_model("agreements", model_name)
            holder = model._meta.get_field(link).related_model if link else model
            lookups[holder._meta.object_name, column] = holder._meta.db_table
    assert len(lookups) == 9  # every stored column of migration 0028
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for (holder, column), table in lookups.items():
            sql, params = _holding_in(holder, column, query).query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            index = f"{table.removeprefix('agreements_')}_{column}"
            assert f"Bitmap Index Scan on {index}" in plan, plan
    assert [str(a) for a in search_rows(Agreement, "maritime")] == ["Maritime accord"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_looks_words_up_in_the_full_text_indexes(world):
    """Agreements, events and pledges are searched through the FTS5
    indexes of migration 0029, an agreement's event places through the
    events' one; a word is the start of a word there, as in clauses."""
    plans = {}
    with connection.cursor() as cursor:
        for model in (Agreement, Pledge, SigningEvent):
            rows = search_rows(model, "consult").order_by().values("pk")
            sql, params = rows.query.sql_with_params()
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plans[model] = "\n".join(row[-1] for row in cursor.fetchall())
    assert "agreement_search VIRTUAL TABLE" in plans[Agreement], plans[Agreement]
    assert "event_search VIRTUAL TABLE" in plans[Agreement], plans[Agreement]
    assert "pledge_search VIRTUAL TABLE" in plans[Pledge], plans[Pledge]
    assert "event_search VIRTUAL TABLE" in plans[SigningEvent]
    assert [a.pk for a in search_rows(Agreement, "consult")] == [world["accord"].pk]
    assert list(search_rows(Agreement, "onsultations")) == []  # not a word's start
    world["accord"].delete()
    assert list(search_rows(Agreement, "consult")) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_text_index_triggers_lost_to_a_table_rebuild_are_repaired(world):
    """A migration that rebuilds a table on SQLite drops its triggers; after
    every migrate the missing ones are made again and the index rebuilt
    from the rows, edits made meanwhile included."""
    from agreements import fts

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER agreement_search_update")
    Agreement.objects.filter(pk=world["accord"].pk).update(title="Harbour pact")
    assert list(search_rows(Agreement, "harbour")) == []  # the index is stale
    assert fts.repair(connection) == ["agreement_search"]
    assert fts.repair(connection) == []
    assert [a.pk for a in search_rows(Agreement, "harbour")] == [world["accord"].pk]


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
