import os
import shutil

import pytest

from tests.dbplugin import require_all

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path():
    configured = os.environ.get("TRACKER_CHROMIUM")
    if configured:
        return configured if os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    reason = (
        "Chromium not found (install Debian's chromium package or set "
        "TRACKER_CHROMIUM); browser tests skipped"
    )
    browser_items = [item for item in items if "browser" in item.keywords]
    if browser_items and require_all():
        raise pytest.UsageError(f"TRACKER_REQUIRE_ALL is set but {reason}.")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": CHROMIUM_ARGS,
    }
