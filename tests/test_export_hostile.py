"""Every text cell of every export survives quotes, separators, line breaks,
tabs, formula characters and non-ASCII text: the parsed CSV gives back
exactly what was stored, on either database.

Each text field that reaches a CSV cell holds hostile text, slugs and
codes included (the database does not check their format), so that every
way a cell is built is covered: plain columns, columns read through an
outer join (which may be NULL), lists joined from related rows, and
addresses concatenated from pieces.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Country, Topic
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

BASE = "http://testserver"


def hostile(tag):
    """Text with a quote, the list separator, a formula character inside,
    line breaks, a tab and non-ASCII letters."""
    return f'{tag} "T" | =1+2,\r\nnext\nline\tZürich 中込正志'


def formula(tag):
    """Hostile text that a spreadsheet would run as a formula."""
    return "=" + hostile(tag)


def guarded(text):
    return "'" + text if text[:1] in "=+-@\t\r" else text


@pytest.fixture
def stored():
    """One record of each kind, every text field hostile."""
    ua = make_country(hostile("Ukraine"), slug=hostile("ua-slug"), iso_code="UA")
    org = make_country(
        formula("Union"), slug=formula("union-slug"), kind=Country.Kind.ORGANISATION
    )
    framework = make_agreement(parties=[ua, org], slug=hostile("framework-slug"))
    agreement = make_agreement(
        parties=[ua, org],
        title=hostile("title"),
        short_title=formula("short"),
        slug=hostile("agreement-slug"),
        place_signed=hostile("place"),
        languages=hostile("languages"),
        summary=formula("summary"),
        framework=framework,
        signed_on=datetime.date(2024, 6, 13),
    )
    topic = Topic.objects.create(name=hostile("topic"), slug=hostile("topic-slug"))
    clause = make_clause(
        agreement,
        number=hostile("n"),
        heading=formula("heading"),
        text=hostile("text"),
    )
    clause.topics.set([topic])
    source = make_source(
        slug=hostile("source-slug"),
        title=formula("source title"),
        publisher=hostile("publisher"),
        author=hostile("author"),
        url=hostile("https://example.org/"),
        language="xx",
        is_damaged=True,
        damage_note=hostile("damage"),
    )
    pledge = make_pledge(
        donor=org,
        recipient=ua,
        agreement=agreement,
        amount=Decimal("1000"),
        description=hostile("pledge"),
    )
    event = make_event(
        agreement,
        place=formula("event place"),
        occasion=hostile("occasion"),
        description=hostile("event"),
    )
    make_participation(
        event=event,
        person=make_person(name=hostile("Rufus"), native_name=formula("native")),
    )
    for record in {"agreement": agreement, "clause": clause, "pledge": pledge}.items():
        make_citation(source=source, **dict([record]))
    make_citation(source=source, event=event)
    return {
        "ua": ua,
        "org": org,
        "agreement": agreement,
        "framework": framework,
        "clause": clause,
        "topic": topic,
        "pledge": pledge,
        "event": event,
        "source": source,
    }


def exported(client, stem):
    response = client.get(reverse(f"agreements:{stem}-export"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text, newline="")))


def page(prefix, slug, anchor=""):
    return f"{BASE}/{prefix}/{slug}/{anchor}"


def test_agreement_cells_give_back_the_stored_text(client, stored):
    a, ua, org = stored["agreement"], stored["ua"], stored["org"]
    [row] = [row for row in exported(client, "agreement") if row["id"] == str(a.pk)]

    assert row["slug"] == a.slug
    assert row["title"] == a.title
    assert row["short_title"] == guarded(a.short_title)
    assert row["place_signed"] == a.place_signed
    assert row["languages"] == a.languages
    assert row["summary"] == guarded(a.summary)
    assert row["framework_slug"] == stored["framework"].slug
    assert row["party_slugs"] == f"{ua.slug}|{org.slug}"
    assert row["party_iso_codes"] == "UA|"
    assert row["party_names"] == f"{ua.name}|{org.name}"
    assert row["url"] == page("agreements", a.slug)
    assert row["citation_urls"] == stored["source"].url


def test_country_cells_give_back_the_stored_text(client, stored):
    rows = {row["id"]: row for row in exported(client, "country")}
    ua, org = rows[str(stored["ua"].pk)], rows[str(stored["org"].pk)]

    assert (ua["name"], ua["slug"]) == (stored["ua"].name, stored["ua"].slug)
    assert (org["name"], org["slug"]) == (
        guarded(stored["org"].name),
        guarded(stored["org"].slug),
    )
    assert org["url"] == page("countries", stored["org"].slug)


def test_clause_cells_give_back_the_stored_text(client, stored):
    clause, a = stored["clause"], stored["agreement"]
    [row] = exported(client, "clause")

    assert row["agreement_slug"] == a.slug
    assert row["agreement_title"] == a.title
    assert row["party_slugs"] == f"{stored['ua'].slug}|{stored['org'].slug}"
    assert row["number"] == clause.number
    assert row["heading"] == guarded(clause.heading)
    assert row["text"] == clause.text
    assert row["topics"] == stored["topic"].slug
    assert row["url"] == page("agreements", a.slug, f"#{clause.anchor}")
    assert row["citation_urls"] == stored["source"].url


def test_pledge_cells_give_back_the_stored_text(client, stored):
    [row] = exported(client, "pledge")

    assert row["donor_slug"] == guarded(stored["org"].slug)
    assert row["donor_iso_code"] == ""
    assert row["recipient_slug"] == stored["ua"].slug
    assert row["agreement_slug"] == stored["agreement"].slug
    assert row["description"] == stored["pledge"].description
    assert row["url"] == page(
        "agreements", stored["agreement"].slug, f"#pledge-{stored['pledge'].pk}"
    )
    assert row["citation_urls"] == stored["source"].url


def test_event_cells_give_back_the_stored_text(client, stored):
    event, a = stored["event"], stored["agreement"]
    [row] = exported(client, "event")
    person = event.people.get()

    assert row["agreement_slug"] == a.slug
    assert row["agreement_title"] == a.title
    assert row["place"] == guarded(event.place)
    assert row["occasion"] == event.occasion
    assert row["description"] == event.description
    assert row["people"] == person.name
    assert row["people_native_names"] == guarded(person.native_name)
    assert row["roles"] == "signatory"
    assert row["url"] == page("agreements", a.slug, f"#event-{event.pk}")
    assert row["citation_urls"] == stored["source"].url


def test_source_cells_give_back_the_stored_text(client, stored):
    source = stored["source"]
    [row] = [row for row in exported(client, "source") if row["id"] == str(source.pk)]

    assert row["slug"] == source.slug
    assert row["title"] == guarded(source.title)
    assert row["publisher"] == source.publisher
    assert row["author"] == source.author
    assert row["document_url"] == source.url
    assert row["language"] == "xx"
    assert row["damage_note"] == source.damage_note
    assert row["url"] == page("sources", source.slug)
