"""Per-address rate limits on exports and searches: under the limit 200,
past it 429 with Retry-After and a message in the answer's own format
(page, text, JSON); another address keeps its own count; behind trusted
proxies the address comes from X-Forwarded-For, and only then."""

import json

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured

from tests.factories import make_agreement
from tracker.settings import rate_limit

pytestmark = pytest.mark.django_db

LIMIT = 3
ALICE, BOB = "203.0.113.7", "198.51.100.9"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def limits_on(settings):
    # A day's window: a window that ends while a test runs would reset it.
    settings.RATE_LIMITS = {"export": f"{LIMIT}/d", "search": f"{LIMIT}/d"}
    caches["limits"].clear()
    yield
    caches["limits"].clear()


def statuses(client, path, address=ALICE, count=LIMIT, **extra):
    return [
        client.get(path, REMOTE_ADDR=address, **extra).status_code for _ in range(count)
    ]


def test_exports_under_the_limit_are_served_and_past_it_get_429(client):
    make_agreement(title="Freedonia accord")

    assert statuses(client, "/agreements.csv") == [200] * LIMIT
    refused = client.get("/agreements.csv", REMOTE_ADDR=ALICE)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 86_400
    assert refused["Content-Type"].startswith("text/plain")
    text = refused.content.decode()
    assert "Too many exports from your address" in text
    assert f"{LIMIT} exports a day" in text
    assert f"try again in {refused['Retry-After']} second" in text


def test_every_kind_of_export_counts_towards_one_limit(client):
    assert client.get("/agreements.csv", REMOTE_ADDR=ALICE).status_code == 200
    assert client.get("/api/clauses.jsonl", REMOTE_ADDR=ALICE).status_code == 200
    assert client.get("/compare.csv", REMOTE_ADDR=ALICE).status_code == 200
    refused = client.get("/api/pledges.jsonl", REMOTE_ADDR=ALICE)

    assert refused.status_code == 429
    body = json.loads(refused.content)
    assert "Too many exports" in body["detail"]
    assert body["retry_after"] == int(refused["Retry-After"])


def test_another_address_keeps_its_own_count(client):
    statuses(client, "/agreements.csv", count=LIMIT + 1)

    assert client.get("/agreements.csv", REMOTE_ADDR=BOB).status_code == 200


def test_searches_past_the_limit_get_the_sites_page(client):
    for n in range(LIMIT):
        assert client.get(f"/search/?q=accord{n}", REMOTE_ADDR=ALICE).status_code == 200
    refused = client.get("/agreements/?q=accord", REMOTE_ADDR=ALICE)

    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    page = refused.content.decode()
    assert "<h1>Too many requests</h1>" in page
    assert f"{LIMIT} searches a day" in page
    assert refused["Retry-After"]


def test_the_api_search_answers_json_and_browsing_is_not_counted(client):
    statuses(client, "/api/agreements/?q=accord")
    refused = client.get("/api/clauses/?q=accord", REMOTE_ADDR=ALICE)

    assert refused.status_code == 429
    assert "Too many searches" in json.loads(refused.content)["detail"]
    assert statuses(client, "/agreements/", count=LIMIT + 2) == [200] * (LIMIT + 2)
    assert client.get("/search/", REMOTE_ADDR=ALICE).status_code == 200  # no q


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client):
    for n in range(LIMIT):
        client.get(
            "/agreements.csv", REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )

    refused = client.get("/agreements.csv", REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=BOB)

    assert refused.status_code == 429


def test_behind_a_trusted_proxy_each_forwarded_client_counts_alone(client, settings):
    settings.TRACKER_PROXY_COUNT = 1
    # The client claims an address; the proxy appends the one it saw.
    alice = {"HTTP_X_FORWARDED_FOR": f"192.0.2.99, {ALICE}"}
    assert statuses(client, "/agreements.csv", PROXY, **alice) == [200] * LIMIT

    assert client.get("/agreements.csv", REMOTE_ADDR=PROXY, **alice).status_code == 429
    spoofed = {"HTTP_X_FORWARDED_FOR": f"{BOB}, {ALICE}"}
    assert (
        client.get("/agreements.csv", REMOTE_ADDR=PROXY, **spoofed).status_code == 429
    )
    bob = {"HTTP_X_FORWARDED_FOR": BOB}
    assert client.get("/agreements.csv", REMOTE_ADDR=PROXY, **bob).status_code == 200


def test_addresses_of_one_ipv6_network_share_a_count(client):
    statuses(client, "/agreements.csv", "2001:db8:1:2::1")

    neighbour = client.get("/agreements.csv", REMOTE_ADDR="2001:db8:1:2::ffff")
    elsewhere = client.get("/agreements.csv", REMOTE_ADDR="2001:db8:1:3::1")

    assert neighbour.status_code == 429
    assert elsewhere.status_code == 200


def test_a_limit_turned_off_counts_nothing(client, settings):
    settings.RATE_LIMITS = {"export": None, "search": None}

    assert statuses(client, "/agreements.csv", count=LIMIT + 2) == [200] * (LIMIT + 2)


@pytest.mark.parametrize(
    ("value", "rate"), [("30/m", "30/m"), (" 60/M ", "60/m"), ("off", None)]
)
def test_rates_come_from_the_environment(monkeypatch, value, rate):
    monkeypatch.setenv("TRACKER_EXPORT_RATE", value)

    assert rate_limit("TRACKER_EXPORT_RATE", "30/m") == rate


@pytest.mark.parametrize("value", ["30", "0/m", "30/week", "lots"])
def test_a_malformed_rate_is_a_configuration_error(monkeypatch, value):
    monkeypatch.setenv("TRACKER_EXPORT_RATE", value)

    with pytest.raises(ImproperlyConfigured, match="TRACKER_EXPORT_RATE"):
        rate_limit("TRACKER_EXPORT_RATE", "30/m")
