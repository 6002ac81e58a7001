"""Chooses the test database before pytest-django reads the settings.

pytest-django evaluates settings (and so DATABASE_URL) in its own
`pytest_load_initial_conftests` hook, before any conftest.py is imported,
so this runs as a plugin (`-p tests.dbplugin`) with `tryfirst`.

TRACKER_TEST_DB picks the database:
- `sqlite`: the SQLite default (DATABASE_URL is ignored for this run).
- `postgres` (the default): DATABASE_URL as given; otherwise a throwaway
  PostgreSQL cluster started from the server binaries and removed after the
  run; without binaries every test is skipped with the reason printed, or,
  with TRACKER_REQUIRE_ALL=1 (as in CI), the run fails.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest

from tests.environment import require_all

_cluster_dir = None
_missing_reason = None


def postgres_bindir():
    """The newest installed PostgreSQL server's bin directory, or None."""
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    candidates.sort(
        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0
    )
    return os.path.dirname(candidates[-1]) if candidates else None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args, cwd):
    # initdb refuses to run as root; run the server as the postgres user then.
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(
        args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def start_cluster(bindir):
    """Start a throwaway cluster; returns (its directory, its DATABASE_URL)."""
    cluster = tempfile.mkdtemp(prefix="tracker-pg.")
    if os.geteuid() == 0:
        shutil.chown(cluster, "postgres", "postgres")
    port, data = _free_port(), os.path.join(cluster, "data")
    _as_postgres(
        [
            f"{bindir}/initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        cwd=cluster,
    )
    options = (
        f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    log = os.path.join(cluster, "server.log")
    _as_postgres(
        [
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-l",
            log,
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        ],
        cwd=cluster,
    )
    return cluster, f"postgres://postgres@127.0.0.1:{port}/postgres"


def restart_cluster(cluster, bindir):
    """Stop the server (ending every connection) and start it again with the
    same options; returns once it accepts connections."""
    data = os.path.join(cluster, "data")
    _as_postgres(
        [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "60", "restart"],
        cwd=cluster,
    )


def stop_cluster(cluster, bindir):
    data = os.path.join(cluster, "data")
    _as_postgres(
        [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], cwd=cluster
    )
    shutil.rmtree(cluster, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    global _cluster_dir, _missing_reason
    # Tests never write collected static files; the manifest needs collectstatic.
    os.environ.setdefault(
        "DJANGO_STATICFILES_STORAGE",
        "django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production"
    )
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop
    # Tests roll back, so data versions repeat between tests: no page cache
    # unless a test turns it on (tests/test_pagecache.py).
    os.environ.setdefault("TRACKER_PAGE_CACHE_SECONDS", "0")
    # Tests make many exports and searches from one address: no rate limits
    # unless a test sets them (tests/test_rate_limits.py).
    os.environ.setdefault("TRACKER_EXPORT_RATE", "off")
    os.environ.setdefault("TRACKER_SEARCH_RATE", "off")

    choice = os.environ.get("TRACKER_TEST_DB", "postgres")
    if choice == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        return
    # The PostgreSQL run also has an SQLite database, to compare the JSON
    # the two give for the same data (tests/test_api_databases.py).
    os.environ.setdefault("TRACKER_COMPARE_DATABASE_URL", "sqlite://:memory:")
    if os.environ.get("DATABASE_URL"):
        return
    bindir = postgres_bindir()
    if bindir is None:
        _missing_reason = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found; install "
            "postgresql or set DATABASE_URL to run the suite on PostgreSQL"
        )
        return
    _cluster_dir, os.environ["DATABASE_URL"] = start_cluster(bindir)
    early_config._tracker_pg_bindir = bindir


def pytest_report_header(config):
    url = os.environ.get("DATABASE_URL", "")
    if _missing_reason:
        return f"database: none for this run ({_missing_reason})"
    return "database: " + ("PostgreSQL " + url.split("@")[-1] if url else "SQLite")


def pytest_collection_modifyitems(config, items):
    if not _missing_reason:
        return
    if require_all():
        raise pytest.UsageError(f"TRACKER_REQUIRE_ALL is set but {_missing_reason}.")
    skip = pytest.mark.skip(reason=_missing_reason)
    for item in items:
        item.add_marker(skip)


def pytest_unconfigure(config):
    global _cluster_dir
    if _cluster_dir:
        stop_cluster(_cluster_dir, config._tracker_pg_bindir)
        _cluster_dir = None
