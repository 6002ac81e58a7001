"""Every public filter and sort, with the expected rows written out by hand.

Each list gets a small data set with the edge cases its parameters meet:
boundaries of every date and year filter, open and missing periods, ties in
every sort (created so that the order of creation differs from the order
the tie-breakers give), organisations without ISO codes, values that differ
only in case. Each case is checked on the list page and in its CSV export,
on whichever database the run uses; the expectations are the same on both.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Agreement, Country, CountryGroup, Pledge, SigningEvent
from tests.factories import (
    make_agreement,
    make_clause,
    make_country,
    make_event,
    make_pledge,
    make_source,
    topics,
)

pytestmark = pytest.mark.django_db

D = datetime.date
# How the page and the CSV name a row of each list.
LABELS = {
    "agreement": ("slug", "slug"),
    "country": ("slug", "slug"),
    "clause": ("number", "number"),
    "pledge": ("description", "description"),
    "event": ("description", "description"),
    "source": ("slug", "slug"),
}


def shown(client, stem, params):
    """The rows of the list page and of its CSV export, by label."""
    attribute, column = LABELS[stem]
    page = client.get(reverse(f"agreements:{stem}-list"), params)
    assert page.status_code == 200
    on_page = [getattr(row, attribute) for row in page.context["object_list"]]
    export = client.get(reverse(f"agreements:{stem}-export"), params)
    if page.context["filter"].errors:  # explained on the page, and by a 400
        assert (on_page, export.status_code) == ([], 400)
        return on_page
    assert export.status_code == 200, export.content
    text = b"".join(export.streaming_content).decode()
    in_csv = [row[column] for row in csv.DictReader(io.StringIO(text, newline=""))]
    assert in_csv == on_page
    return on_page


def group(slug):
    return CountryGroup.objects.get(slug=slug)


@pytest.fixture
def countries():
    """Three states and an organisation without an ISO code."""
    freedonia = make_country("Freedonia", iso_code="FD", slug="freedonia")
    sylvania = make_country("Sylvania", iso_code="SY", slug="sylvania")
    fenwick = make_country("Fenwick", iso_code="FW", slug="fenwick")
    tomainia = make_country(
        "Union of Tomainia", slug="tomainia", kind=Country.Kind.ORGANISATION
    )
    freedonia.groups.add(group("g7"), group("nato"))
    sylvania.groups.add(group("eu"), group("nato"))
    return freedonia, sylvania, fenwick, tomainia


@pytest.fixture
def agreements(countries):
    """Zeta and Eta share a signing day (Zeta is created first, Eta sorts
    first by title); Talks has no signing date; Alpha has two clauses and
    Gamma one."""
    freedonia, sylvania, fenwick, tomainia = countries
    zeta = make_agreement(
        parties=[sylvania, freedonia],
        title="Zeta accord",
        slug="zeta",
        signed_on=D(2024, 1, 1),
        summary="Cooperation on maritime security.",
    )
    alpha = make_agreement(
        parties=[freedonia, sylvania],
        title="Alpha accord",
        short_title="Alphonse",
        slug="alpha",
        signed_on=D(2023, 12, 31),
        in_force_on=D(2024, 1, 15),
        status=Agreement.Status.IN_FORCE,
        term_years=10,
    )
    make_agreement(
        parties=[fenwick, sylvania],
        title="Eta accord",
        slug="eta",
        signed_on=D(2024, 1, 1),
        kind=Agreement.Kind.PARTNERSHIP,
    )
    gamma = make_agreement(
        parties=[tomainia, freedonia, fenwick],
        title="Gamma declaration",
        slug="gamma",
        signed_on=D(2024, 12, 31),
        status=Agreement.Status.EXPIRED,
        kind=Agreement.Kind.JOINT_DECLARATION,
    )
    make_agreement(
        parties=[sylvania, fenwick],
        title="Talks with Fenwick",
        slug="talks",
        signed_on=None,
        status=Agreement.Status.NEGOTIATING,
        kind=Agreement.Kind.OTHER,
    )
    make_clause(
        alpha,
        number="I.1",
        position=1,
        text="The Participants will consult within 24 hours after an armed attack.",
    ).topics.set(topics("security-defence", "future-armed-attack"))
    make_clause(
        alpha, number="I.2", position=2, text="Sanctions against the aggressor."
    ).topics.set(topics("sanctions"))
    make_clause(
        gamma, number="G.1", position=1, text="Maritime cooperation."
    ).topics.set(topics("maritime"))
    return zeta, alpha, gamma


EVERY_AGREEMENT = ["gamma", "eta", "zeta", "alpha", "talks"]

AGREEMENT_CASES = [
    ({}, EVERY_AGREEMENT),
    ({"q": "zeta"}, ["zeta"]),
    ({"q": "ZETA"}, ["zeta"]),
    ({"q": "alphonse"}, ["alpha"]),  # short title
    ({"q": "maritime"}, ["zeta"]),  # summary
    ({"q": "tomainia"}, ["gamma"]),  # a party's name
    ({"q": "accord"}, ["eta", "zeta", "alpha"]),
    ({"country": "FD"}, ["gamma", "zeta", "alpha"]),
    ({"country": "fd"}, ["gamma", "zeta", "alpha"]),
    ({"country": "freedonia"}, ["gamma", "zeta", "alpha"]),
    ({"country": "tomainia"}, ["gamma"]),  # an organisation, by slug
    ({"country": "Atlantis"}, []),  # unknown: the form's message, no rows
    ({"group": "g7"}, ["gamma", "zeta", "alpha"]),
    ({"group": "eu"}, ["eta", "zeta", "alpha", "talks"]),
    # Zeta and Alpha have two NATO parties each, and appear once.
    ({"group": "nato"}, EVERY_AGREEMENT),
    ({"status": "signed"}, ["eta", "zeta"]),
    ({"status": "in_force"}, ["alpha"]),
    ({"status": "expired"}, ["gamma"]),
    ({"status": "negotiating"}, ["talks"]),
    ({"status": "terminated"}, []),
    ({"kind": "security"}, ["zeta", "alpha"]),
    ({"kind": "partnership"}, ["eta"]),
    ({"kind": "joint_declaration"}, ["gamma"]),
    ({"kind": "other"}, ["talks"]),
    ({"signed_after": "2024-01-01"}, ["gamma", "eta", "zeta"]),
    ({"signed_after": "2024-01-02"}, ["gamma"]),
    ({"signed_before": "2023-12-31"}, ["alpha"]),
    ({"signed_before": "2024-01-01"}, ["eta", "zeta", "alpha"]),
    ({"signed_after": "2024-01-01", "signed_before": "2024-01-01"}, ["eta", "zeta"]),
    ({"signed_after": "2024-12-31"}, ["gamma"]),
    ({"year": "2024"}, ["gamma", "eta", "zeta"]),
    ({"year": "2023"}, ["alpha"]),
    ({"year": "2025"}, []),
    ({"country": "FD", "year": "2024"}, ["gamma", "zeta"]),
    ({"group": "g7", "status": "signed"}, ["zeta"]),
    ({"sort": "signed"}, ["alpha", "eta", "zeta", "gamma", "talks"]),
    ({"sort": "-signed"}, EVERY_AGREEMENT),
    ({"sort": "title"}, ["alpha", "eta", "gamma", "talks", "zeta"]),
    ({"sort": "-title"}, ["zeta", "talks", "gamma", "eta", "alpha"]),
    ({"sort": "status"}, ["gamma", "alpha", "talks", "eta", "zeta"]),
    ({"sort": "-status"}, ["eta", "zeta", "talks", "alpha", "gamma"]),
    ({"sort": "clauses"}, ["eta", "zeta", "talks", "gamma", "alpha"]),
    ({"sort": "-clauses"}, ["alpha", "gamma", "eta", "zeta", "talks"]),
    ({"sort": "-clauses", "country": "SY"}, ["alpha", "eta", "zeta", "talks"]),
    ({"sort": "no-such-column"}, []),
]


@pytest.mark.parametrize(("params", "expected"), AGREEMENT_CASES)
def test_agreement_filters_and_sorts_select_these_rows(
    client, agreements, params, expected
):
    assert shown(client, "agreement", params) == expected


COUNTRY_CASES = [
    ({}, ["fenwick", "freedonia", "sylvania", "tomainia"]),
    ({"q": "fre"}, ["freedonia"]),
    ({"q": "fd"}, ["freedonia"]),  # the ISO code, whole
    ({"q": "f"}, ["fenwick", "freedonia", "tomainia"]),  # names: "Union of …"
    ({"q": "TOM"}, ["tomainia"]),
    ({"group": "g7"}, ["freedonia"]),
    ({"group": "nato"}, ["freedonia", "sylvania"]),
    ({"group": "eu"}, ["sylvania"]),
    ({"kind": "state"}, ["fenwick", "freedonia", "sylvania"]),
    ({"kind": "organisation"}, ["tomainia"]),
    ({"sort": "-name"}, ["tomainia", "sylvania", "freedonia", "fenwick"]),
    # An organisation has no code: a blank, which sorts first.
    ({"sort": "iso"}, ["tomainia", "freedonia", "fenwick", "sylvania"]),
    ({"sort": "-iso"}, ["sylvania", "fenwick", "freedonia", "tomainia"]),
    # Party to 1, 3, 3 and 4 agreements: Fenwick and Freedonia tie.
    ({"sort": "agreements"}, ["tomainia", "fenwick", "freedonia", "sylvania"]),
    ({"sort": "-agreements"}, ["sylvania", "fenwick", "freedonia", "tomainia"]),
]


@pytest.mark.parametrize(("params", "expected"), COUNTRY_CASES)
def test_country_filters_and_sorts_select_these_rows(
    client, agreements, params, expected
):
    assert shown(client, "country", params) == expected


CLAUSE_CASES = [
    ({}, ["G.1", "I.1", "I.2"]),  # Gamma is the newest agreement
    ({"topic": "sanctions"}, ["I.2"]),
    ({"topic": "future-armed-attack"}, ["I.1"]),
    ({"topic": "maritime"}, ["G.1"]),
    ({"topic": "cybersecurity"}, []),
    ({"agreement": "alpha"}, ["I.1", "I.2"]),
    ({"agreement": "zeta"}, []),
    ({"country": "tomainia"}, ["G.1"]),
    ({"country": "SY"}, ["I.1", "I.2"]),
    ({"country": "fd"}, ["G.1", "I.1", "I.2"]),
    ({"q": "sanctions"}, ["I.2"]),
    ({"q": "armed attack"}, ["I.1"]),
    ({"q": "attack armed"}, ["I.1"]),  # every word, in any order
    ({"q": "maritime", "country": "SY"}, []),
    ({"topic": "sanctions", "agreement": "alpha"}, ["I.2"]),
    # Position ties between G.1 and I.1: the agreement order decides.
    ({"sort": "position"}, ["G.1", "I.1", "I.2"]),
    ({"sort": "-position"}, ["I.2", "G.1", "I.1"]),
    ({"sort": "signed"}, ["I.1", "I.2", "G.1"]),
    ({"sort": "-signed"}, ["G.1", "I.1", "I.2"]),
]


@pytest.mark.parametrize(("params", "expected"), CLAUSE_CASES)
def test_clause_filters_and_sorts_select_these_rows(
    client, agreements, params, expected
):
    assert shown(client, "clause", params) == expected


@pytest.fixture
def pledges():
    """Reverse is created first, though Range comes first among the 2024
    pledges (by donor); Open starts in 2023 and has no end; None has no
    period; Open is a share of GDP."""
    freedonia = make_country("Freedonia", iso_code="FD", slug="freedonia")
    sylvania = make_country("Sylvania", iso_code="SY", slug="sylvania")
    osterlich = make_country("Osterlich", iso_code="OS", slug="osterlich")
    freedonia.groups.add(group("g7"))
    # Announced with an agreement signed on 13 June 2024: euro figures at the
    # ECB rate of that day (ISK 149.3 = EUR 1).
    announced = make_agreement(signed_on=datetime.date(2024, 6, 13))
    eur = {"currency": "EUR", "agreement": announced}
    make_pledge(
        description="reverse",
        donor=osterlich,
        recipient=sylvania,
        amount=Decimal("3000000"),
        period_start_year=2024,
        period_end_year=2024,
        category=Pledge.Category.RECONSTRUCTION,
        **eur,
    )
    make_pledge(
        description="single",  # ISK 400 million ≈ EUR 2.68 million
        donor=sylvania,
        recipient=osterlich,
        amount=Decimal("400000000"),
        currency="ISK",
        agreement=announced,
        period_start_year=2025,
        period_end_year=2025,
        category=Pledge.Category.FINANCIAL,
    )
    make_pledge(
        description="range",
        donor=freedonia,
        recipient=osterlich,
        amount=Decimal("1000000"),
        period_start_year=2024,
        period_end_year=2026,
        **eur,
    )
    make_pledge(
        description="open",
        donor=freedonia,
        recipient=osterlich,
        gdp_share=Decimal("0.25"),
        period_start_year=2023,
        kind=Pledge.Kind.CUMULATIVE,
    )
    make_pledge(
        description="none",
        donor=sylvania,
        recipient=osterlich,
        amount=Decimal("2000000"),
        category=Pledge.Category.HUMANITARIAN,
        **eur,
    )


EVERY_PLEDGE = ["single", "range", "reverse", "open", "none"]

PLEDGE_CASES = [
    ({}, EVERY_PLEDGE),
    ({"year": "2022"}, []),
    ({"year": "2023"}, ["open"]),  # an open end covers its first year
    ({"year": "2024"}, ["range", "reverse", "open"]),  # and every year since
    ({"year": "2025"}, ["single", "range", "open"]),
    ({"year": "2026"}, ["range", "open"]),  # the last year of a period counts
    # …until this year: not a year still to come.
    ({"year": "2027"}, ["open"] if datetime.date.today().year >= 2027 else []),
    ({"donor": "FD"}, ["range", "open"]),
    ({"donor": "fd"}, ["range", "open"]),
    ({"donor": "freedonia"}, ["range", "open"]),
    ({"recipient": "OS"}, ["single", "range", "open", "none"]),
    ({"recipient": "sylvania"}, ["reverse"]),
    ({"country": "OS"}, EVERY_PLEDGE),
    ({"country": "SY"}, ["single", "reverse", "none"]),
    ({"category": "military"}, ["range", "open"]),
    ({"category": "financial"}, ["single"]),
    ({"category": "humanitarian"}, ["none"]),
    ({"category": "reconstruction"}, ["reverse"]),
    ({"category": "total"}, []),
    ({"kind": "cumulative"}, ["open"]),
    ({"kind": "new"}, ["single", "range", "reverse", "none"]),
    ({"currency": "EUR"}, ["range", "reverse", "none"]),
    ({"currency": "eur"}, ["range", "reverse", "none"]),
    ({"currency": "isk"}, ["single"]),
    ({"q": "range"}, ["range"]),
    ({"q": "OSTERLICH"}, EVERY_PLEDGE),
    ({"donor": "SY", "year": "2025"}, ["single"]),
    ({"sort": "year"}, ["open", "range", "reverse", "single", "none"]),
    ({"sort": "-year"}, EVERY_PLEDGE),
    # By the euro figure, not the raw amount (ISK 400 million is the largest
    # number); a share of GDP has none and comes last.
    ({"sort": "amount"}, ["range", "none", "single", "reverse", "open"]),
    ({"sort": "-amount"}, ["reverse", "single", "none", "range", "open"]),
    ({"sort": "donor"}, ["range", "open", "reverse", "single", "none"]),
    ({"sort": "-donor"}, ["single", "none", "reverse", "range", "open"]),
]


@pytest.mark.parametrize(("params", "expected"), PLEDGE_CASES)
def test_pledge_filters_and_sorts_select_these_rows(client, pledges, params, expected):
    assert shown(client, "pledge", params) == expected


@pytest.fixture
def events():
    """The signing of A is created before B's, which it follows by date."""
    freedonia = make_country("Freedonia", iso_code="FD", slug="freedonia")
    sylvania = make_country("Sylvania", iso_code="SY", slug="sylvania")
    fenwick = make_country("Fenwick", iso_code="FW", slug="fenwick")
    a = make_agreement(parties=[freedonia, sylvania], title="A accord", slug="a")
    b = make_agreement(parties=[fenwick, sylvania], title="B treaty", slug="b")
    kind = SigningEvent.Kind
    make_event(a, description="entry of A", kind=kind.ENTERED_INTO_FORCE,
               occurred_on=D(2024, 12, 31))  # fmt: skip
    make_event(a, description="signing of A", place="Kyiv",
               occurred_on=D(2024, 1, 1))  # fmt: skip
    make_event(b, description="signing of B", occurred_on=D(2023, 12, 31))
    make_event(b, description="talks of B", kind=kind.NEGOTIATIONS_AGREED,
               occurred_on=D(2023, 9, 1), date_precision="month",
               occasion="G7 summit")  # fmt: skip


EVERY_EVENT = ["talks of B", "signing of B", "signing of A", "entry of A"]

EVENT_CASES = [
    ({}, EVERY_EVENT),
    ({"occurred_after": "2024-01-01"}, ["signing of A", "entry of A"]),
    ({"occurred_after": "2024-01-02"}, ["entry of A"]),
    ({"occurred_after": "2024-12-31"}, ["entry of A"]),
    ({"occurred_before": "2023-12-31"}, ["talks of B", "signing of B"]),
    ({"occurred_before": "2024-01-01"}, EVERY_EVENT[:3]),
    (
        {"occurred_after": "2023-09-02", "occurred_before": "2024-12-30"},
        EVERY_EVENT[1:3],
    ),
    ({"year": "2024"}, ["signing of A", "entry of A"]),
    ({"year": "2023"}, ["talks of B", "signing of B"]),
    ({"kind": "signed"}, ["signing of B", "signing of A"]),
    ({"kind": "negotiations_agreed"}, ["talks of B"]),
    ({"country": "FD"}, ["signing of A", "entry of A"]),
    ({"country": "sylvania"}, EVERY_EVENT),
    ({"agreement": "b"}, ["talks of B", "signing of B"]),
    ({"q": "summit"}, ["talks of B"]),  # occasion
    ({"q": "KYIV"}, ["signing of A"]),  # place
    ({"q": "treaty"}, ["talks of B", "signing of B"]),  # the agreement's title
    ({"q": "entry"}, ["entry of A"]),  # description
    ({"sort": "date"}, EVERY_EVENT),
    ({"sort": "-date"}, EVERY_EVENT[::-1]),
    # Kinds in code order; the two signings tie and keep their date order.
    ({"sort": "kind"}, ["entry of A", "talks of B", "signing of B", "signing of A"]),
    ({"sort": "-kind"}, ["signing of B", "signing of A", "talks of B", "entry of A"]),
]


@pytest.mark.parametrize(("params", "expected"), EVENT_CASES)
def test_event_filters_and_sorts_select_these_rows(client, events, params, expected):
    assert shown(client, "event", params) == expected


@pytest.fixture
def sources():
    """Beta is created before Alpha, which it ties with on the date."""
    make_source(slug="beta", title="Beta bulletin", publisher="kyiv post",
                language="uk", published_on=D(2024, 2, 1))  # fmt: skip
    make_source(slug="alpha", title="Alpha report", publisher="Kyiv Post",
                author="Jane Roe", published_on=D(2024, 2, 1))  # fmt: skip
    make_source(slug="gamma", title="Gamma notes", publisher="Ministry",
                is_damaged=True, damage_note="Lines lost.")  # fmt: skip
    make_source(slug="delta", title="Dispatch", language="it",
                url="https://news.example/delta-dispatch",
                published_on=D(2023, 5, 5))  # fmt: skip


SOURCE_CASES = [
    ({}, ["alpha", "beta", "delta", "gamma"]),  # no date: last
    ({"q": "alpha"}, ["alpha"]),
    ({"q": "roe"}, ["alpha"]),  # author
    ({"q": "KYIV POST"}, ["alpha", "beta"]),  # publisher
    ({"q": "delta-dispatch"}, ["delta"]),  # address
    ({"language": "uk"}, ["beta"]),
    ({"language": "en"}, ["alpha", "gamma"]),
    ({"publisher": "Kyiv Post"}, ["alpha", "beta"]),  # any case, whole name
    ({"publisher": "kyiv"}, []),
    ({"damaged": "true"}, ["gamma"]),
    ({"damaged": "false"}, ["alpha", "beta", "delta"]),
    ({"sort": "published"}, ["delta", "alpha", "beta", "gamma"]),
    ({"sort": "-published"}, ["alpha", "beta", "delta", "gamma"]),
    ({"sort": "title"}, ["alpha", "beta", "delta", "gamma"]),
    ({"sort": "-title"}, ["gamma", "delta", "beta", "alpha"]),
]


@pytest.mark.parametrize(("params", "expected"), SOURCE_CASES)
def test_source_filters_and_sorts_select_these_rows(client, sources, params, expected):
    assert shown(client, "source", params) == expected
