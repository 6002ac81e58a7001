import importlib

import pytest

from tests.environment import chromium_path, missing_requirements, require_all

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    from django.conf import settings

    # Production hashes a password with PBKDF2 at 1,000,000 rounds, about
    # 0.5 s; the tests create a user with a password in some 150 tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    for marker, reason in missing_requirements().items():
        needing = [item for item in items if marker in item.keywords]
        if needing and require_all():
            raise pytest.UsageError(f"TRACKER_REQUIRE_ALL is set but {reason}.")
        for item in needing:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": CHROMIUM_ARGS,
    }


# Rows that data migrations create: clause topics and country groups (0002),
# the Editors and Viewers groups (0004), the data version row (0007), the
# provisions (0020).
# Transactional tests (browser tests, row locks) end by emptying every
# table, so a test that runs after one would find them gone; each database
# test puts back whatever is missing, with the migrations' own functions.
MIGRATION_DATA = {
    "0002_vocabulary": "add",
    "0004_editor_groups": "add_groups",
    "0007_data_version": "create_row",
    "0020_provision_vocabulary": "add",
}


def migration_data_missing():
    from django.contrib.auth.models import Group

    from agreements.models import CountryGroup, DataVersion, Provision, Topic

    vocabulary = importlib.import_module("agreements.migrations.0002_vocabulary")
    provisions = importlib.import_module(
        "agreements.migrations.0020_provision_vocabulary"
    )
    return (
        Topic.objects.count() < len(vocabulary.TOPICS)
        or Provision.objects.count() < len(provisions.PROVISIONS)
        or CountryGroup.objects.count() < len(vocabulary.GROUPS)
        or Group.objects.filter(name__in=["Editors", "Viewers"]).count() < 2
        or not DataVersion.objects.filter(pk=1).exists()
    )


def restore_migration_data():
    from django.apps import apps

    for module, function in MIGRATION_DATA.items():
        migration = importlib.import_module(f"agreements.migrations.{module}")
        getattr(migration, function)(apps, None)


@pytest.fixture(autouse=True)
def migration_data(request):
    """The data migrations' rows, whatever test ran before."""
    if request.node.get_closest_marker("django_db") is None and not {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames):
        return
    request.getfixturevalue("db")  # transactional where the test asks for it
    if migration_data_missing():
        restore_migration_data()
