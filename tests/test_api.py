"""The JSON API: the rows of each list as its CSV has them, with JSON types;
pages, errors, JSON Lines, records, conditional requests and CORS."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements import lists
from agreements.api import pages
from agreements.models import Country, Pledge
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
    topics,
)
from tests.test_export_hostile import stored  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def api(client, name, params=None, **headers):
    return client.get(f"/api/{name}/", params or {}, **headers)


def jsonl(client, name, params=None):
    response = client.get(f"/api/{name}.jsonl", params or {})
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode()
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def csv_rows(client, listing, params=None):
    response = client.get(listing.export_url, params or {})
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def world():
    """Two agreements with a clause, a pledge and an event each; an
    organisation without an ISO code; one pledge as a share of GDP."""
    ua = make_country("Ukraine", iso_code="UA", slug="ukraine")
    jp = make_country("Japan", iso_code="JP", slug="japan")
    eu = make_country(
        "European Union", slug="european-union", kind=Country.Kind.ORGANISATION
    )
    accord = make_agreement(
        parties=[ua, jp],
        slug="ukraine-japan-2024-06-13",
        title="Accord",
        signed_on=datetime.date(2024, 6, 13),
        term_years=10,
    )
    commitments = make_agreement(
        parties=[ua, eu],
        slug="ukraine-eu-2024-06-27",
        title="Joint security commitments",
        signed_on=datetime.date(2024, 6, 27),
    )
    clause = make_clause(accord, number="II.1", position=3, text="Consult.")
    clause.topics.set(topics("future-armed-attack"))
    make_clause(commitments, number="1", position=1, text="Support.")
    pledge = make_pledge(
        donor=jp,
        recipient=ua,
        agreement=accord,
        amount=Decimal("4500000000.00"),
        currency="USD",
        period_start_year=2024,
        category=Pledge.Category.TOTAL,
    )
    make_pledge(
        donor=eu,
        recipient=ua,
        amount=None,
        currency="",
        gdp_share=Decimal("0.25"),
        per_year=True,
        period_start_year=2024,
    )
    event = make_event(accord, occurred_on=datetime.date(2024, 6, 13), place="Fasano")
    make_participation(event=event, person=make_person(name="Fumio Kishida"))
    source = make_source(slug="jiji", title="Jiji report")
    make_citation(source=source, agreement=accord, quote="signed the accord")
    make_citation(source=source, pledge=pledge, quote="4.5 billion dollars")
    return {"ua": ua, "jp": jp, "eu": eu, "accord": accord, "clause": clause}


@pytest.mark.parametrize("listing", lists.LISTINGS, ids=lambda item: item.name)
def test_every_list_gives_the_csv_rows_in_order_with_the_csv_fields(
    client, world, listing
):
    page = api(client, listing.name).json()
    exported = csv_rows(client, listing)

    assert [row["id"] for row in page["results"]] == [
        int(row["id"]) for row in exported
    ]
    assert all(list(row) == list(exported[0]) for row in page["results"])
    assert page["count"] == len(exported) > 0
    assert jsonl(client, listing.name) == page["results"]


def test_cells_have_native_json_types(client, world):
    (accord,) = api(client, "agreements", {"country": "JP"}).json()["results"]
    assert accord["id"] == world["accord"].pk
    assert accord["signed_on"] == "2024-06-13"
    assert accord["in_force_on"] is None
    assert accord["term_years"] == 10
    assert accord["ordinal"] is None
    assert accord["party_iso_codes"] == ["UA", "JP"]
    assert accord["party_names"] == ["Ukraine", "Japan"]
    assert accord["clause_count"] == 1
    assert accord["framework_slug"] is None
    assert accord["url"] == f"{BASE}/agreements/ukraine-japan-2024-06-13/"
    assert accord["api_url"] == f"{BASE}/api/agreements/ukraine-japan-2024-06-13/"

    pledges = api(client, "pledges", {"sort": "donor"}).json()["results"]
    shown = [(p["donor_slug"], p["amount"], p["gdp_share_percent"]) for p in pledges]
    assert shown == [("european-union", None, 0.25), ("japan", 4500000000.0, None)]
    assert [p["per_year"] for p in pledges] == [True, False]
    assert pledges[0]["donor_iso_code"] == ""  # an organisation has no code

    (clause,) = api(client, "clauses", {"topic": "future-armed-attack"}).json()[
        "results"
    ]
    assert clause["topics"] == ["future-armed-attack"]
    assert clause["parent_id"] is None
    assert clause["url"] == f"{BASE}/agreements/ukraine-japan-2024-06-13/#clause-II-1"
    assert clause["api_url"] == f"{BASE}/api/clauses/{world['clause'].pk}/"

    (event,) = api(client, "events").json()["results"]
    assert (event["date"], event["people"]) == ("2024-06-13", ["Fumio Kishida"])


def test_filters_and_order_are_those_of_the_list(client, world):
    params = {"country": "UA", "sort": "-signed"}
    slugs = [row["slug"] for row in api(client, "agreements", params).json()["results"]]
    assert slugs == ["ukraine-eu-2024-06-27", "ukraine-japan-2024-06-13"]
    params = {"sort": "signed"}
    slugs = [row["slug"] for row in api(client, "agreements", params).json()["results"]]
    assert slugs == ["ukraine-japan-2024-06-13", "ukraine-eu-2024-06-27"]


def test_pages_link_to_the_next_and_previous_page(client, world):
    first = api(client, "countries", {"page_size": 2, "sort": "name"}).json()
    assert first["count"] == 3
    assert [row["slug"] for row in first["results"]] == ["european-union", "japan"]
    assert first["previous"] is None
    assert first["next"] == f"{BASE}/api/countries/?page_size=2&sort=name&page=2"

    second = client.get(first["next"]).json()
    assert [row["slug"] for row in second["results"]] == ["ukraine"]
    assert second["next"] is None
    assert second["previous"] == f"{BASE}/api/countries/?page_size=2&sort=name"

    beyond = api(client, "countries", {"page": 9}).json()
    assert beyond["results"] == [] and beyond["count"] == 3
    assert beyond["previous"] == f"{BASE}/api/countries/"


def test_invalid_filters_and_pages_answer_400_naming_each_problem(client, world):
    response = api(
        client,
        "pledges",
        {"year": "soon", "category": "guns", "page": "0", "page_size": "501"},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"year", "category", "page", "page_size"}
    assert errors["year"] == ["Enter a number."]
    assert "guns" in errors["category"][0]

    too_big = api(client, "pledges", {"page_size": pages.MAX_PAGE_SIZE + 1})
    assert too_big.json() == {"errors": {"page_size": ["At most 500."]}}
    unknown = api(client, "agreements", {"country": "atlantis"})
    assert unknown.status_code == 400
    assert "Unknown country" in unknown.json()["errors"]["country"][0]

    lines = client.get("/api/events.jsonl", {"occurred_after": "soon"})
    assert lines.status_code == 400
    assert list(lines.json()["errors"]) == ["occurred_after"]
    reversed_range = api(
        client, "agreements", {"signed_after": "2024-06-01", "signed_before": "x"}
    )
    assert list(reversed_range.json()["errors"]) == ["signed_before"]


def test_page_size_is_capped_and_counted_rows_stay_whole(client, world):
    for n in range(3):
        make_source(slug=f"extra-{n}")
    response = api(client, "sources", {"page_size": pages.MAX_PAGE_SIZE}).json()
    assert (response["count"], len(response["results"])) == (4, 4)


def test_jsonl_download_names_its_filters_and_streams(client, world):
    response = client.get("/api/agreements.jsonl", {"country": "JP"})
    assert response.streaming
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert 'filename="agreements_country-JP_' in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["slug"] for row in rows] == ["ukraine-japan-2024-06-13"]


def test_an_agreement_record_holds_its_parties_clauses_pledges_events_citations(
    client, world
):
    response = client.get("/api/agreements/ukraine-japan-2024-06-13/")
    assert response.status_code == 200
    record = response.json()
    assert record["agreement"]["title"] == "Accord"
    assert [c["slug"] for c in record["parties"]] == ["ukraine", "japan"]
    assert [c["number"] for c in record["clauses"]] == ["II.1"]
    assert [p["amount"] for p in record["pledges"]] == [4500000000.0]
    assert [e["place"] for e in record["events"]] == ["Fasano"]
    assert sorted(c["quote"] for c in record["citations"]) == [
        "4.5 billion dollars",
        "signed the accord",
    ]
    (party,) = [c for c in record["parties"] if c["slug"] == "japan"]
    assert party["api_url"] == f"{BASE}/api/countries/japan/"
    assert party["url"] == f"{BASE}/countries/japan/"
    assert record["citations"][0]["source_url"] == f"{BASE}/sources/jiji/"


def test_other_records_and_missing_ones(client, world):
    country = client.get("/api/countries/japan/").json()
    assert [a["slug"] for a in country["agreements"]] == ["ukraine-japan-2024-06-13"]
    assert [p["donor_slug"] for p in country["pledges"]] == ["japan"]

    clause = client.get(f"/api/clauses/{world['clause'].pk}/").json()
    assert clause["clause"]["text"] == "Consult." and clause["citations"] == []
    source = client.get("/api/sources/jiji/").json()
    assert len(source["citations"]) == 2 and "text" in source

    for url in (
        "/api/agreements/no-such-pact/",
        "/api/clauses/abc/",
        "/api/clauses/99999999/",
        "/api/pledges/１/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "detail" in response.json()


def test_a_matching_conditional_request_gets_304_until_the_data_changes(client, world):
    first = api(client, "agreements")
    etag = first["ETag"]
    assert etag.startswith('"v')
    assert first["Last-Modified"]

    again = api(client, "agreements", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    since = api(client, "agreements", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    make_source(slug="newer")
    changed = api(client, "agreements", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_api_can_be_read_from_other_sites_and_only_the_api(client, world):
    response = api(client, "agreements", HTTP_ORIGIN="https://example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    page = client.get(lists.AGREEMENTS.list_url, HTTP_ORIGIN="https://example.net")
    assert "Access-Control-Allow-Origin" not in page
    preflight = client.options(
        "/api/agreements/",
        HTTP_ORIGIN="https://example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert client.post("/api/agreements/").status_code == 405


def test_the_index_links_every_list(client, world):
    index = client.get("/api/").json()
    assert [entry["name"] for entry in index["lists"]] == [
        listing.name for listing in lists.LISTINGS
    ]
    assert index["lists"][0]["api_url"] == f"{BASE}/api/agreements/"
    assert index["schema_url"] == f"{BASE}{reverse('api:schema')}"


def test_json_gives_back_hostile_text_exactly(client, stored):  # noqa: F811
    agreement = stored["agreement"]
    record = client.get(f"/api/agreements/{agreement.pk}/")
    assert record.status_code == 404  # agreements are addressed by slug
    rows = {row["id"]: row for row in jsonl(client, "agreements")}
    row = rows[agreement.pk]
    assert row["title"] == agreement.title
    assert row["short_title"] == agreement.short_title  # no formula guard
    assert row["summary"] == agreement.summary
    assert row["party_names"] == [stored["ua"].name, stored["org"].name]
    (clause,) = jsonl(client, "clauses")
    assert clause["number"] == stored["clause"].number
    assert clause["topics"] == [stored["topic"].slug]
    (event,) = [e for e in jsonl(client, "events") if e["id"] == stored["event"].pk]
    assert event["people"] == [stored["event"].participations.get().person.name]


def test_every_list_page_links_to_its_json_with_its_filters(client, world):
    for listing in lists.LISTINGS:
        page = client.get(listing.list_url, {"q": "a b", "page": "1"}).content.decode()
        assert f'href="/api/{listing.name}/?q=a+b"' in page, listing.name
        assert f'href="/api/{listing.name}.jsonl?q=a+b"' in page, listing.name


def test_a_list_page_asked_for_json_redirects_to_the_api(client, world):
    as_json = client.get("/agreements/", {"format": "json", "country": "JP"})
    assert (as_json.status_code, as_json["Location"]) == (
        303,
        "/api/agreements/?country=JP",
    )
    lines = client.get("/events/", {"format": "jsonl"})
    assert lines["Location"] == "/api/events.jsonl"
    accepted = client.get("/pledges/", HTTP_ACCEPT="application/json")
    assert accepted["Location"] == "/api/pledges/"
    browser = client.get(
        "/pledges/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )
    assert browser.status_code == 200
    assert client.get("/pledges/", {"format": "xml"}).status_code == 200
