"""SQLite's full-text indexes of agreements, events and pledges (FTS5),
kept by triggers, as clauses have theirs (migration 0026).

The site search and each list's `q` matched every word with LIKE over the
text of every agreement, event and pledge (85 ms for the 50,000 events at
bench size). Each table now has an external-content FTS5 index of its own
text (the rows themselves hold it; no second copy), which three triggers
keep in step with every insert, update and delete, whoever writes; the
names and titles linked to a row are matched as before, an agreement's
event places through the events' index. Sources
(a few thousand) are matched with LIKE still. Nothing on PostgreSQL
(migration 0028)."""

from django.db import migrations

from ._vendor import run_on

# (FTS table, table, columns)
INDEXES = [
    ("agreement_search", "agreements_agreement",
     ["title", "short_title", "summary", "place_signed"]),
    ("event_search", "agreements_signingevent", ["place", "occasion", "description"]),
    ("pledge_search", "agreements_pledge", ["description"]),
]  # fmt: skip


def statements(index, table, columns):
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    delete = (
        f"INSERT INTO {index}({index}, rowid, {names}) "
        f"VALUES ('delete', old.id, {old});"
    )
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, "
        f"content='{table}', content_rowid='id')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        # The rows already held.
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


# The titles sources give an agreement, read by field without a scan of
# every citation (160,000 at bench size: 7-20 ms a search word).
CITED_TITLES = "citation_field_agreement"
FORWARDS = [sql for index in INDEXES for sql in statements(*index)]
FORWARDS.append(
    f"CREATE INDEX {CITED_TITLES} ON agreements_citation(field, agreement_id)"
)
BACKWARDS = [f"DROP INDEX IF EXISTS {CITED_TITLES}"]
BACKWARDS += [
    sql
    for index, _, _ in INDEXES
    for sql in (
        f"DROP TRIGGER IF EXISTS {index}_insert",
        f"DROP TRIGGER IF EXISTS {index}_delete",
        f"DROP TRIGGER IF EXISTS {index}_update",
        f"DROP TABLE IF EXISTS {index}",
    )
]


class Migration(migrations.Migration):
    dependencies = [("agreements", "0028_search_documents_postgresql")]

    operations = [run_on("sqlite", FORWARDS, BACKWARDS)]
