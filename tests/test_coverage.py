"""Missing is not false: list pages say how complete a column is, and a
clause search says when the agreement it is limited to has no text held."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agreements.models import Agreement
from tests.factories import make_agreement, make_clause, make_country

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:agreement-list")
CLAUSES = reverse("agreements:clause-list")


@pytest.fixture
def held():
    """Three agreements: one with text, a term and an in-force date; two
    signed, with nothing of that recorded."""
    ukraine = make_country("Ukraine", iso_code="UA")
    japan = make_country("Japan", iso_code="JP")
    norway = make_country("Norway", iso_code="NO")
    with_text = make_agreement(
        parties=[ukraine, japan],
        title="Accord with Japan",
        term_years=10,
        in_force_on=datetime.date(2024, 6, 13),
        status=Agreement.Status.IN_FORCE,
    )
    make_clause(with_text, text="The Participants will consult within 24 hours.")
    without = make_agreement(parties=[ukraine, norway], title="Agreement with Norway")
    make_agreement(title="A third agreement")
    return {"with_text": with_text, "without": without, "norway": norway}


def test_completeness_counts_what_is_recorded(held):
    assert Agreement.objects.completeness() == {
        "total": 3,
        "text_held": 1,
        "in_force_recorded": 1,
        "term_recorded": 1,
    }
    assert list(Agreement.objects.without_text().order_by("title")) == [
        Agreement.objects.get(title="A third agreement"),
        held["without"],
    ]


def test_agreement_list_says_how_complete_its_columns_are(client, held):
    response = client.get(AGREEMENTS)
    assertContains(response, "Clause text held for 1 of 3 agreements.")
    assertContains(response, "Entry into force recorded for 1 of 3 agreements;")
    assertContains(response, "which does not mean they are not in force")
    assertContains(response, "Term recorded for 1 of 3 agreements.")
    assertContains(response, "text not held", count=2)
    assertContains(response, "in force: not recorded", count=2)


def test_the_notes_count_the_filtered_rows(client, held):
    response = client.get(AGREEMENTS, {"country": "NO"})
    assertContains(response, "Clause text held for 0 of 1 agreement.")


def test_a_status_filter_says_what_the_status_rests_on(client, held):
    response = client.get(AGREEMENTS, {"status": "in_force"})
    assertContains(response, "Clause text held for 1 of 1 agreement.")
    assertNotContains(response, "Entry into force recorded for")
    assertContains(
        response,
        "Of all agreements, entry into force is recorded for 1 of 3 agreements;",
    )


def test_a_clause_search_in_an_agreement_without_text_says_so(client, held):
    without = held["without"]
    response = client.get(CLAUSES, {"country": "NO", "topic": "future-armed-attack"})
    assertContains(response, "No clause text is held for this agreement")
    link = f'href="{without.get_absolute_url()}#sources-heading"'
    assertContains(response, link)
    assertContains(response, "in the clause text held (see above)")
    page = client.get(without.get_absolute_url())
    assertContains(page, 'id="sources-heading"')
    assertContains(page, "The text of this agreement is not held here")


def test_a_clause_search_in_an_agreement_with_text_has_no_note(client, held):
    response = client.get(CLAUSES, {"agreement": held["with_text"].slug})
    assertNotContains(response, "No clause text is held")
    assertContains(response, "consult within 24 hours")


def test_the_unfiltered_clause_list_names_the_agreements_without_text(client, held):
    response = client.get(CLAUSES)
    assertContains(response, "No clause text is held for 2 of 3 agreements")
    assertContains(response, held["without"].get_absolute_url() + "#sources-heading")


def test_many_agreements_without_text_are_counted_not_named(client, held):
    for _ in range(9):
        make_agreement()
    response = client.get(CLAUSES)
    assertContains(response, "No clause text is held for 11 of 12 agreements")
    assertNotContains(response, "#sources-heading")


def test_an_invalid_clause_filter_gets_the_form_error_not_a_note(client, held):
    response = client.get(CLAUSES, {"agreement": "no-such-agreement"})
    assert response.status_code == 200
    assertNotContains(response, "No clause text is held")


def test_the_notes_cost_a_fixed_number_of_queries(
    client, held, django_assert_max_num_queries
):
    client.get(AGREEMENTS)  # warm the session and caches
    # One of the 13 labels the country facet's values (facets.py).
    with django_assert_max_num_queries(13):
        client.get(AGREEMENTS, {"status": "signed"})
    for _ in range(5):
        make_agreement()
    with django_assert_max_num_queries(13):
        client.get(AGREEMENTS, {"status": "signed"})
