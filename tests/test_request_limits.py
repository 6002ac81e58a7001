"""A query string over 4,096 bytes gets 414 with its reason before any
database work, as a page, JSON or text; through gunicorn as served, the
request line limit leaves that answer to the site."""

import json

import pytest

from tests.served import fetch, raw_request, served

LIMIT = 4096


def padded(path, size):
    """`path` with a query string of exactly `size` bytes."""
    return f"{path}?pad={'x' * (size - len('pad='))}"


@pytest.mark.django_db
def test_a_query_string_over_the_limit_gets_414_before_any_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(padded("/agreements/", LIMIT + 1))

    assert response.status_code == 414
    assert response["Content-Type"].startswith("text/html")
    assert "Address too long" in response.content.decode()
    assert "4,097 bytes" in response.content.decode()
    assert "at most 4,096" in response.content.decode()


@pytest.mark.django_db
def test_a_query_string_at_the_limit_is_served(client):
    assert client.get(padded("/agreements/", LIMIT)).status_code == 200


@pytest.mark.django_db
def test_the_api_and_the_csv_export_say_it_in_their_own_format(client):
    api = client.get(padded("/api/agreements/", LIMIT + 1))
    export = client.get(padded("/agreements.csv", LIMIT + 1))

    assert api.status_code == export.status_code == 414
    assert "at most 4,096" in json.loads(api.content)["detail"]
    assert export["Content-Type"].startswith("text/plain")
    assert "at most 4,096" in export.content.decode()


def test_gunicorn_as_served_leaves_the_answer_to_the_site(tmp_path):
    # No database: neither answer needs one.
    with served(f"sqlite:///{tmp_path / 'none.sqlite3'}") as port:
        status, _, body = fetch(port, padded("/agreements/", 6000))
        line, refused = raw_request(port, f"GET /?{'x' * 9000} HTTP/1.1".encode())

    assert status == 414
    assert b"at most 4,096" in body
    # Past gunicorn's 8,190 bytes: gunicorn's own refusal.
    assert line.split()[1] == "414"
    assert b"Request Line is too large" in refused
