"""The quotes file (agreements/seed/quotes.py): each quote becomes a citation
of the fact it states, under its own source only; a claim marks a dispute,
an alternative title does not; the stored pages describe their sources.
And on the seed data, the coverage the README gives holds."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from agreements.models import Agreement, Citation, Participation, Pledge, Source
from agreements.seed import quotes
from tests.factories import (
    make_agreement,
    make_country,
    make_event,
    make_participation,
    make_person,
    make_pledge,
)

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 5, 31)
PAGE = "https://news.example/2024/05/31/signed"
OTHER = "https://other.example/report"


@pytest.fixture
def pact():
    ukraine = make_country("Ukraine", iso_code="UA")
    sweden = make_country("Sweden", iso_code="SE")
    agreement = make_agreement(
        parties=[ukraine, sweden], signed_on=SIGNED, ordinal=13, title="Pact"
    )
    event = make_event(agreement, occurred_on=SIGNED)
    zelenskyy = make_person(name="Volodymyr Zelenskyy", country=ukraine)
    kristersson = make_person(name="Ulf Kristersson", country=sweden)
    make_participation(event=event, person=zelenskyy)
    make_participation(event=event, person=kristersson)
    pledge = make_pledge(
        donor=sweden,
        recipient=ukraine,
        agreement=agreement,
        amount=Decimal("75000000000"),
        currency="SEK",
        period_start_year=2024,
        period_end_year=2026,
    )
    return {"agreement": agreement, "event": event, "pledge": pledge}


def quote(fact, text, url=PAGE, claim="", **extra):
    return {
        "partner": "Sweden",
        "partner_iso2": "SE",
        "date_signed": SIGNED.isoformat(),
        "fact": fact,
        "pledge_index": None,
        "url": url,
        "quote": text,
        "claim": claim,
        "note": "",
        **extra,
    }


def test_a_date_quote_cites_the_agreement_and_its_signing(pact):
    written, missed = quotes.attach(
        [quote("signed_on", "signed in Stockholm on 31 May 2024")], {}
    )
    assert (written, missed) == (2, 0)
    on_agreement = Citation.objects.get(agreement=pact["agreement"])
    on_event = Citation.objects.get(event=pact["event"])
    assert (on_agreement.field, on_event.field) == ("signed_on", "occurred_on")
    assert on_agreement.source.url == PAGE
    assert on_agreement.quote == "signed in Stockholm on 31 May 2024"


def test_a_signatory_quote_cites_the_person_it_names(pact):
    quotes.attach(
        [quote("partner_signatory", "Prime Minister Ulf Kristersson signed it")], {}
    )
    (citation,) = Citation.objects.filter(participation__isnull=False)
    assert citation.participation.person.name == "Ulf Kristersson"
    assert citation.participation.role == Participation.Role.SIGNATORY


def test_a_pledge_quote_cites_that_pledge_and_a_fact_not_recorded_is_counted(pact):
    written, missed = quotes.attach(
        [
            quote("pledge", "SEK 75 billion for 2024-2026", pledge_index=0),
            quote("pledge", "a second pledge nobody recorded", pledge_index=1),
        ],
        {},
    )
    assert (written, missed) == (1, 1)
    assert Citation.objects.get(pledge=pact["pledge"]).field == "amount"


def test_a_quote_stays_under_its_own_source(pact):
    quotes.attach(
        [
            quote("ordinal", "the 13th such agreement"),
            quote("term_years", "for ten years", url=OTHER),
        ],
        {},
    )
    by_source = dict(
        Citation.objects.values_list("source__url", "quote").order_by("source__url")
    )
    assert by_source == {PAGE: "the 13th such agreement", OTHER: "for ten years"}


def test_a_claim_marks_a_dispute_with_the_recorded_value_beside_it(pact):
    quotes.attach(
        [
            quote("ordinal", "the 13th such agreement"),
            quote("ordinal", "the 14th such agreement", url=OTHER, claim="14"),
        ],
        {},
    )
    claims = dict(
        Citation.objects.filter(field="ordinal").values_list("source__url", "claim")
    )
    assert claims == {PAGE: "13", OTHER: "14"}
    assert Citation.objects.disputed().count() == 2


def test_an_alternative_title_is_cited_but_not_a_dispute(pact):
    quotes.attach(
        [
            quote("title", "signed the Pact"),
            quote("title", "signed the Accord", url=OTHER, claim="Accord"),
        ],
        {},
    )
    claims = dict(
        Citation.objects.filter(field="title").values_list("source__url", "claim")
    )
    assert claims == {PAGE: "", OTHER: "Accord"}
    assert not Citation.objects.disputed().exists()


def test_the_stored_page_gives_the_source_its_title_publisher_and_date(pact):
    described = {
        PAGE: {
            "url": PAGE,
            "title": "Ukraine and Sweden sign a security agreement",
            "publisher": "News Example",
            "published_on": "2024-05-31",
            "author": "",
        }
    }
    quotes.attach([quote("signed_on", "signed on 31 May 2024")], described)
    source = Source.objects.get(url=PAGE)
    assert source.title == "Ukraine and Sweden sign a security agreement"
    assert (source.publisher, source.published_on) == (
        "News Example",
        datetime.date(2024, 5, 31),
    )
    quotes.attach([quote("place", "in Stockholm", url=OTHER)], {})
    assert Source.objects.get(url=OTHER).title.endswith("(title derived from the URL)")


def test_apply_reads_both_files(tmp_path, pact):
    (tmp_path / "quotes.jsonl").write_text(
        json.dumps(quote("place", "in Stockholm")) + "\n", encoding="utf-8"
    )
    (tmp_path / "sources.jsonl").write_text(
        json.dumps(
            {
                "url": PAGE,
                "title": "A report",
                "publisher": "",
                "published_on": "",
                "author": "",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert quotes.apply(tmp_path) == (2, 0)
    assert Source.objects.get(url=PAGE).title == "A report"


def quoted(citations):
    return any(c.quote for c in citations)


def test_the_seed_data_has_the_quote_coverage_the_readme_gives():
    call_command("load_seed", stdout=io.StringIO())
    counted = Agreement.objects.exclude(kind=Agreement.Kind.JOINT_DECLARATION)
    coverage = {}
    for name, field in [
        ("dates", "signed_on"),
        ("places", "place_signed"),
        ("ordinals", "ordinal"),
        ("terms", "term_years"),
    ]:
        having = counted.exclude(**{f"{field}__isnull": True})
        if field == "place_signed":
            having = having.exclude(place_signed="")
        with_quote = having.filter(
            citations__field=field, citations__quote__gt=""
        ).distinct()
        coverage[name] = (with_quote.count(), having.count())
    pledges = Pledge.objects.all()
    coverage["pledges"] = (
        pledges.filter(citations__field="amount", citations__quote__gt="")
        .distinct()
        .count(),
        pledges.count(),
    )
    signatories = Participation.objects.filter(role=Participation.Role.SIGNATORY)
    coverage["signatories"] = (
        signatories.filter(citations__quote__gt="").distinct().count(),
        signatories.count(),
    )
    assert coverage == {
        "dates": (31, 31),
        "places": (31, 31),
        "ordinals": (29, 29),
        "terms": (27, 27),
        "pledges": (23, 23),
        "signatories": (62, 64),
    }
