"""Provisions coded with evidence: the model's rules (one value per agreement
and provision, the value its kind takes, absent only where the text is
held), the admin rows that carry their citation, /compare/ and its CSV, and
where the codings reach (agreement, country and clause pages)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agreements.admin.provisions import CodingForm
from agreements.models import Citation, Coding, Provision
from tests.factories import make_agreement, make_clause, make_country, make_source

pytestmark = pytest.mark.django_db

COMPARE = reverse("agreements:compare")
EXPORT = reverse("agreements:compare-export")


def provision(slug):
    return Provision.objects.get(slug=slug)


def coded(agreement, slug, quote="", **value):
    """A coding with its citation, as the seed and the admin write them."""
    chosen = provision(slug)
    coding = Coding(agreement=agreement, provision=chosen, **value)
    coding.full_clean()
    coding.save()
    Citation.objects.create(
        source=make_source(),
        agreement=agreement,
        field=chosen.citation_field,
        quote=quote or f"the text on {slug}",
    )
    return coding


@pytest.fixture
def pacts():
    ukraine = make_country("Ukraine", iso_code="UA")
    japan = make_country("Japan", iso_code="JP", slug="japan")
    norway = make_country("Norway", iso_code="NO", slug="norway")
    accord = make_agreement(
        parties=[ukraine, japan],
        title="Accord with Japan",
        slug="accord-japan",
        signed_on=datetime.date(2024, 6, 13),
    )
    clause = make_clause(accord, number="X ¶1", text="valid for ten years")
    term = coded(accord, "term", number=Decimal(10), quote="valid for ten years")
    term.clauses.set([clause])
    coded(accord, "ends-on-nato-accession", status=Coding.Status.ABSENT)
    coded(
        accord,
        "first-year-money",
        amount=Decimal("4500000000"),
        currency="USD",
    )
    agreement = make_agreement(
        parties=[ukraine, norway],
        title="Agreement with Norway",
        slug="agreement-norway",
        signed_on=datetime.date(2024, 5, 31),
    )
    coded(agreement, "term", number=Decimal(10))
    coded(
        agreement,
        "first-year-money",
        amount=Decimal("6000000000"),
        currency="NOK",
    )
    return {"accord": accord, "norway": agreement, "clause": clause}


# The model's rules


def test_the_vocabulary_has_every_provision_the_issue_names():
    slugs = set(Provision.objects.values_list("slug", flat=True))
    assert {
        "term",
        "extension",
        "ends-on-nato-accession",
        "armed-attack-consultations",
        "termination-notice",
        "legal-form",
        "first-year-money",
        "multi-year-money",
        "military-support",
        "defence-industrial",
        "intelligence-sharing",
        "cyber",
        "sanctions",
        "frozen-assets",
        "accountability-tribunal",
        "recovery-reconstruction",
        "eu-accession-support",
        "nato-accession-support",
        "reciprocity",
    } <= slugs
    assert provision("term").unit == "years"


def test_one_coding_per_agreement_and_provision(pacts):
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(
            agreement=pacts["accord"], provision=provision("term"), number=5
        )


@pytest.mark.parametrize(
    "values",
    [
        {"number": Decimal(10), "text": "ten"},  # two values
        {},  # provided with none
        {"status": "absent", "number": Decimal(10)},  # absent with one
        {"amount": Decimal(5)},  # money without its currency
    ],
)
def test_the_database_refuses_a_coding_without_exactly_one_value(pacts, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(
            agreement=pacts["norway"], provision=provision("extension"), **values
        )


def test_a_number_provision_needs_a_unit():
    with pytest.raises(IntegrityError), transaction.atomic():
        Provision.objects.create(
            slug="hours-later", name="Hours", value_kind="number", position=99
        )


def test_a_value_of_the_wrong_kind_is_explained(pacts):
    coding = Coding(
        agreement=pacts["norway"], provision=provision("extension"), number=3
    )
    with pytest.raises(ValidationError) as error:
        coding.full_clean()
    assert "takes yes or no: fill in flag only" in str(error.value)


def test_absent_needs_the_text_held(pacts):
    silent = Coding(
        agreement=pacts["norway"],
        provision=provision("ends-on-nato-accession"),
        status=Coding.Status.ABSENT,
    )
    with pytest.raises(ValidationError) as error:
        silent.full_clean()
    assert "Leave the provision not coded instead" in str(error.value)
    read = Coding(
        agreement=pacts["accord"],
        provision=provision("extension"),
        status=Coding.Status.ABSENT,
    )
    read.full_clean()  # the accord's text is held: absent can be said


def test_an_amount_carries_its_euro_equivalent_at_the_signing_date(pacts):
    money = Coding.objects.get(
        agreement=pacts["accord"], provision__slug="first-year-money"
    )
    assert money.amount_eur == Decimal("4172848664.69")  # USD 1.0784 per euro


# Editing: a row needs its citation


def form_data(agreement, slug, **extra):
    chosen = provision(slug)
    return {
        "agreement": agreement.pk,
        "provision": chosen.pk,
        "status": "provided",
        **extra,
    }


def test_a_new_coding_without_a_source_is_refused_with_a_reason(pacts):
    form = CodingForm(form_data(pacts["norway"], "extension", flag="true"))
    assert not form.is_valid()
    assert "A coding needs its evidence" in str(form.errors["source"])


def test_a_new_coding_with_its_source_writes_the_citation(pacts):
    source = make_source()
    form = CodingForm(
        form_data(
            pacts["norway"],
            "extension",
            flag="true",
            source=source.pk,
            quote="may be extended",
        )
    )
    assert form.is_valid(), form.errors
    coding = form.save()
    citation = Citation.objects.get(field="provision:extension")
    assert (citation.agreement, citation.source, citation.quote) == (
        coding.agreement,
        source,
        "may be extended",
    )


def test_a_coding_already_cited_may_be_edited_without_a_new_source(pacts):
    coding = Coding.objects.get(agreement=pacts["norway"], provision__slug="term")
    # The form carries the version it was opened at (admin/forms.py).
    data = form_data(
        pacts["norway"], "term", number="12", opened_version=coding.version
    )
    form = CodingForm(data, instance=coding)
    assert form.is_valid(), form.errors
    form.save()
    coding.refresh_from_db()
    assert coding.number == 12


# /compare/


def test_not_coded_and_absent_look_different_and_columns_give_coverage(client, pacts):
    response = client.get(COMPARE, {"provision": ["term", "ends-on-nato-accession"]})
    assertContains(response, 'class="coding coding-absent">absent</span>')
    assertContains(response, 'class="coding coding-not-coded">not coded</span>')
    assertContains(response, "2 of 2")  # term
    assertContains(response, "1 of 2")  # ends on NATO accession
    assertNotContains(response, "sort=termination-notice")  # no such column


def test_the_matrix_takes_the_agreement_lists_filters(client, pacts):
    response = client.get(COMPARE, {"country": "NO"})
    assertContains(response, "Agreement with Norway")
    assertNotContains(response, "Accord with Japan")


def test_an_invalid_filter_shows_its_message_not_an_error_page(client, pacts):
    response = client.get(COMPARE, {"year": "soon"})
    assert response.status_code == 200
    assertContains(response, "Some filters could not be used")
    assert client.get(EXPORT, {"year": "soon"}).status_code == 400


def test_amounts_sort_by_their_euro_figure_with_missing_last(client, pacts):
    third = make_agreement(title="Agreement with nothing coded")
    for order in ("first-year-money", "-first-year-money"):
        response = client.get(COMPARE, {"sort": order})
        page = response.content.decode()
        japan, norway = (
            page.index("Accord with Japan"),
            page.index("Agreement with Norway"),
        )
        assert page.index(third.title) > max(japan, norway), order
        # NOK 6 bn (≈ EUR 0.52 bn) is less than USD 4.5 bn (≈ EUR 4.17 bn).
        assert (norway < japan) == (order == "first-year-money")


def test_side_by_side_takes_two_to_six_agreements(client, pacts):
    response = client.get(COMPARE, {"agreement": ["accord-japan", "agreement-norway"]})
    assertContains(response, "side by side")
    assertContains(response, "Key facts")
    one = client.get(COMPARE, {"agreement": ["accord-japan"]})
    assertContains(one, "Choose 2 to 6 agreements")


def test_the_csv_holds_exactly_the_matrix_shown(client, pacts):
    query = {"provision": ["term", "first-year-money"], "sort": "-first-year-money"}
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get(EXPORT, query).streaming_content).decode())
        )
    )
    assert rows[0][4:] == ["term", "first-year-money", "url"]
    assert [row[0] for row in rows[1:]] == ["accord-japan", "agreement-norway"]
    assert rows[1][4:6] == ["10 years", "USD 4.5 billion"]
    long = client.get(EXPORT, {**query, "format": "long"})
    cells = list(csv.DictReader(io.StringIO(b"".join(long.streaming_content).decode())))
    assert len(cells) == 2 * 2
    term = next(
        c
        for c in cells
        if c["agreement_slug"] == "accord-japan" and c["provision"] == "term"
    )
    assert term["number"] == "10.00"
    assert term["quotes"] == "valid for ten years"
    assert term["clause_urls"].endswith("#clause-X-p1")


def test_the_matrix_costs_the_same_queries_for_more_agreements(
    client, pacts, django_assert_max_num_queries
):
    client.get(COMPARE)
    with django_assert_max_num_queries(14) as few:
        client.get(COMPARE)
    for n in range(6):
        coded(make_agreement(), "term", number=Decimal(n + 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(COMPARE)


# Reach


def test_the_agreement_page_shows_its_provisions_and_offers_a_comparison(client, pacts):
    response = client.get(pacts["accord"].get_absolute_url())
    assertContains(response, "What it commits to, provision by provision")
    assertContains(response, 'href="#clause-X-p1"')
    assertContains(response, "Compare with…")
    assertContains(response, '<option value="agreement-norway">')


def test_the_country_page_shows_its_agreements_provisions(client, pacts):
    response = client.get(reverse("agreements:country-detail", args=["japan"]))
    assertContains(response, "What its agreements commit to")
    assertContains(response, "10 years")


def test_the_clause_list_filters_by_provision(client, pacts):
    response = client.get(reverse("agreements:clause-list"), {"provision": "term"})
    assertContains(response, "valid for ten years")
    response = client.get(
        reverse("agreements:clause-list"), {"provision": "ends-on-nato-accession"}
    )
    assertNotContains(response, "valid for ten years")
