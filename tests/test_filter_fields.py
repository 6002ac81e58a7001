"""What the filter fields accept and what they say when they do not: the
bounds of every year, the country lookup and its message, slug choices and
the search box, stated by hand (the messages are what readers see)."""

import pytest

from agreements import filters, lists
from tests.factories import make_agreement, make_country

pytestmark = pytest.mark.django_db

YEAR_LISTS = [lists.AGREEMENTS, lists.PLEDGES]


def errors(listing, data):
    filterset = listing.filterset(data)
    filterset.is_valid()
    return {name: list(messages) for name, messages in filterset.errors.items()}


@pytest.mark.parametrize("listing", YEAR_LISTS, ids=lambda item: item.name)
@pytest.mark.parametrize(
    "year, message",
    [
        ("1899", "Ensure this value is greater than or equal to 1900."),
        ("1900", None),
        ("2200", None),
        ("2201", "Ensure this value is less than or equal to 2200."),
    ],
)
def test_years_run_from_1900_to_2200(listing, year, message):
    found = errors(listing, {"year": year})
    assert found == ({"year": [message]} if message else {})


def test_year_filters_are_labelled_for_what_they_cover():
    form = lists.AGREEMENTS.filterset({}).form
    assert form.fields["year"].label == "Signed in year"
    assert lists.PLEDGES.filterset({}).form.fields["year"].label == (
        "Period covers year"
    )
    assert filters.YearFilter().label == "Year"


def test_an_unknown_country_is_named_in_the_message():
    found = errors(lists.AGREEMENTS, {"country": "Atlantis"})
    assert found == {
        "country": [
            "Unknown country 'Atlantis': use a name such as Japan, an ISO code "
            "such as JP or a slug such as japan."
        ]
    }


def test_a_long_unknown_country_is_cut_to_40_characters_in_the_message():
    found = errors(lists.PLEDGES, {"donor": "x" * 100})
    assert found["donor"] == [
        f"Unknown country '{'x' * 40}': use a name such as Japan, an ISO code "
        "such as JP or a slug such as japan."
    ]
    too_long = errors(lists.PLEDGES, {"donor": "x" * 121})
    assert too_long["donor"] == [
        "Ensure this value has at most 120 characters (it has 121)."
    ]


def test_a_country_is_found_by_code_or_slug_and_blank_means_any():
    japan = make_country("Japan", iso_code="JP", slug="japan")
    field = filters.CountryKeyField(required=False)
    assert field.clean("JP") == japan
    assert field.clean("japan") == japan
    assert field.clean("") is None
    assert field.max_length == 120


@pytest.mark.parametrize(
    "key", ["United Kingdom", "united kingdom", "UK", "uk", "GB", "united-kingdom"]
)
def test_a_country_is_found_by_its_name_or_a_common_short_name(key):
    kingdom = make_country("United Kingdom", iso_code="GB", slug="united-kingdom")
    make_country("Ukraine", iso_code="UA", slug="ukraine")
    assert filters.CountryKeyField(required=False).clean(key) == kingdom


def test_usa_and_us_name_the_united_states_and_eu_the_union():
    states = make_country("United States", iso_code="US", slug="united-states")
    union = make_country("European Union", slug="european-union", kind="organisation")
    field = filters.CountryKeyField(required=False)
    assert field.clean("USA") == field.clean("us") == states
    assert field.clean("EU") == field.clean("European Union") == union


def test_the_agreement_list_takes_a_country_name(client):
    kingdom = make_country("United Kingdom", iso_code="GB", slug="united-kingdom")
    make_agreement(parties=[make_country("Ukraine"), kingdom], title="UK pact")
    response = client.get("/agreements/", {"country": "United Kingdom"})
    assert response.status_code == 200
    assert "UK pact" in response.content.decode()
    assert "Unknown country" not in response.content.decode()


def test_slug_choices_take_slugs_and_refuse_anything_else():
    accord = make_agreement(slug="accord-2024")
    ok = lists.CLAUSES.filterset({"agreement": "accord-2024"})
    assert ok.is_valid()
    assert ok.form.cleaned_data["agreement"] == accord
    assert errors(lists.CLAUSES, {"agreement": str(accord.pk)}) == {
        "agreement": [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    }
    assert errors(lists.CLAUSES, {"topic": "sanctions"}) == {}


def test_search_text_loses_control_characters_and_is_capped_at_200():
    field = filters.SearchField(required=False)
    assert field.clean("  armed\x00 attack\x07  ") == "armed attack"
    assert field.clean("a" * 200) == "a" * 200
    assert field.max_length == 200
    assert errors(lists.CLAUSES, {"q": "a" * 201}) == {
        "q": ["Ensure this value has at most 200 characters (it has 201)."]
    }
    assert field.clean("\t") == ""
