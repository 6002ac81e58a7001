"""The number of clauses each agreement holds, kept on the agreement's row.

The agreement list shows, sorts by and notes on this count ("clause text
held for 12 of 31 agreements"). Counting it per request joined the 500,000
clauses of the benchmark data on every page (about 300 ms on SQLite); read
from the row it costs nothing. The database keeps it right, whatever writes
the clauses (the admin, a text import, loaddata, bulk_create, SQL):

- SQLite: row triggers on insert, delete and a change of agreement;
- PostgreSQL: statement triggers reading the transition tables, so a bulk
  insert of 5,000 clauses updates each agreement once, not 5,000 times.

`install()` runs in the migration that adds the column and again after every
`migrate` (apps.py), because SQLite drops a table's triggers when a later
migration rebuilds the table; it then recounts every agreement, so a count
can never stay wrong after a migration.
"""

SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER IF NOT EXISTS agreement_clause_count_insert
    AFTER INSERT ON agreements_clause BEGIN
        UPDATE agreements_agreement SET clause_count = clause_count + 1
        WHERE id = NEW.agreement_id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS agreement_clause_count_delete
    AFTER DELETE ON agreements_clause BEGIN
        UPDATE agreements_agreement SET clause_count = clause_count - 1
        WHERE id = OLD.agreement_id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS agreement_clause_count_move
    AFTER UPDATE OF agreement_id ON agreements_clause
    WHEN OLD.agreement_id <> NEW.agreement_id BEGIN
        UPDATE agreements_agreement SET clause_count = clause_count - 1
        WHERE id = OLD.agreement_id;
        UPDATE agreements_agreement SET clause_count = clause_count + 1
        WHERE id = NEW.agreement_id;
    END
    """,
)

# One function for the three statement triggers; each branch reads only the
# transition tables its event has.
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION agreements_clause_count_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE agreements_agreement a SET clause_count = a.clause_count + d.n
        FROM (SELECT agreement_id, count(*) AS n FROM new_rows
              GROUP BY agreement_id) d
        WHERE a.id = d.agreement_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE agreements_agreement a SET clause_count = a.clause_count - d.n
        FROM (SELECT agreement_id, count(*) AS n FROM old_rows
              GROUP BY agreement_id) d
        WHERE a.id = d.agreement_id;
    ELSE
        UPDATE agreements_agreement a SET clause_count = a.clause_count + d.n
        FROM (SELECT agreement_id, sum(n) AS n FROM (
                  SELECT agreement_id, 1 AS n FROM new_rows
                  UNION ALL SELECT agreement_id, -1 FROM old_rows) moved
              GROUP BY agreement_id HAVING sum(n) <> 0) d
        WHERE a.id = d.agreement_id;
    END IF;
    RETURN NULL;
END
$$
"""
POSTGRESQL_TRIGGERS = {
    "agreement_clause_count_insert": ("INSERT", "NEW TABLE AS new_rows"),
    "agreement_clause_count_delete": ("DELETE", "OLD TABLE AS old_rows"),
    "agreement_clause_count_move": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    ),
}

COUNTED = """(SELECT count(*) FROM agreements_clause
    WHERE agreements_clause.agreement_id = agreements_agreement.id)"""
# Only the rows that are wrong are written.
RECOUNT = f"""
UPDATE agreements_agreement SET clause_count = {COUNTED}
WHERE clause_count <> {COUNTED}
"""


def statements(vendor):
    """The SQL that installs the triggers on this kind of database."""
    if vendor == "sqlite":
        return list(SQLITE_TRIGGERS)
    if vendor == "postgresql":
        found = [POSTGRESQL_FUNCTION]
        for name, (event, tables) in POSTGRESQL_TRIGGERS.items():
            found += [
                f"DROP TRIGGER IF EXISTS {name} ON agreements_clause",
                f"CREATE TRIGGER {name} AFTER {event} ON agreements_clause "
                f"REFERENCING {tables} FOR EACH STATEMENT "
                "EXECUTE FUNCTION agreements_clause_count_changed()",
            ]
        return found
    raise NotImplementedError(f"No clause count triggers for {vendor}.")


def install(connection):
    """Install (or re-install) the triggers, then recount every agreement."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor):
            cursor.execute(sql)
        cursor.execute(RECOUNT)


def uninstall(connection):
    """Remove the triggers (the migration's reverse)."""
    suffix = " ON agreements_clause" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for name in POSTGRESQL_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
