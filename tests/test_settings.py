import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from agreements.models import Agreement

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    return run_python("manage.py", *args, **env)


def run_python(*args, **env):
    """Python in the project folder, without the DJANGO_ settings of this run."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment.update(env)
    if args[0] != "manage.py":
        environment["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
        args = ("-c", *args)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_debug_off():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x7!kq" * 12,
        DJANGO_ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_and_a_secret_is_required_by_default():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


@pytest.mark.parametrize("module", ["tracker.wsgi", "tracker.asgi"])
def test_the_server_refuses_to_start_without_a_secret(module):
    result = run_python(f"import {module}")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side binding is PostgreSQL's"
)
@pytest.mark.django_db
def test_postgresql_prepares_a_query_run_twice():
    for _ in range(3):
        list(Agreement.objects.filter(slug="nothing"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%agreements_agreement%slug%"],
        )
        assert cursor.fetchone()[0] >= 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side binding is PostgreSQL's"
)
@pytest.mark.django_db
def test_postgresql_bulk_writes_past_the_protocols_parameter_limit():
    """A bulk insert and a deletion of more values than one statement may
    bind (65,535 with server-side binding) are cut into batches. Clauses
    are inserted row by row in VALUES, one parameter a cell (their search
    vector keeps Django from passing each column as one array)."""
    from agreements.models import Clause
    from tests.factories import make_agreement

    agreement = make_agreement()
    columns = len([f for f in Clause._meta.concrete_fields if not f.primary_key])
    rows = 2**16 // columns + 1
    Clause.objects.bulk_create(
        Clause(agreement=agreement, number=str(n), position=n, text="Text.")
        for n in range(rows)
    )
    assert agreement.clauses.count() == rows
    deleted = agreement.clauses.all().delete()[1]["agreements.Clause"]
    assert deleted == rows


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="JIT compilation is PostgreSQL's"
)
@pytest.mark.django_db
def test_postgresql_compiles_no_query_just_in_time():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
