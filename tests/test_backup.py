"""manage.py backup and restore: every table, the edit history included,
on the database the tests run on, through a second database restored by
another process (as an operator would)."""

import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from agreements.backup.postgres import tool
from agreements.models import Agreement, Clause, Country, Pledge
from tests import snapshots
from tests.factories import (
    make_agreement,
    make_citation,
    make_clause,
    make_country,
    make_event,
    make_participation,
    make_pledge,
    make_source,
    make_staff,
    topics,
)

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRES = connection.vendor == "postgresql"

# pg_dump reads committed rows only, from its own connection.
pytestmark = [pytest.mark.django_db(transaction=True)]
if ON_POSTGRES:
    pytestmark.append(pytest.mark.pgdump)


def fill():
    """Records of every kind, then edits and deletions that leave history."""
    freedonia, sylvania = make_country("Freedonia"), make_country("Sylvania")
    pact = make_agreement(parties=[sylvania, freedonia], title="Freedonia accord")
    for n in range(3):
        clause = make_clause(pact, number=f"I.{n}", text=f"Clause {n}, cyber.")
        clause.topics.add(*topics("sanctions", "security-defence"))
    make_citation(clause=clause, source=make_source(url="https://a.example/1"))
    make_pledge(donor=freedonia, recipient=sylvania, agreement=pact)
    doomed = make_pledge(donor=sylvania, recipient=freedonia, amount=Decimal("5"))
    make_participation(event=make_event(pact))
    make_staff("Editors")
    pact.title = "Freedonia–Sylvania accord"
    pact.save()
    sylvania.name = "Sylvania (renamed)"
    sylvania.save()
    doomed.delete()
    Clause.objects.get(number="I.2").delete()


def database_url(name):
    """The URL of database `name` on the test run's PostgreSQL server."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    login = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{login}{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def fresh_database(transactional_db, tmp_path):
    """The URL of a new, empty database of the tests' kind."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restored_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url, *args):
    """Run manage.py in its own process on the database at `url`."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot_of(url):
    """tests/snapshots.py's snapshot of the database at `url`."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.snapshots"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def own_snapshot(client):
    return snapshots.snapshot(client, connection)


def backup(path):
    """Back the test database up to `path`; what the command printed."""
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def tables_of(url):
    """The tables of the database at `url` (checked without Django)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not os.path.exists(path):
            return []
        with sqlite3.connect(path) as database:
            return [
                name
                for (name,) in database.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
    with psycopg.connect(url) as database:
        return [
            name
            for (name,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]


def test_a_restored_backup_gives_every_export_and_every_table_row_back(
    client, fresh_database, tmp_path
):
    fill()
    path = tmp_path / "tracker.backup"
    before = own_snapshot(client)

    printed = backup(path)
    restored = manage(fresh_database, "restore", str(path))
    after = snapshot_of(fresh_database)

    assert restored.returncode == 0, restored.stderr
    assert after["exports"] == before["exports"]
    assert after["tables"] == before["tables"]
    assert "Freedonia–Sylvania accord" in after["exports"]["clauses"]
    # The history came along: the edits, and the records since deleted.
    assert Agreement.history.filter(history_type="~").count() == 1
    assert Clause.history.filter(history_type="-").count() == 1
    assert Pledge.history.filter(history_type="-").count() == 1
    assert before["tables"]["agreements_historicalpledge"] == 3
    total = f"{len(before['tables'])} tables, {sum(before['tables'].values()):,} rows"
    assert total in printed
    assert total in restored.stdout


def test_restoring_over_a_database_that_holds_tables_needs_replace(
    client, fresh_database, tmp_path
):
    fill()
    first, second = tmp_path / "first.backup", tmp_path / "second.backup"
    backup(first)
    assert manage(fresh_database, "restore", str(first)).returncode == 0
    make_agreement(title="Signed after the first backup")
    Country.objects.filter(name="Freedonia").update(name="Freedonia (renamed)")
    Agreement.objects.get(title="Freedonia–Sylvania accord").delete()
    backup(second)
    expected = own_snapshot(client)

    refused = manage(fresh_database, "restore", str(second))
    unchanged = snapshot_of(fresh_database)
    replaced = manage(fresh_database, "restore", "--replace", str(second))

    assert refused.returncode == 1
    assert "already holds" in refused.stderr and "--replace" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert unchanged["tables"]["agreements_agreement"] == 1
    assert replaced.returncode == 0, replaced.stderr
    assert snapshot_of(fresh_database) == expected


def test_replace_leaves_no_table_the_backup_does_not_have(fresh_database, tmp_path):
    fill()
    path = tmp_path / "tracker.backup"
    backup(path)
    assert manage(fresh_database, "restore", str(path)).returncode == 0
    if ON_POSTGRES:
        with psycopg.connect(fresh_database, autocommit=True) as database:
            database.execute("CREATE TABLE agreements_later (id int)")
    else:
        with sqlite3.connect(fresh_database.removeprefix("sqlite:///")) as database:
            database.execute("CREATE TABLE agreements_later (id int)")

    result = manage(fresh_database, "restore", "--replace", str(path))

    if ON_POSTGRES:  # pg_restore --clean drops only what the backup holds
        assert result.returncode == 1
        assert "1 tables the backup does not (agreements_later)" in result.stderr
        assert "agreements_later" in tables_of(fresh_database)
    else:  # the SQLite backup API replaces the whole file
        assert result.returncode == 0, result.stderr
        assert "agreements_later" not in tables_of(fresh_database)


@pytest.mark.parametrize(
    "kept",
    [lambda size: size // 2, lambda size: size - 64],
    ids=["half", "all-but-the-end"],
)
def test_a_backup_cut_short_is_refused_and_changes_nothing(
    fresh_database, tmp_path, kept
):
    fill()
    path = tmp_path / "tracker.backup"
    backup(path)
    data = path.read_bytes()
    path.write_bytes(data[: kept(len(data))])

    result = manage(fresh_database, "restore", str(path))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Nothing was changed" in result.stderr
    assert tables_of(fresh_database) == []


def write_other_kind(path):
    """A backup of the other database: the wrong kind here."""
    if ON_POSTGRES:
        sqlite3.connect(path).execute("CREATE TABLE django_migrations (id int)")
    else:
        path.write_bytes(b"PGDMP\x01\x0f\x00" + bytes(100))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_text("id,title\n1,Accord\n"), "not a backup"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(gzip.compress(b"PGDMP")), "gzip-compressed"),
        (lambda p: p.write_text('[{"model": "agreements.topic"}]'), "dumpdata"),
        (lambda p: None, "There is no file"),
        (lambda p: p.mkdir(), "is a directory"),
        (write_other_kind, "but this site's database is"),
    ],
)
def test_restore_refuses_a_file_that_is_no_backup_of_this_kind(tmp_path, make, message):
    path = tmp_path / "upload.backup"
    make(path)
    tables = snapshots.table_rows(connection)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path))

    assert snapshots.table_rows(connection) == tables


def test_restore_refuses_a_database_of_another_site(fresh_database, tmp_path):
    path = tmp_path / "other.backup"
    if ON_POSTGRES:
        with psycopg.connect(fresh_database, autocommit=True) as database:
            database.execute("CREATE TABLE notes (id int)")
        result = subprocess.run(
            [tool("pg_dump"), "--format=custom", f"--file={path}", fresh_database],
            capture_output=True,
        )
        assert result.returncode == 0, result.stderr
    else:
        sqlite3.connect(path).execute("CREATE TABLE notes (id int)")

    with pytest.raises(CommandError, match="not one of this site"):
        call_command("restore", str(path), "--replace")


def test_a_backup_into_a_missing_directory_says_so(tmp_path):
    with pytest.raises(CommandError, match="There is no directory"):
        call_command("backup", str(tmp_path / "nowhere" / "tracker.backup"))
