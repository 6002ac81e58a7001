"""Euro figures of pledges: ECB reference rates from the shipped history."""

import datetime
from decimal import Decimal

import pytest

from agreements import money
from agreements.models import Pledge
from tests.factories import make_agreement, make_pledge

SATURDAY = datetime.date(2024, 2, 24)  # Italy and Canada signed; no ECB rate


def test_a_weekend_takes_the_last_rate_published_before_it():
    rate = money.ecb_rate("USD", SATURDAY)

    assert (rate.per_euro, rate.on) == (Decimal("1.0834"), datetime.date(2024, 2, 23))
    assert rate.to_euros(Decimal("1083.40")) == Decimal("1000.00")


def test_euros_are_euros_and_unquoted_currencies_have_no_rate():
    assert money.ecb_rate("EUR", SATURDAY).per_euro == 1
    assert money.ecb_rate("UAH", SATURDAY) is None
    assert money.ecb_rate("USD", None) is None
    assert "no reference rate for UAH" in money.why_no_rate("UAH", SATURDAY)
    assert "no announcement date" in money.why_no_rate("USD", None)


@pytest.mark.django_db
def test_a_pledge_is_converted_at_the_rate_of_its_agreements_signing_day():
    agreement = make_agreement(signed_on=SATURDAY)
    pledge = make_pledge(
        agreement=agreement,
        amount=Decimal("3020000000"),
        currency="CAD",
        period_start_year=2024,
        period_end_year=2025,
    )

    rate = money.ecb_rate("CAD", SATURDAY)
    assert pledge.eur_rate_date == datetime.date(2024, 2, 23)
    assert pledge.amount_eur == rate.to_euros(Decimal("3020000000"))
    assert pledge.amount_eur_per_year == (pledge.amount_eur / 2).quantize(money.CENT)


@pytest.mark.django_db
def test_a_new_signing_date_converts_the_agreements_pledges_again():
    agreement = make_agreement(signed_on=SATURDAY)
    pledge = make_pledge(agreement=agreement, amount=Decimal(10**9), currency="GBP")
    before = pledge.amount_eur

    agreement.signed_on = datetime.date(2024, 6, 13)
    agreement.save()

    pledge.refresh_from_db()
    assert pledge.eur_rate_date == datetime.date(2024, 6, 13)
    assert pledge.amount_eur != before
    assert pledge.amount_eur == money.ecb_rate("GBP", agreement.signed_on).to_euros(
        Decimal(10**9)
    )


@pytest.mark.django_db
def test_pledges_without_a_rate_say_why_and_have_no_euro_figure():
    undated = make_pledge(amount=Decimal(5), currency="USD")
    hryvnias = make_pledge(
        agreement=make_agreement(signed_on=SATURDAY), amount=Decimal(5), currency="UAH"
    )
    share = make_pledge(gdp_share=Decimal("0.25"))

    assert [p.amount_eur for p in (undated, hryvnias, share)] == [None] * 3
    assert "no announcement date" in undated.why_no_euros()
    assert "UAH" in hryvnias.why_no_euros()
    assert share.why_no_euros() == ""


@pytest.mark.django_db
def test_yearly_figures_stay_yearly_and_totals_have_none():
    agreement = make_agreement(signed_on=datetime.date(2024, 5, 31))
    yearly = make_pledge(
        agreement=agreement,
        amount=Decimal(4 * 10**9),
        currency="ISK",
        per_year=True,
        period_start_year=2024,
        period_end_year=2028,
    )
    total = make_pledge(
        agreement=agreement,
        amount=Decimal(10**9),
        currency="EUR",
        kind=Pledge.Kind.CUMULATIVE,
        period_start_year=2022,
        period_end_year=2024,
    )

    assert yearly.amount_eur_per_year == yearly.amount_eur
    assert total.amount_eur == Decimal(10**9) and total.amount_eur_per_year is None


@pytest.mark.django_db
def test_euro_sums_keep_new_money_and_running_totals_apart():
    agreement = make_agreement(signed_on=datetime.date(2024, 6, 13))
    donor = agreement.parties.first()
    for amount, kind in [(4, Pledge.Kind.NEW), (12, Pledge.Kind.CUMULATIVE)]:
        make_pledge(
            agreement=agreement,
            donor=donor,
            amount=Decimal(amount * 10**9),
            currency="EUR",
            kind=kind,
        )

    rows = {r["kind"]: r for r in Pledge.objects.filter(donor=donor).totals_in_euros()}

    assert rows["new"]["total_eur"] == Decimal(4 * 10**9)
    assert rows["cumulative"]["total_eur"] == Decimal(12 * 10**9)


@pytest.mark.django_db
def test_migration_0016_merges_a_running_total_reported_twice():
    from importlib import import_module

    from django.apps import apps

    from agreements.models import Citation
    from tests.factories import make_source

    merge = import_module("agreements.migrations.0016_merge_running_totals").merge
    agreement = make_agreement(signed_on=datetime.date(2024, 6, 13))
    donor, recipient = agreement.parties.all()[:2]
    same = {
        "agreement": agreement,
        "donor": donor,
        "recipient": recipient,
        "currency": "USD",
        "kind": Pledge.Kind.CUMULATIVE,
        "period_start_year": 2022,
    }
    over = make_pledge(amount=Decimal(12 * 10**9), qualifier="over", **same)
    exact = make_pledge(amount=Decimal("12100000000"), **same)
    later = make_pledge(
        amount=Decimal(13 * 10**9), **{**same, "period_start_year": 2023}
    )
    for pledge in (over, exact):
        Citation.objects.create(source=make_source(), pledge=pledge, quote="q")

    merge(apps, None)

    assert list(Pledge.objects.order_by("pk")) == [over, later]
    assert sorted(over.citations.values_list("claim", flat=True)) == [
        "USD 12.1 billion",
        "over USD 12 billion",
    ]
