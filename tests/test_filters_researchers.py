"""Filters researchers expect: groups on pledges and events, term, expiry
and "in force on" on agreements (with term and expiry as sortable
columns), and open-ended pledge periods counted for every year since."""

import datetime
from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from agreements.models import Agreement, CountryGroup, Pledge
from tests.factories import make_agreement, make_country, make_event, make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    g7 = CountryGroup.objects.get(slug="g7")
    ukraine = make_country("Ukraine", iso_code="UA")
    japan = make_country("Japan", iso_code="JP", slug="japan")
    japan.groups.add(g7)
    norway = make_country("Norway", iso_code="NO", slug="norway")
    ten = make_agreement(
        parties=[ukraine, japan],
        title="Ten-year accord",
        signed_on=datetime.date(2024, 6, 13),
        in_force_on=datetime.date(2024, 6, 13),
        status=Agreement.Status.IN_FORCE,
        term_years=10,
    )
    short = make_agreement(
        parties=[ukraine, norway],
        title="Five-year pact",
        signed_on=datetime.date(2024, 5, 31),
        term_years=5,
    )
    open_ended = make_agreement(
        parties=[ukraine, norway],
        title="Pact without term",
        signed_on=None,
        status=Agreement.Status.NEGOTIATING,
    )
    make_pledge(donor=japan, recipient=ukraine, agreement=ten, description="Japan aid")
    make_pledge(
        donor=norway, recipient=ukraine, agreement=short, description="Norway aid"
    )
    make_event(ten, description="Japan signing")
    make_event(short, description="Norway signing")
    return {"ten": ten, "short": short, "none": open_ended}


def test_pledges_by_the_donors_group(client, world):
    response = client.get("/pledges/", {"group": "g7"})
    assertContains(response, "Japan aid")
    assertNotContains(response, "Norway aid")


def test_events_by_a_partys_group(client, world):
    response = client.get("/events/", {"group": "g7"})
    assertContains(response, "Ten-year accord")  # the event's agreement
    assertNotContains(response, "Five-year pact")


def test_agreements_by_term_expiry_and_in_force_on(client, world):
    assertContains(client.get("/agreements/", {"term_years": 10}), "Ten-year accord")
    assertNotContains(client.get("/agreements/", {"term_years": 10}), "Five-year pact")
    expiring = client.get("/agreements/", {"expires_before": "2030-01-01"})
    assertContains(expiring, "Five-year pact")  # 31 May 2029
    assertNotContains(expiring, "Ten-year accord")
    in_force = client.get("/agreements/", {"in_force_on": "2025-01-01"})
    assertContains(in_force, "Ten-year accord")
    assertNotContains(in_force, "Five-year pact")  # entry into force not recorded
    before = client.get("/agreements/", {"in_force_on": "2024-01-01"})
    assertNotContains(before, "Ten-year accord")


def test_bad_term_or_date_values_get_the_forms_message(client, world):
    for params in ({"term_years": "ten"}, {"in_force_on": "soon"}, {"term_years": 0}):
        response = client.get("/agreements/", params)
        assert response.status_code == 200
        assertContains(response, "Some filters could not be used")


@pytest.mark.parametrize("order", ["term", "-term", "expires", "-expires"])
def test_term_and_expiry_sort_with_not_recorded_last(client, world, order):
    page = client.get("/agreements/", {"sort": order}).content.decode()
    ten, five, none = (
        page.index("Ten-year accord"),
        page.index("Five-year pact"),
        page.index("Pact without term"),
    )
    assert none > max(ten, five)
    assert (five < ten) == (not order.startswith("-"))


def test_an_open_ended_period_counts_for_every_year_since_its_start():
    running = make_pledge(
        amount=Decimal("12000000000"),
        currency="USD",
        kind=Pledge.Kind.CUMULATIVE,
        period_start_year=2022,
    )
    today = datetime.date(2025, 3, 1)
    for year in (2022, 2023, 2024, 2025):
        assert running in Pledge.objects.covering(year, today=today), year
    assert running not in Pledge.objects.covering(2021, today=today)
    assert running not in Pledge.objects.covering(2026, today=today)


def test_an_open_ended_period_reads_since_its_start(client):
    make_pledge(
        amount=Decimal("12000000000"),
        currency="USD",
        kind=Pledge.Kind.CUMULATIVE,
        period_start_year=2022,
        description="Running total",
    )
    response = client.get("/pledges/")
    assertContains(response, "since 2022")
    current = client.get("/pledges/", {"year": datetime.date.today().year})
    assertContains(current, "Running total")
