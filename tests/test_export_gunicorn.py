"""A CSV export cut by a database failure, through gunicorn, is never taken
for a whole one: with sync and gthread workers, over HTTP/1.1 (chunked) and
HTTP/1.0 (the body ends where the connection does, as behind nginx's
default proxying), the export's PostgreSQL backend is killed once the first
megabyte has arrived. The client sees a reset connection (or, over HTTP/1.1,
a missing last chunk) and fewer rows than X-Row-Count; an export left alone
ends cleanly with exactly X-Row-Count rows.

gunicorn must reach the database, so this runs in the PostgreSQL run on a
database of its own in the test run's server.
"""

import csv
import http.client
import io
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from bench import common

ROOT = Path(__file__).resolve().parent.parent
# A 48 MB export. When the client stops reading, some 10 MB of it wait in
# the socket buffers between PostgreSQL, gunicorn and the client: most of
# it is still to be read from the database when the backend is killed.
PLEDGES = 40_000
PATH = "/pledges.csv"
CUT_AFTER = 1_000_000  # bytes of the body received before the kill
WAIT = 120  # seconds: the bound of every wait, never an expectation

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="gunicorn serves a PostgreSQL database of its own: PostgreSQL run only",
)


def server_url(dbname):
    """A URL for the database `dbname` on the test run's server."""
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=dbname,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


def django_url(dbname):
    settings = connection.settings_dict
    login = settings["USER"] or ""
    if settings["PASSWORD"]:
        login += ":" + settings["PASSWORD"]
    return f"postgres://{login}@{settings['HOST']}:{settings['PORT']}/{dbname}"


def run(url, *args):
    subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        timeout=600,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def database():
    """A migrated database holding PLEDGES long pledges: its URL."""
    name = f"export_cut_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        url = django_url(name)
        run(url, "manage.py", "migrate", "--noinput", "-v0")
        run(url, "-m", "tests.bulk", str(PLEDGES))
        yield name
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=["sync", "gthread"])
def server(request, database):
    """gunicorn serving `database` with one worker of that class: its port."""
    with common.gunicorn(
        django_url(database), workers=1, worker_class=request.param, threads=4
    ) as (base_url, _):
        yield int(base_url.rsplit(":", 1)[1])


class Client(http.client.HTTPConnection):
    """http.client speaking HTTP/1.0 or 1.1, with a small receive buffer:
    a client that stops reading soon holds the export up."""

    def __init__(self, port, version):
        super().__init__("127.0.0.1", port, timeout=WAIT)
        if version == "1.0":
            self._http_vsn, self._http_vsn_str = 10, "HTTP/1.0"

    def connect(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def kill_export(dbname):
    """Terminate the PostgreSQL backend running the export's COPY; how many
    backends were terminated."""
    with psycopg.connect(server_url(dbname), autocommit=True) as other:
        (killed,) = other.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
            "FROM pg_stat_activity WHERE datname = current_database() "
            "AND state = 'active' AND query LIKE 'COPY %%' "
            "AND pid <> pg_backend_pid()"
        ).fetchone()
    return killed


def download(port, version, path=PATH, kill_in=None):
    """GET `path`: (X-Row-Count, the body received, the error that ended it
    or None for a clean end). With `kill_in` (a database name), the export's
    backend there is killed once CUT_AFTER bytes of the body have arrived."""
    client = Client(port, version)
    try:
        client.request("GET", path)
        response = client.getresponse()
        assert response.status == 200
        assert response.version == (10 if version == "1.0" else 11)
        expected = int(response.getheader("X-Row-Count"))
        body, error = bytearray(), None
        try:
            while block := response.read1(64 * 1024):
                body += block
                if kill_in and len(body) >= CUT_AFTER:
                    assert kill_export(kill_in) == 1
                    kill_in = None
        except (http.client.IncompleteRead, ConnectionResetError) as cut:
            error = cut
        assert kill_in is None, "the export ended before it could be cut"
        return expected, bytes(body), error
    finally:
        client.close()


def csv_rows(body):
    """The data rows of a whole CSV file."""
    return list(csv.reader(io.StringIO(body.decode(), newline="")))[1:]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_an_export_left_alone_ends_cleanly_with_every_counted_row(server, version):
    expected, body, error = download(server, version)

    assert error is None
    assert expected == PLEDGES
    assert len(csv_rows(body)) == expected
    assert body.endswith(b"\r\n")


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_an_export_whose_database_dies_is_seen_cut_by_the_client(
    server, database, version
):
    expected, body, error = download(server, version, kill_in=database)

    # HTTP/1.0 has no other sign of the end than the connection's: a clean
    # close would be a complete file to the client.
    if version == "1.0":
        assert isinstance(error, ConnectionResetError)
    else:
        assert isinstance(error, ConnectionResetError | http.client.IncompleteRead)
    received = body.count(b"\r\n") - 1  # whole lines after the header row
    assert CUT_AFTER <= len(body)
    assert received < expected == PLEDGES
    # The worker gets a new database connection for the next request.
    expected, body, error = download(server, version, f"{PATH}?year=2001")
    assert error is None and len(csv_rows(body)) == expected > 0
