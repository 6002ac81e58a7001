"""Each database constraint, proven by attempting the bad write.

Every case checks both layers: model validation (what the admin shows) gives
the constraint's message, and the database itself refuses the row.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import (
    Agreement,
    Citation,
    Clause,
    Coding,
    Country,
    Participation,
    Party,
    Pledge,
    Provision,
    Source,
)
from tests.factories import (
    make_agreement,
    make_clause,
    make_country,
    make_event,
    make_participation,
    make_person,
    make_source,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def duplicate_coding():
    agreement = make_agreement()
    term = Provision.objects.get(slug="term")
    Coding.objects.create(agreement=agreement, provision=term, number=Decimal(10))
    return Coding(agreement=agreement, provision=term, number=Decimal(5))


def bad_country_duplicate_iso():
    make_country(iso_code="QQ")
    return Country(name="Other", slug="other", iso_code="QQ")


def bad_agreement(**fields):
    fields.setdefault("title", "Bad")
    fields.setdefault("slug", "bad")
    return Agreement(**fields)


def bad_pledge(**fields):
    fields.setdefault("donor", make_country())
    fields.setdefault("recipient", make_country())
    fields.setdefault("category", Pledge.Category.MILITARY)
    return Pledge(**fields)


def euros_without_a_rate():
    """A euro figure with no rate, as a bulk write could store it (save()
    would recompute it)."""
    pledge = bad_pledge(gdp_share=Decimal("0.25"), amount_eur=Decimal(10))
    pledge.set_euro_figures = lambda: None
    return pledge


def bad_party():
    agreement = make_agreement()
    return Party(agreement=agreement, country=agreement.parties.first())


def bad_clause(**fields):
    clause = make_clause(number="I", position=1)
    fields.setdefault("number", "II")
    fields.setdefault("position", 2)
    fields.setdefault("text", "text")
    return Clause(agreement=clause.agreement, **fields)


def clause_own_parent():
    clause = make_clause()
    clause.parent_id = clause.pk
    return clause


def duplicate_participation():
    first = make_participation()
    return Participation(event=first.event, person=first.person, role=first.role)


CASES = {
    "country_iso_code_unique": (bad_country_duplicate_iso, "already has this ISO"),
    "country_iso_code_format": (
        lambda: Country(name="X", slug="x", iso_code="jp"),
        "two capital letters",
    ),
    "country_state_has_iso_code": (
        lambda: Country(name="X", slug="x", iso_code=""),
        "needs its ISO",
    ),
    "country_organisation_has_no_iso_code": (
        lambda: Country(name="X", slug="x", kind="organisation", iso_code="EU"),
        "has no ISO country code",
    ),
    "source_has_url_or_text": (
        lambda: Source(slug="s", title="Empty"),
        "needs a URL or its text",
    ),
    "source_damage_explained": (
        lambda: Source(slug="s", title="T", text="x", is_damaged=True),
        "what is wrong",
    ),
    "agreement_signed_has_date": (
        lambda: bad_agreement(status="signed", signed_on=None),
        "needs its signing date",
    ),
    "agreement_in_force_after_signing": (
        lambda: bad_agreement(signed_on=D(2024, 6, 13), in_force_on=D(2024, 6, 1)),
        "before it is signed",
    ),
    "agreement_expires_after_signing": (
        lambda: bad_agreement(signed_on=D(2024, 6, 13), expires_on=D(2024, 1, 1)),
        "Expiry must come after signing",
    ),
    "agreement_term_positive": (
        lambda: bad_agreement(signed_on=D(2024, 6, 13), term_years=0),
        "at least one year",
    ),
    "agreement_notice_positive": (
        lambda: bad_agreement(signed_on=D(2024, 6, 13), termination_notice_months=0),
        "at least a month",
    ),
    "agreement_prevailing_language_listed": (
        lambda: bad_agreement(
            signed_on=D(2024, 6, 13), languages="uk ja", prevailing_language="en"
        ),
        "prevailing language must be one of",
    ),
    "party_once_per_agreement": (bad_party, "already a party"),
    "clause_number_unique_in_agreement": (
        lambda: bad_clause(number="I"),
        "clause number is already used",
    ),
    "clause_position_unique_in_agreement": (
        lambda: bad_clause(position=1),
        "cannot share a position",
    ),
    "clause_not_own_parent": (clause_own_parent, "cannot contain itself"),
    "clause_has_heading_or_text": (
        lambda: bad_clause(text="", heading=""),
        "needs a heading or text",
    ),
    "pledge_amount_or_gdp_share": (
        lambda: bad_pledge(amount=Decimal(5), currency="EUR", gdp_share=Decimal(1)),
        "either an amount or a share of GDP",
    ),
    "pledge_currency_with_amount": (
        lambda: bad_pledge(amount=Decimal(5), currency=""),
        "needs its currency",
    ),
    "pledge_currency_format": (
        lambda: bad_pledge(amount=Decimal(5), currency="usd"),
        "three capital letters",
    ),
    "pledge_amount_positive": (
        lambda: bad_pledge(amount=Decimal(0), currency="USD"),
        "more than zero",
    ),
    "pledge_gdp_share_range": (
        lambda: bad_pledge(gdp_share=Decimal(150)),
        "between 0 and 100 per cent",
    ),
    "pledge_period_in_order": (
        lambda: bad_pledge(
            gdp_share=Decimal("0.25"), period_start_year=2026, period_end_year=2024
        ),
        "cannot end before it starts",
    ),
    "pledge_parties_differ": (
        lambda: (lambda c: bad_pledge(donor=c, recipient=c, gdp_share=1))(
            make_country()
        ),
        "must differ",
    ),
    "pledge_eur_with_its_rate": (euros_without_a_rate, "needs an amount, its ECB rate"),
    "participation_once_per_role": (duplicate_participation, "already has this role"),
    "citation_cites_exactly_one_fact": (
        lambda: Citation(
            source=make_source(), agreement=make_agreement(), event=make_event()
        ),
        "exactly one record",
    ),
    "citation_claim_names_field": (
        lambda: Citation(source=make_source(), agreement=make_agreement(), claim="16"),
        "Name the field",
    ),
    "citation_field_fits_its_record": (
        lambda: Citation(
            source=make_source(), agreement=make_agreement(), field="signd_on"
        ),
        "Choose the fact this supports",
    ),
    "provision_number_has_a_unit": (
        lambda: Provision(slug="hours", name="Hours", value_kind="number", position=90),
        "takes a unit",
    ),
    "provision_slug_is_lower_case": (
        lambda: Provision(slug="Term", name="T", value_kind="flag", position=91),
        "lower-case letters",
    ),
    "coding_one_per_agreement_and_provision": (
        duplicate_coding,
        "already has a coding for this provision",
    ),
    "coding_has_one_value_unless_absent": (
        lambda: Coding(
            agreement=make_agreement(),
            provision=Provision.objects.get(slug="term"),
            number=Decimal(10),
            text="ten",
        ),
        "exactly one value",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_write_is_refused_with_its_message(name):
    build, message = CASES[name]
    instance = build()

    with pytest.raises(ValidationError) as raised:
        instance.validate_constraints()
    assert message in str(raised.value)

    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_every_constraint_in_the_models_has_a_case():
    names = {
        constraint.name
        for model in apps.get_app_config("agreements").get_models()
        for constraint in model._meta.constraints
    }
    assert names == set(CASES)


def test_citation_without_any_target_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=make_source(), quote="floating")


def test_organisation_without_iso_code_is_accepted():
    eu = Country.objects.create(name="Union", slug="union", kind="organisation")
    assert eu.iso_code == ""


def test_two_organisations_may_both_have_no_iso_code():
    Country.objects.create(name="Union A", slug="union-a", kind="organisation")
    Country.objects.create(name="Union B", slug="union-b", kind="organisation")
    assert Country.objects.filter(iso_code="").count() == 2


def test_person_needs_no_country():
    assert make_person(country=None).country is None
