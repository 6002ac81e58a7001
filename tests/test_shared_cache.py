"""The page cache shared by every worker: a real, throwaway redis-server
(TRACKER_CACHE_URL=redis://…); one render serves every worker, one edit
retires it for all of them. The rate limits count there too, for all."""

import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tests.environment import redis_server_path
from tests.factories import make_agreement
from tracker.settings import limits_cache, page_cache

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    server = subprocess.Popen(
        [
            redis_server_path(),
            "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


@pytest.fixture
def shared(redis_url, settings):
    """The page cache on Redis, as every worker would configure it."""
    settings.PAGE_CACHE_SECONDS = 600
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": page_cache(redis_url),
        }
    ):
        caches["pages"].clear()
        yield caches["pages"]
        caches["pages"].clear()


def forget_connections():
    """What a second worker has: no cache object of its own yet."""
    caches._settings = None  # re-read CACHES
    for alias in list(caches):
        try:
            del caches[alias]
        except (AttributeError, KeyError):
            pass


def test_a_page_rendered_once_is_served_to_every_worker(client, shared):
    make_agreement(title="Shared accord")
    assert client.get("/agreements/")["X-Page-Cache"] == "miss"
    forget_connections()  # another worker: a fresh connection to Redis
    again = client.get("/agreements/")
    assert again["X-Page-Cache"] == "hit"
    assert "Shared accord" in again.content.decode()
    keys = caches["pages"]._cache.get_client().keys("tracker-pages:*")
    assert keys and all(len(key) < 120 for key in keys)


def test_one_edit_retires_the_page_for_every_worker(client, shared):
    accord = make_agreement(title="Before the edit")
    client.get("/agreements/")
    accord.title = "After the edit"
    accord.save()
    forget_connections()
    fresh = client.get("/agreements/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "After the edit" in fresh.content.decode()


def test_a_hostile_query_string_makes_a_safe_key(client, shared):
    response = client.get("/agreements/", {"q": "x" * 300 + " \x7f\n%00"})
    assert response.status_code == 200
    keys = caches["pages"]._cache.get_client().keys("tracker-pages:*")
    assert all(b" " not in key and len(key) < 120 for key in keys)


def test_an_unknown_cache_address_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        page_cache("memcache://127.0.0.1")


def test_every_worker_counts_towards_one_rate_limit(client, redis_url, settings):
    settings.RATE_LIMITS = {"export": "3/d", "search": None}
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": page_cache(redis_url),
            "limits": limits_cache(redis_url),
        }
    ):
        caches["limits"].clear()
        for _ in range(3):
            forget_connections()  # each export served by another worker
            assert client.get("/agreements.csv").status_code == 200
        forget_connections()
        refused = client.get("/agreements.csv")
        keys = caches["limits"]._cache.get_client().keys("tracker-limits:*")
        caches["limits"].clear()

    assert refused.status_code == 429
    assert len(keys) == 1
