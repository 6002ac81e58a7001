"""While the database cannot be reached, a page gets the site's 503 page
with Retry-After, the API a JSON 503, never a 500; the page cache serves
the copy it holds, marked stale; once the database is back, so is the site.

The database is made unreachable for real: this process's connection is
pointed at a port nothing listens on (PostgreSQL), and a gunicorn is
served a database that refuses new connections (PostgreSQL) or a file
that cannot be opened (SQLite)."""

import contextlib
import json
import socket

import psycopg
import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client

from agreements import pagecache
from tests.factories import make_agreement, make_staff
from tests.served import database_url_of_this_run, fetch, served

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database lives in this process's memory, so it "
    "cannot be taken away from this process (the gunicorn test below runs)",
)


def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def database_down():
    """This process's connection points at a closed port: connecting fails
    as it does while PostgreSQL is down. Put back afterwards."""
    database = connections["default"]
    saved = database.settings_dict["PORT"]
    database.close()
    database.settings_dict["PORT"] = closed_port()
    try:
        yield
    finally:
        database.close()
        database.settings_dict["PORT"] = saved


def maintenance():
    """A connection to the cluster's `postgres` database, which may change
    the test database's settings (not its own)."""
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"],
        port=s["PORT"],
        user=s["USER"],
        password=s["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def visitor():
    """A client that gets the answer rather than the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Temporarily unavailable" in text
    assert "cannot reach its database" in text


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_uncached_page_gets_the_sites_503_page_with_retry_after(visitor):
    make_agreement(title="Freedonia accord")
    with database_down():
        response = visitor.get("/agreements/")

    assert_unavailable_page(response)
    assert "Content-Security-Policy" in response
    assert visitor.get("/agreements/").status_code == 200  # back


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_api_answers_json_and_an_export_text(visitor):
    with database_down():
        api = visitor.get("/api/agreements/")
        lines = visitor.get("/api/agreements.jsonl")
        export = visitor.get("/agreements.csv")

    for response in (api, lines):
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        body = json.loads(response.content)
        assert "cannot reach its database" in body["detail"]
        assert body["retry_after"] == 30
    assert export.status_code == 503
    assert export["Content-Type"].startswith("text/plain")
    assert "cannot reach its database" in export.content.decode()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_signed_in_editor_gets_503_from_the_session_read(visitor, page_cache_on):
    visitor.force_login(make_staff("Editors"))
    with database_down():
        admin = visitor.get("/admin/")
        page = visitor.get("/agreements/")  # the page cache reads the session

    assert admin.status_code == 503
    assert "Temporarily unavailable" in admin.content.decode()
    assert_unavailable_page(page)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_cached_page_is_served_stale_and_an_uncached_one_gets_503(
    visitor, page_cache_on
):
    make_agreement(title="Freedonia accord")
    fresh = visitor.get("/agreements/")
    assert fresh["X-Page-Cache"] == "miss"
    with database_down():
        stale = visitor.get("/agreements/")
        uncached = visitor.get("/countries/")
    after = visitor.get("/agreements/")

    assert stale.status_code == 200
    assert stale["X-Page-Cache"] == "stale"
    assert stale["Cache-Control"] == "no-store"
    assert "ETag" not in stale
    assert stale.content == fresh.content
    assert_unavailable_page(uncached)
    assert after.status_code == 200 and after["X-Page-Cache"] == "hit"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_no_copy_is_served_before_a_version_was_read(visitor, page_cache_on):
    pagecache.last_version = None  # a worker started during the outage
    with database_down():
        assert_unavailable_page(visitor.get("/agreements/"))


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_gunicorn_answers_503_while_postgresql_refuses_and_recovers():
    make_agreement(title="Freedonia accord")
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (this_test,) = cursor.fetchone()
    with served(database_url_of_this_run()) as port:
        assert fetch(port, "/agreements/")[0] == 200
        with maintenance() as admin:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            try:
                # gunicorn's threads keep their connections: end them.
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> %s",
                    [name, this_test],
                )
                down = [fetch(port, path) for path in ("/agreements/", "/api/")]
            finally:
                admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        back = [fetch(port, "/agreements/")[0] for _ in range(5)]

    (page_status, page_headers, page), (api_status, _, api) = down
    assert page_status == api_status == 503
    assert page_headers["Retry-After"] == "30"
    assert b"Temporarily unavailable" in page
    assert "cannot reach its database" in json.loads(api)["detail"]
    assert back == [200] * 5  # the same workers, connected again


def test_gunicorn_answers_503_when_the_database_cannot_be_opened(tmp_path):
    missing = tmp_path / "no such directory" / "db.sqlite3"
    with served(f"sqlite:///{missing}") as port:
        status, headers, body = fetch(port, "/agreements/")
        api_status, _, api = fetch(port, "/api/agreements/")

    assert status == api_status == 503
    assert headers["Retry-After"] == "30"
    assert b"Temporarily unavailable" in body
    assert b"Internal" not in body
    assert json.loads(api)["retry_after"] == 30
