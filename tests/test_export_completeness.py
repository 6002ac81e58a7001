"""A download cut short is never taken for a whole one: its row count
comes in a header, counted in the rows' own snapshot, and a failure after
the headers resets the connection (agreements/export/completeness.py).
The same through gunicorn, with the database killed mid-export:
tests/test_export_gunicorn.py."""

import socket

import psycopg
import pytest
from django.db import connection
from django.test import RequestFactory

from agreements import lists
from agreements.export import completeness
from agreements.models import Source
from tests.factories import make_source

pytestmark = pytest.mark.django_db


def connected_pair():
    """Both ends of a TCP connection on 127.0.0.1: (server side, client)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=10)
        server, _ = listener.accept()
    return server, client


def failing_blocks():
    yield b"id,title\r\n"
    raise RuntimeError("the database went away")


def test_a_failure_after_the_first_block_resets_the_client_connection():
    server, client = connected_pair()
    request = RequestFactory().get("/sources.csv")
    request.META["gunicorn.socket"] = server
    stream = completeness.counted(
        Source.objects.all(), failing_blocks(), "sources.csv", request
    )
    assert next(stream) == Source.objects.count()
    server.sendall(next(stream))  # as the server writes what it is given

    with pytest.raises(RuntimeError):
        next(stream)

    assert client.recv(100) == b"id,title\r\n"
    with pytest.raises(ConnectionResetError):
        client.recv(100)
    client.close()


def test_without_a_socket_to_reset_the_failure_is_raised_as_it_is():
    stream = completeness.counted(
        Source.objects.all(), failing_blocks(), "sources.csv", RequestFactory().get("/")
    )
    next(stream)
    next(stream)

    with pytest.raises(RuntimeError, match="went away"):
        next(stream)


def database_url():
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second writer needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_rows_deleted_after_the_count_are_still_in_the_file(client):
    """The count and the rows come from one snapshot: a deletion committed
    by another connection between the two changes neither."""
    sources = [make_source(title=f"Bulletin {n}") for n in range(5)]
    response = client.get(lists.SOURCES.export_url)  # counted, rows not read yet
    with psycopg.connect(database_url(), autocommit=True) as other:
        other.execute("DELETE FROM agreements_source WHERE id = %s", (sources[0].pk,))

    lines = b"".join(response.streaming_content).splitlines()

    assert response["X-Row-Count"] == "5"
    assert len(lines) - 1 == 5  # the header row, then every counted row
    assert Source.objects.count() == 4
