"""What a backup file is, and writing one so that it is never half there."""

import contextlib
import os
import tempfile
from dataclasses import dataclass

# The file kinds, named as Django names the database vendors.
POSTGRESQL, SQLITE = "postgresql", "sqlite"
KINDS = {
    POSTGRESQL: "a PostgreSQL backup (pg_dump custom format)",
    SQLITE: "an SQLite database file",
}
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
# Files that people take for backups, and what to do with them instead.
OTHER_FILES = (
    (b"\x1f\x8b", "it is gzip-compressed: decompress it first (gunzip)"),
    (b"--", "it is an SQL script (a plain pg_dump?): load that with psql"),
    (b"[", "it looks like JSON (manage.py dumpdata?): that is loaddata's input"),
    (b"{", "it looks like JSON: not a backup of this site"),
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead, and why (for the user)."""


@dataclass(frozen=True)
class Summary:
    """What a backup file holds, or what a restore loaded."""

    path: str
    kind: str  # POSTGRESQL or SQLITE
    tables: dict  # {table name: rows}
    size: int  # bytes of the file

    @property
    def rows(self):
        return sum(self.tables.values())


def file_kind(path):
    """POSTGRESQL or SQLITE, from the first bytes of the file at `path`;
    BackupError saying what the file is otherwise."""
    if os.path.isdir(path):
        raise BackupError(f"{path} is a directory, not a backup file.")
    try:
        with open(path, "rb") as file:
            start = file.read(16)
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    for kind, magic in MAGIC.items():
        if start.startswith(magic):
            return kind
    if not start:
        raise BackupError(f"{path} is empty: not a backup.")
    for magic, what in OTHER_FILES:
        if start.lstrip().startswith(magic):
            raise BackupError(f"{path} is not a backup written by `backup`: {what}.")
    raise BackupError(
        f"{path} is not a backup written by `backup` (neither {KINDS[POSTGRESQL]} "
        f"nor {KINDS[SQLITE]})."
    )


@contextlib.contextmanager
def written_atomically(path):
    """A temporary path beside `path` to write to; renamed to `path` when
    the block ends without error, removed otherwise. A backup that fails
    halfway leaves the previous file at `path` as it was."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise BackupError(f"There is no directory {directory} to write {path} in.")
    handle, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(path)}.", suffix=".partial", dir=directory
    )
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
