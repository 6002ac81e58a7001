"""What the lists read from the row instead of counting per request: the
clause count the database keeps, the signing and event years it derives,
and facet counts that give up past their time budget."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL

from agreements import time_budget
from agreements.models import Agreement, Clause, SigningEvent, clause_counts
from tests.factories import make_agreement, make_clause, make_event

pytestmark = pytest.mark.django_db


def count_of(agreement):
    return Agreement.objects.values_list("clause_count", flat=True).get(pk=agreement.pk)


def test_the_database_counts_clauses_however_they_are_written():
    accord, other = make_agreement(), make_agreement()
    assert count_of(accord) == 0

    first = make_clause(agreement=accord)
    make_clause(agreement=accord)
    assert count_of(accord) == 2

    Clause.objects.bulk_create(
        Clause(agreement=accord, number=f"b{n}", position=100 + n, text="x")
        for n in range(5)
    )
    assert count_of(accord) == 7

    Clause.objects.filter(pk=first.pk).update(agreement=other)
    assert (count_of(accord), count_of(other)) == (6, 1)

    Clause.objects.filter(agreement=accord, number__startswith="b").delete()
    assert count_of(accord) == 1

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO agreements_clause (agreement_id, number, position, heading,"
            " text, version) VALUES (%s, 'raw', 500, '', 'Inserted by SQL', 1)",
            [other.pk],
        )
    assert count_of(other) == 2


def test_a_stale_agreement_instance_does_not_overwrite_the_count():
    accord = make_agreement()
    loaded = Agreement.objects.get(pk=accord.pk)
    make_clause(agreement=accord)

    loaded.title = "Renamed"
    loaded.save()

    assert count_of(accord) == 1
    assert Agreement.objects.get(pk=accord.pk).title == "Renamed"


def test_installing_again_recounts_a_wrong_count():
    accord = make_agreement()
    make_clause(agreement=accord)
    Agreement.objects.filter(pk=accord.pk).update(clause_count=40)

    clause_counts.install(connection)

    assert count_of(accord) == 1
    make_clause(agreement=accord)  # still kept: installing twice is harmless
    assert count_of(accord) == 2


def test_the_list_shows_and_sorts_by_the_kept_count(client):
    many = make_agreement(title="Many")
    make_agreement(title="None")
    for _ in range(3):
        make_clause(agreement=many)

    response = client.get("/agreements/", {"sort": "-clauses"})

    rows = list(response.context["object_list"])
    assert [(a.title, a.clause_count) for a in rows] == [("Many", 3), ("None", 0)]
    notes = [note.text for note in response.context["coverage"]]
    assert "Clause text held for 1 of 2 agreements." in notes


def test_years_are_derived_from_the_dates_by_the_database():
    signed = make_agreement(signed_on=datetime.date(2023, 12, 31))
    unsigned = make_agreement(signed_on=None, status=Agreement.Status.NEGOTIATING)
    event = make_event(occurred_on=datetime.date(2025, 2, 1))

    years = dict(Agreement.objects.values_list("pk", "signed_year"))
    assert years[signed.pk] == 2023
    assert years[unsigned.pk] is None
    assert SigningEvent.objects.get(pk=event.pk).occurred_year == 2025


def test_the_year_facet_counts_the_derived_years(client):
    make_agreement(signed_on=datetime.date(2022, 5, 1))
    make_agreement(signed_on=datetime.date(2024, 1, 1))
    make_agreement(signed_on=datetime.date(2024, 12, 31))

    response = client.get("/agreements/")

    years = {f.value: f.count for f in response.context["facets"]["year"]}
    assert years == {"2024": 2, "2022": 1}


# A query that reads ten million rows: always far past a 1 ms budget.
SLOW = "SELECT count(*) FROM generate_series(1, 10000000)"
SLOW_SQLITE = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
    " WHERE i < 10000000) SELECT count(*) FROM n"
)


def slow_queryset():
    sql = SLOW_SQLITE if connection.vendor == "sqlite" else SLOW
    return Agreement.objects.annotate(slow=RawSQL(f"({sql})", [])).values("slow")


@pytest.mark.django_db(transaction=True)
def test_a_query_past_its_budget_gives_up_and_the_connection_goes_on():
    make_agreement()

    assert time_budget.within_budget(slow_queryset(), limit_ms=1) is None

    # The connection is usable at once, and a quick read is not cut.
    assert Agreement.objects.count() == 1
    rows = time_budget.within_budget(Agreement.objects.values("title"), 10_000)
    assert len(rows) == 1


def test_a_facet_past_its_budget_shows_without_counts_and_the_page_says_so(
    client, settings, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("in a test transaction PostgreSQL runs without a budget")
    # Every facet query is past a budget of 0 at its first step.
    settings.FACET_TIME_LIMIT_MS = 0
    monkeypatch.setattr(time_budget, "SQLITE_STEPS", 1)
    make_agreement()

    response = client.get("/agreements/")

    assert response.status_code == 200
    assert set(response.context["facets"].too_slow) == {
        "status",
        "kind",
        "group",
        "year",
        "country",
    }
    assert response.context["facet_blocks"] == []
    assert "took longer than 0 ms to count" in response.content.decode()
    assert len(response.context["object_list"]) == 1


def test_signings_are_counted_per_month_by_the_database():
    for day in ("2024-01-12", "2024-01-31", "2024-12-01", "2023-02-28"):
        make_agreement(signed_on=datetime.date.fromisoformat(day))
    make_agreement(signed_on=None, status=Agreement.Status.NEGOTIATING)

    rows = Agreement.objects.signings_by_month()

    assert rows == [
        {"month": datetime.date(2023, 2, 1), "count": 1},
        {"month": datetime.date(2024, 1, 1), "count": 2},
        {"month": datetime.date(2024, 12, 1), "count": 1},
    ]


def test_a_search_past_its_budget_says_so_and_shows_the_other_kinds(
    client, settings, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("in a test transaction PostgreSQL runs without a budget")
    make_agreement(title="Maritime accord")
    settings.SEARCH_TIME_LIMIT_MS = 0
    monkeypatch.setattr(time_budget, "SQLITE_STEPS", 1)

    response = client.get("/search/", {"q": "maritime"})

    assert response.status_code == 200
    groups = response.context["groups"]
    assert all(group.too_slow for group in groups)
    page = response.content.decode()
    assert "Searching the agreements took longer than 0 ms" in page
    assert 'href="/agreements/?q=maritime">Search the agreements list' in page


def test_a_count_within_budget_is_the_count():
    make_agreement()
    make_agreement()

    assert time_budget.count_within_budget(Agreement.objects.all(), 10_000) == 2


def test_every_clause_is_counted_from_the_kept_counts_and_a_filter_by_sql():
    accord, other = make_agreement(), make_agreement()
    for n in range(3):
        make_clause(agreement=accord, text=f"Clause {n}")
    make_clause(agreement=other, text="Other")
    Agreement.objects.filter(pk=other.pk).update(clause_count=10)  # kept wrong

    assert Clause.objects.count() == 13  # read from the agreements
    assert Clause.objects.filter(agreement=accord).count() == 3
    assert Clause.objects.all()[:2].count() == 2
    assert Clause.objects.none().count() == 0
    assert Clause.objects.values("agreement").annotate(n=Count("pk")).count() == 2
    listed = Clause.objects.all()
    list(listed)
    assert listed.count() == 4  # the rows read


def test_loading_the_seed_again_keeps_the_clause_counts():
    call_command("load_seed", stdout=io.StringIO())
    counted = dict(Agreement.objects.values_list("slug", "clause_count"))
    assert sum(counted.values()) == Clause.objects.filter(pk__gt=0).count() > 0

    call_command("load_seed", stdout=io.StringIO())

    assert dict(Agreement.objects.values_list("slug", "clause_count")) == counted
