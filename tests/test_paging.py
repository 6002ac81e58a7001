"""Pages found by their keys first (agreements/paging.py) hold the rows the
list's order puts there, whatever the sort."""

import pytest
from django.http import QueryDict

from agreements.lists import PLEDGES
from agreements.models import Pledge
from tests.factories import make_country, make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges():
    donors = [make_country(name) for name in ("Zembla", "Arcadia", "Moravia")]
    recipient = make_country("Ukraine")
    for n in range(56):
        year = (2022 + n % 4) if n % 7 else None  # some with no period
        make_pledge(
            donor=donors[n % 3],
            recipient=recipient,
            period_start_year=year,
            period_end_year=year,
            amount=1_000 + n,
        )


def shown(client, **params):
    response = client.get("/pledges/", params)
    assert response.status_code == 200
    return [pledge.pk for pledge in response.context["object_list"]]


def test_each_page_holds_the_rows_of_the_list_order(client, pledges):
    ordered = list(Pledge.objects.values_list("pk", flat=True))  # Meta.ordering
    assert shown(client) == ordered[:50]
    assert shown(client, page=2) == ordered[50:]


@pytest.mark.parametrize("sort", ["-amount", "donor", "-year"])
def test_a_chosen_sort_pages_the_same_way(client, pledges, sort):
    rows = PLEDGES.filterset(QueryDict(f"sort={sort}")).qs
    ordered = list(rows.values_list("pk", flat=True))
    assert shown(client, sort=sort) == ordered[:50]
    assert shown(client, sort=sort, page=2) == ordered[50:]


def test_a_page_costs_the_same_queries_whatever_the_rows(
    client, pledges, django_assert_max_num_queries
):
    client.get("/pledges/")
    with django_assert_max_num_queries(12) as few:
        client.get("/pledges/", {"page": 2})
    for n in range(40):
        make_pledge(amount=n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pledges/", {"page": 2})
