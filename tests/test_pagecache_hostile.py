"""The page cache under hostile requests: the host is checked before any
copy is served, and keys stay safe whatever the query string."""

import warnings

import pytest
from django.core.cache import CacheKeyWarning, caches

from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


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
