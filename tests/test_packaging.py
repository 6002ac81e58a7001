"""A built wheel holds every module and migration of the project's packages."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(settings.BASE_DIR)
PACKAGES = ("tracker", "agreements")


def modules_on_disk():
    return {
        path.relative_to(PROJECT).as_posix()
        for package in PACKAGES
        for path in (PROJECT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }


def build_wheel(tmp_path):
    """The wheel of a copy of the project (the build leaves its own folders
    there, not in the checkout), built offline with the installed setuptools."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            PROJECT / package,
            source / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        + ["--disable-pip-version-check", "--quiet", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.mark.skipif(
    PROJECT.name == "mutants",
    reason="mutmut's copy of the project (make mutants) is laid out for mutation",
)
def test_the_wheel_holds_every_module_and_migration(tmp_path):
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        packed = {name for name in wheel.namelist() if name.endswith(".py")}

    expected = modules_on_disk()
    assert packed == expected
    assert {
        "agreements/models/agreements.py",
        "agreements/export/writer.py",
        "agreements/admin/records.py",
        "agreements/seed/build.py",
        "agreements/migrations/0001_initial.py",
        "agreements/migrations/0012_missing_values_last.py",
        "agreements/management/commands/load_seed.py",
        "tracker/settings.py",
    } <= packed
