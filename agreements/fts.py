"""SQLite's full-text indexes (FTS5) and the triggers that keep them.

Each index is an external-content FTS5 table over one table's text columns
(the rows hold the text; no second copy) kept by three triggers on that
table. Migration 0026 made the clauses' index, 0029 those of agreements,
events and pledges. SQLite drops a table's triggers when a migration
rebuilds the table (an AlterField does), which would leave its index
silently stale, so after every `migrate` (apps.py) `repair()` re-creates
any missing trigger and rebuilds that index from the rows. Nothing on
PostgreSQL, which stores and indexes its search vectors itself.
"""

from django.db.models.expressions import RawSQL

# FTS table: (table, columns). Migration 0026 keeps its own copy of the
# first, as landed migrations do.
INDEXES = {
    "clause_search": ("agreements_clause", ("number", "heading", "text")),
    "agreement_search": (
        "agreements_agreement",
        ("title", "short_title", "summary", "place_signed"),
    ),
    "event_search": ("agreements_signingevent", ("place", "occasion", "description")),
    "pledge_search": ("agreements_pledge", ("description",)),
}


def index_of(table, column=None):
    """The FTS table indexing `table`'s text (holding `column`, if given),
    or None."""
    for index, (indexed, columns) in INDEXES.items():
        if indexed == table and (column is None or column in columns):
            return index
    return None


def rowids(index, query):
    """The ids of the rows whose text matches the FTS5 `query`, for a
    semi-join (`pk__in=`)."""
    return RawSQL(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [query])


def triggers(index):
    """{trigger name: CREATE TRIGGER statement} keeping `index` current."""
    table, columns = INDEXES[index]
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    insert = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    delete = (
        f"INSERT INTO {index}({index}, rowid, {names}) "
        f"VALUES ('delete', old.id, {old});"
    )
    return {
        f"{index}_insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
        f"{index}_delete": f"AFTER DELETE ON {table} BEGIN {delete} END",
        f"{index}_update": (
            f"AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END"
        ),
    }


def create(index):
    """The statements that make `index`, its triggers, and fill it."""
    table, columns = INDEXES[index]
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(columns)}, "
        f"content='{table}', content_rowid='id')",
        *(f"CREATE TRIGGER {name} {body}" for name, body in triggers(index).items()),
        rebuild(index),
    ]


def drop(index):
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in triggers(index)),
        f"DROP TABLE IF EXISTS {index}",
    ]


def rebuild(index):
    return f"INSERT INTO {index}({index}) VALUES ('rebuild')"


def repair(connection):
    """Re-create the triggers a table rebuild dropped, and rebuild each
    index that lost any; the names of the indexes rebuilt."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master")
        present = set(cursor.fetchall())
        repaired = []
        for index in INDEXES:
            if ("table", index) not in present:
                continue  # its migration has not run
            missing = {
                name: body
                for name, body in triggers(index).items()
                if ("trigger", name) not in present
            }
            for name, body in missing.items():
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            if missing:
                cursor.execute(rebuild(index))
                repaired.append(index)
    return repaired
