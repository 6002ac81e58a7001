"""A country page with more records than it shows: the first rows of each
kind, how many there are in all, and a link to the list holding them."""

import pytest

from agreements import views
from tests.factories import make_agreement, make_country, make_event, make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def japan(monkeypatch):
    monkeypatch.setattr(views, "COUNTRY_PAGE_ROWS", 2)
    japan = make_country("Japan", iso_code="JP", slug="japan")
    for _ in range(3):
        agreement = make_agreement(parties=[japan, make_country()])
        make_pledge(donor=japan, agreement=agreement)
        make_event(agreement=agreement)
    return japan


def test_each_kind_shows_its_first_rows_and_how_many_in_all(client, japan):
    response = client.get("/countries/japan/")

    assert len(response.context["agreements"]) == 2
    assert len(response.context["pledges"]) == 2
    assert len(response.context["events"]) == 2
    page = response.content.decode()
    assert 'Agreements <span class="count">(3)</span>' in page
    assert "The first 2 of 3 are shown." in page
    assert "All 3 in the agreement list, to filter and export" in page
    assert 'href="/pledges/?country=japan">All 3 in the pledge list' in page
    assert 'href="/events/?country=japan">All 3 in the event list' in page


def test_a_country_with_few_records_shows_them_all_without_a_note(client):
    make_agreement(parties=[make_country("Japan", slug="japan"), make_country()])

    page = client.get("/countries/japan/").content.decode()

    assert 'Agreements <span class="count">(1)</span>' in page
    assert "The first" not in page
    assert "Filter and export these agreements" in page
