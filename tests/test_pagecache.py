import warnings

import pytest
from django.core.cache import CacheKeyWarning, caches
from django.urls import reverse

from agreements.models import Agreement, DataVersion, Topic
from tests.factories import make_agreement, make_clause

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:agreement-list")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_second_anonymous_visit_is_served_from_the_cache_with_one_query(
    client, django_assert_num_queries
):
    make_agreement(title="Freedonia accord")
    first = client.get(LIST)
    with django_assert_num_queries(1):  # the data version
        second = client.get(LIST)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_change_to_the_data_retires_cached_pages(client):
    agreement = make_agreement(title="Freedonia accord")
    client.get(LIST)
    agreement.title = "Sylvania accord"
    agreement.save()
    response = client.get(LIST)
    assert response["X-Page-Cache"] == "miss"
    assert "Sylvania accord" in response.content.decode()


def test_deleting_or_retagging_moves_the_data_version_on():
    clause = make_clause()
    before = DataVersion.current()
    clause.topics.add(Topic.objects.first())
    assert DataVersion.current() == before + 1
    Agreement.objects.get(pk=clause.agreement_id).delete()
    assert DataVersion.current() > before + 1


def test_each_query_string_is_its_own_page(client):
    make_agreement(title="Freedonia accord", signed_on="2024-01-01")
    client.get(LIST, {"year": 2024})
    response = client.get(LIST, {"year": 2023})
    assert response["X-Page-Cache"] == "miss"
    assert "Freedonia accord" not in response.content.decode()


def test_exports_bypass_the_cache(client):
    make_agreement()
    export = client.get(reverse("agreements:agreement-export"))
    assert "X-Page-Cache" not in export


def test_the_cache_is_off_when_its_lifetime_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(LIST)
    assert "X-Page-Cache" not in client.get(LIST)


def test_a_client_that_prefers_json_is_never_given_a_cached_page(client):
    assert client.get(LIST)["X-Page-Cache"] == "miss"
    as_json = client.get(LIST, HTTP_ACCEPT="application/json")
    assert as_json.status_code == 303
    assert as_json["Location"] == "/api/agreements/"


def test_api_answers_are_cached_and_conditional_on_the_cached_copy(client):
    first = client.get("/api/agreements/")
    second = client.get("/api/agreements/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (first["X-Page-Cache"], second.status_code) == ("miss", 304)


def test_a_stray_session_cookie_is_served_from_the_cache(client):
    make_agreement(title="Freedonia accord")
    client.get(LIST)
    client.cookies["sessionid"] = "x"
    assert client.get(LIST)["X-Page-Cache"] == "hit"


def test_a_signed_in_editor_sees_a_fresh_page(client):
    from tests.factories import make_staff

    make_agreement(title="Freedonia accord")
    client.get(LIST)
    client.force_login(make_staff("Editors"))
    response = client.get(LIST)
    assert "X-Page-Cache" not in response


# Hostile requests: the host is checked before any copy is served, and keys
# stay safe whatever the query string.
@pytest.mark.parametrize("address", ["/agreements/", "/api/agreements/"])
def test_a_spoofed_host_gets_400_even_for_a_cached_page(client, address):
    make_agreement()
    client.get(address)
    assert client.get(address)["X-Page-Cache"] == "hit"
    assert client.get(address, HTTP_HOST="evil.example").status_code == 400


def test_hostile_query_strings_raise_no_cache_key_warning(client):
    make_agreement()
    hostile = ["q=" + "x" * 400, "q=%00%0a%20%7f", "country=" + "é" * 300, "a b=c d"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        for query in hostile:
            response = client.get(f"/agreements/?{query}")
            assert response.status_code == 200
            assert client.get(f"/agreements/?{query}")["X-Page-Cache"] == "hit"
