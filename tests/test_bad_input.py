"""Whatever a visitor puts in the query string, a list page answers 200 (with
form errors where the input is invalid), or 414 for a query string past the
site's limit, never a 500."""

from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements import lists
from tests.factories import make_clause, make_event, make_pledge, make_source

pytestmark = pytest.mark.django_db

LISTINGS = {listing.name: listing for listing in lists.LISTINGS}


def parameters(listing):
    """The query parameters a list reads: its filters' names plus page."""
    names = {"page", "bom"}
    for name, field in listing.filterset_class(None).form.fields.items():
        if hasattr(field.widget, "suffixes"):
            names.update(f"{name}_{suffix}" for suffix in field.widget.suffixes)
        else:
            names.add(name)
    return sorted(names)


def expected_status(response):
    """200, or 414 where the query string as sent is over the site's limit
    (agreements/request_limits.py)."""
    query = response.wsgi_request.META.get("QUERY_STRING", "")
    return 414 if len(query) > django_settings.QUERY_STRING_MAX_BYTES else 200


ALL_PARAMETERS = sorted(
    {p for listing in LISTINGS.values() for p in parameters(listing)}
)

odd_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\ud7ff\ufeff\u200b",
            "𝔘𝔨𝔯𝔞𝔦𝔫𝔢",
            "Україна",
            "日本",
            "' OR 1=1 --",
            '"unbalanced',
            "-",
            "!!!",
            "&",
            "%",
            "_",
            "x" * 5000,
            "2024-02-30",
            "0000-00-00",
            "9999-12-31",
            "-1",
            "1e400",
            "99999999999999999999999999",
            "NaN",
            "true",
            "unknown",
            "-title,title,,",
            "<script>alert(1)</script>",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@pytest.fixture
def rows():
    make_clause()
    make_pledge()
    make_event()
    make_source()


@pytest.mark.parametrize("name", list(LISTINGS))
def test_every_parameter_of_every_list_survives_odd_values(client, rows, name):
    url = LISTINGS[name].list_url

    @settings(
        max_examples=100,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        query=st.dictionaries(
            st.sampled_from(parameters(LISTINGS[name])), odd_text, max_size=4
        )
    )
    def check(query):
        response = client.get(url, query)
        assert response.status_code == expected_status(response), (url, query)

    check()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(list(LISTINGS)),
    query=st.dictionaries(
        st.one_of(st.sampled_from(ALL_PARAMETERS), st.text(max_size=20)),
        odd_text,
        max_size=6,
    ),
)
def test_any_parameter_on_any_list_never_gives_a_server_error(client, name, query):
    response = client.get(LISTINGS[name].list_url, query)
    assert response.status_code == expected_status(response), (name, query)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=odd_text)
def test_site_search_never_gives_a_server_error(client, text):
    response = client.get(reverse("agreements:search"), {"q": text})
    assert response.status_code == expected_status(response)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(slug=st.text(min_size=1, max_size=80))
def test_odd_detail_addresses_are_a_404_not_a_500(client, slug):
    for prefix in ("agreements", "countries", "sources"):
        response = client.get(f"/{prefix}/{quote(slug, safe='')}/")
        assert response.status_code in (404, 301), (prefix, slug)


@pytest.mark.parametrize("url", ["/agreements/", "/clauses/", "/pledges/", "/events/"])
@pytest.mark.parametrize("value", ["\x00", ",\x00", "Japan,\x00"])
def test_a_nul_character_in_a_country_is_a_form_error(client, url, value):
    """Found by the odd-values test above on PostgreSQL, which refuses NUL in
    text: the country was looked up before the field's own checks ran."""
    response = client.get(url, {"country": value})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
