"""HTTP caching a proxy or CDN can use: ETag and Last-Modified from the data
version on every public page, export and JSON answer; 304 before rendering;
Cache-Control with a configurable s-maxage; an edit changes the validators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_agreement, make_clause

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/",
    "/agreements/",
    "/agreements/?country=JP",
    "/clauses/?q=talks",
    "/agreements.csv",
    "/clauses.csv",
    "/api/agreements/",
    "/api/clauses.jsonl",
    "/search/?q=talks",
]


@pytest.fixture
def accord():
    accord = make_agreement(title="Accord", slug="accord")
    make_clause(agreement=accord, text="Talks within a day.")
    return accord


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("address", [*ADDRESSES, "/agreements/accord/"])
def test_every_public_answer_carries_validators_and_a_shared_max_age(
    client, accord, address, settings
):
    settings.SHARED_CACHE_SECONDS = 120
    response = client.get(address)
    body(response)
    assert response.status_code == 200
    assert response["ETag"].startswith('"v')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=120"


@pytest.mark.parametrize("address", [*ADDRESSES, "/agreements/accord/"])
def test_a_matching_request_gets_304_without_rendering(client, accord, address):
    first = client.get(address)
    body(first)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert len(queries) == 1  # the data version, nothing else
    since = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_an_edit_changes_the_validators_at_once(client, accord):
    first = client.get("/agreements/")
    accord.title = "Accord, renamed"
    accord.save()
    after = client.get("/agreements/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "Accord, renamed" in after.content.decode()


def test_zero_seconds_means_every_use_revalidates(client, accord, settings):
    settings.SHARED_CACHE_SECONDS = 0
    assert client.get("/agreements/")["Cache-Control"] == "public, no-cache"


def test_errors_and_the_admin_are_not_marked_cacheable(client, accord):
    missing = client.get("/agreements/no-such-accord/")
    assert missing.status_code == 404
    assert "s-maxage" not in missing.get("Cache-Control", "")
    admin = client.get("/admin/login/")
    assert "s-maxage" not in admin.get("Cache-Control", "")


def test_a_spoofed_host_is_refused_even_with_a_matching_tag(client, accord):
    tag = client.get("/agreements/")["ETag"]
    spoofed = client.get(
        "/agreements/", HTTP_HOST="evil.example", HTTP_IF_NONE_MATCH=tag
    )
    assert spoofed.status_code == 400
