"""What this machine offers the tests: Chromium, and whether every test must
run (TRACKER_REQUIRE_ALL, set in CI)."""

import os
import shutil

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]


def require_all():
    return os.environ.get("TRACKER_REQUIRE_ALL", "") not in ("", "0")


def chromium_path():
    configured = os.environ.get("TRACKER_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def redis_server_path():
    return shutil.which("redis-server")


def postgres_client_paths():
    """[pg_dump, pg_restore] where the backup command finds them; None
    unless it finds both."""
    from agreements.backup.postgres import tool

    paths = [tool("pg_dump"), tool("pg_restore")]
    return paths if all(paths) else None


def missing_requirements():
    """{marker: why its tests cannot run here} for what this machine lacks."""
    missing = {}
    if not redis_server_path():
        missing["redis"] = (
            "redis-server not found (install Debian's redis-server package); "
            "shared page cache tests skipped"
        )
    if not chromium_path():
        missing["browser"] = (
            "Chromium not found (install Debian's chromium package or set "
            "TRACKER_CHROMIUM); browser tests skipped"
        )
    if not postgres_client_paths():
        missing["pgdump"] = (
            "pg_dump or pg_restore not found (install Debian's "
            "postgresql-client package); PostgreSQL backup tests skipped"
        )
    return missing
