import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, Clause, Country, Pledge, SigningEvent, Topic
from agreements.models.clauses import anchor_for
from tests.factories import (
    make_agreement,
    make_citation,
    make_clause,
    make_country,
    make_event,
    make_pledge,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_expiry_is_derived_from_the_term_and_the_signing_date():
    agreement = make_agreement(signed_on=D(2024, 6, 13), term_years=10)
    assert agreement.expires_on == D(2034, 6, 13)


def test_expiry_counts_from_entry_into_force_when_later_than_signing():
    agreement = make_agreement(
        signed_on=D(2024, 2, 20), in_force_on=D(2024, 3, 4), term_years=1
    )
    assert agreement.expires_on == D(2025, 3, 4)


def test_a_term_from_29_february_ends_on_28_february():
    agreement = make_agreement(
        signed_on=D(2024, 2, 1), in_force_on=D(2024, 2, 29), term_years=1
    )
    assert agreement.expires_on == D(2025, 2, 28)


def test_time_remaining_counts_days_to_expiry():
    agreement = make_agreement(signed_on=D(2024, 6, 13), term_years=10)
    assert agreement.time_remaining(today=D(2034, 6, 3)) == 10


def test_agreement_can_have_many_parties_for_a_multilateral_declaration():
    members = [make_country() for _ in range(8)]
    declaration = make_agreement(parties=members, kind=Agreement.Kind.JOINT_DECLARATION)
    assert declaration.parties.count() == 8


def test_framework_and_related_agreements_link_both_ways():
    declaration = make_agreement(kind=Agreement.Kind.JOINT_DECLARATION)
    accord = make_agreement(framework=declaration)
    info = make_agreement(kind=Agreement.Kind.INFORMATION_SECURITY)
    accord.related.add(info)
    assert list(declaration.implementations.all()) == [accord]
    assert list(info.related.all()) == [accord]


def test_linked_to_reads_implementations_and_related_in_list_order():
    declaration = make_agreement(signed_on=D(2023, 7, 12))
    late = make_agreement(framework=declaration, signed_on=D(2024, 6, 13))
    early = make_agreement(framework=declaration, signed_on=D(2024, 1, 12))
    unsigned = make_agreement(title="Zeta")
    declaration.related.add(early, unsigned)
    make_agreement(framework=late)  # implements another agreement
    assert Agreement.objects.linked_to(declaration) == (
        [late, early],
        [early, unsigned],
    )
    assert Agreement.objects.linked_to(unsigned) == ([], [declaration])


def test_involving_finds_agreements_of_either_party():
    japan, ukraine, other = make_country(), make_country(), make_country()
    accord = make_agreement(parties=[ukraine, japan])
    make_agreement(parties=[ukraine, other])
    assert list(Agreement.objects.involving(japan)) == [accord]


def test_country_lookup_accepts_iso_code_or_slug():
    japan = make_country("Japan", iso_code="JP", slug="japan")
    assert Country.objects.lookup("jp") == japan
    assert Country.objects.lookup("japan") == japan
    assert Country.objects.lookup("nowhere") is None


def test_for_list_counts_clauses_and_keeps_the_model_ordering():
    old = make_agreement(signed_on=D(2023, 1, 1))
    new = make_agreement(signed_on=D(2024, 1, 1))
    make_clause(agreement=old)
    make_clause(agreement=old)
    rows = list(Agreement.objects.for_list())
    assert rows == [new, old]
    assert [row.clause_count for row in rows] == [0, 2]


@pytest.mark.parametrize(
    "number, anchor",
    [
        ("II.1.(5)", "clause-II-1-5"),
        ("II.2.(2)(a)", "clause-II-2-2-a"),
        ("III ¶2", "clause-III-p2"),
        ("Preamble", "clause-Preamble"),
    ],
)
def test_clause_anchor_follows_the_printed_number(number, anchor):
    assert anchor_for(number) == anchor


def test_clause_parent_must_belong_to_the_same_agreement():
    parent = make_clause()
    child = Clause(agreement=make_agreement(), parent=parent, number="1", position=1)
    with pytest.raises(ValidationError, match="another agreement"):
        child.full_clean()


def test_clause_topics_come_from_the_seeded_vocabulary():
    assert Topic.objects.filter(slug="future-armed-attack").exists()
    clause = make_clause()
    clause.topics.add(Topic.objects.get(slug="sanctions"))
    assert [t.slug for t in clause.topics.all()] == ["sanctions"]


def test_event_with_month_precision_shows_only_the_month():
    event = make_event(
        occurred_on=D(2024, 9, 1), date_precision=SigningEvent.Precision.MONTH
    )
    assert event.date_label == "September 2024"
    assert event.iso_date == "2024-09"


def test_event_with_month_precision_must_use_the_first_day():
    event = make_event()
    event.occurred_on = D(2024, 9, 9)
    event.date_precision = SigningEvent.Precision.MONTH
    with pytest.raises(ValidationError, match="first day"):
        event.full_clean()


def test_pledge_as_share_of_gdp_has_no_currency():
    pledge = make_pledge(gdp_share=Decimal("0.25"), per_year=True)
    assert "0.25% of GDP" in str(pledge)


def test_sources_can_disagree_on_one_fact():
    agreement = make_agreement()
    make_citation(agreement=agreement, field="ordinal", claim="16")
    make_citation(agreement=agreement, field="ordinal", claim="17")
    claims = set(agreement.citations.values_list("claim", flat=True))
    assert claims == {"16", "17"}


def test_every_model_has_str_and_ordering():
    from django.apps import apps

    for model in apps.get_app_config("agreements").get_models():
        assert model._meta.ordering, model
        assert model.__str__ is not object.__str__, model


@pytest.mark.parametrize(
    "precision, day, message",
    [
        ("day", D(2024, 9, 9), None),
        ("month", D(2024, 9, 1), None),
        ("month", D(2024, 9, 2), "With month or year precision, use the first day."),
        ("year", D(2024, 1, 1), None),
        ("year", D(2024, 9, 1), "With year precision, use 1 January."),
        ("year", D(2024, 1, 2), "With month or year precision, use the first day."),
    ],
)
def test_an_event_date_matches_its_precision(precision, day, message):
    event = SigningEvent(
        agreement=make_agreement(), occurred_on=day, date_precision=precision
    )
    if message is None:
        event.clean()
        return
    with pytest.raises(ValidationError) as raised:
        event.clean()
    assert raised.value.message_dict == {"occurred_on": [message]}


def test_an_event_is_shown_and_exported_at_its_precision():
    day = make_event(occurred_on=D(2024, 9, 9), date_precision="day")
    month = make_event(occurred_on=D(2024, 9, 1), date_precision="month")
    year = make_event(occurred_on=D(2024, 1, 1), date_precision="year")
    assert [e.date_label for e in (day, month, year)] == [
        "9 September 2024",
        "September 2024",
        "2024",
    ]
    assert [e.iso_date for e in (day, month, year)] == ["2024-09-09", "2024-09", "2024"]
    SigningEvent(occurred_on=None).clean()  # nothing to check without a date


def test_pledge_totals_keep_currencies_and_kinds_apart():
    donor = make_country()
    for amount, currency, kind in [
        ("100", "EUR", "new"),
        ("50", "EUR", "new"),
        ("7", "EUR", "cumulative"),
        ("3", "USD", "new"),
    ]:
        make_pledge(donor=donor, amount=Decimal(amount), currency=currency, kind=kind)
    make_pledge(donor=donor, amount=None, currency="", gdp_share=Decimal("0.25"))
    totals = list(Pledge.objects.filter(donor=donor).totals_by_currency())
    assert [
        (row["currency"], row["kind"], row["total"], row["count"]) for row in totals
    ] == [
        ("EUR", "cumulative", Decimal("7"), 1),
        ("EUR", "new", Decimal("150"), 2),
        ("USD", "new", Decimal("3"), 1),
    ]


def test_display_of_a_choice_is_its_label_and_of_anything_else_the_value():
    agreement = make_agreement(kind=Agreement.Kind.SECURITY, status="signed")
    assert agreement.get_kind_display() == Agreement.Kind.SECURITY.label
    assert agreement.get_status_display() == "Signed"
    agreement.status = "not-a-status"
    assert agreement.get_status_display() == "not-a-status"
    agreement.status = ["unhashable"]
    assert agreement.get_status_display() == "['unhashable']"  # as Django's
