"""Headers on every answer: a strict Content-Security-Policy (no inline
script anywhere) and a Permissions-Policy, cached pages and the admin
included; a login whose `next` is refused lands on the admin's index."""

import pytest

from tests.factories import make_agreement, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/agreements/",
        "/agreements.csv",
        "/api/agreements/",
        "/admin/login/",
        "/nope/",
    ],
)
def test_every_answer_has_the_policies(client, settings, address):
    settings.PAGE_CACHE_SECONDS = 600
    make_agreement()
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(address)
        policy = response["Content-Security-Policy"]
        script = next(d for d in policy.split("; ") if d.startswith("script-src"))
        assert script == "script-src 'self'"
        assert "object-src 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]


def test_a_login_with_a_refused_next_lands_on_the_admin_index(client):
    editor = make_staff("Editors", password="correct-horse-battery")
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {
            "username": editor.username,
            "password": "correct-horse-battery",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
