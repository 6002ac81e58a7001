"""Sign-in throttling (django-axes): failures lock an account, and an
address, out with a clear page and an audit record; an administrator
unlocks them from the admin."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User

from tests.factories import make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = "/admin/login/?next=/admin/"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_account_even_for_the_right_password(client, settings):
    editor = make_staff("Editors", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, editor.username, "wrong").status_code == 200
    locked = sign_in(client, editor.username, "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked for an hour" in locked.content.decode()
    right = sign_in(client, editor.username, PASSWORD, address="198.51.100.9")
    assert right.status_code == 429  # the account, from any address
    failures = AccessAttempt.objects.filter(username=editor.username)
    assert max(a.failures_since_start for a in failures) == settings.AXES_FAILURE_LIMIT


def test_failures_from_one_address_lock_that_address(client, settings):
    make_staff("Editors", username="real", password=PASSWORD)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong", address="192.0.2.1")
    assert sign_in(client, "real", PASSWORD, address="192.0.2.1").status_code == 429
    assert sign_in(client, "real", PASSWORD, address="192.0.2.2").status_code == 302


def test_an_administrator_unlocks_an_editor_from_the_admin(client, settings):
    editor = make_staff("Editors", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, editor.username, "wrong")
    admin = User.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    boss = client.__class__()
    boss.force_login(admin)
    listed = boss.get("/admin/axes/accessattempt/")
    assert editor.username in listed.content.decode()
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    boss.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert (
        sign_in(client, editor.username, PASSWORD, address="198.51.100.9").status_code
        == 302
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_locked(client, settings):
    settings.TRACKER_PROXY_COUNT = 1
    make_staff("Editors", username="real", password=PASSWORD)

    def through_proxy(username, password, forwarded_for):
        return client.post(
            LOGIN,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(f"guess{n}", "wrong", "192.0.2.1")
    assert through_proxy("real", PASSWORD, "192.0.2.1").status_code == 429
    # The proxy's other visitors are not locked out with that one.
    assert through_proxy("real", PASSWORD, "192.0.2.2").status_code == 302
