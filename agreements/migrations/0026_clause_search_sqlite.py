"""SQLite's full-text index of clause text (FTS5), kept by triggers.

PostgreSQL searches clauses through their stored vectors (migrations 0005
and 0006); SQLite matched every word with LIKE over every clause, half a
second per search at 500,000 clauses. An external-content FTS5 table reads
the clause rows themselves (no second copy of the text), and three triggers
keep its index in step with every insert, update and delete, whoever
writes. Nothing on PostgreSQL."""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE clause_search USING fts5("
    "number, heading, text, content='agreements_clause', content_rowid='id')",
    "CREATE TRIGGER clause_search_insert AFTER INSERT ON agreements_clause BEGIN "
    "INSERT INTO clause_search(rowid, number, heading, text) "
    "VALUES (new.id, new.number, new.heading, new.text); END",
    "CREATE TRIGGER clause_search_delete AFTER DELETE ON agreements_clause BEGIN "
    "INSERT INTO clause_search(clause_search, rowid, number, heading, text) "
    "VALUES ('delete', old.id, old.number, old.heading, old.text); END",
    "CREATE TRIGGER clause_search_update AFTER UPDATE OF number, heading, text "
    "ON agreements_clause BEGIN "
    "INSERT INTO clause_search(clause_search, rowid, number, heading, text) "
    "VALUES ('delete', old.id, old.number, old.heading, old.text); "
    "INSERT INTO clause_search(rowid, number, heading, text) "
    "VALUES (new.id, new.number, new.heading, new.text); END",
    # The clauses already held.
    "INSERT INTO clause_search(clause_search) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS clause_search_insert",
    "DROP TRIGGER IF EXISTS clause_search_delete",
    "DROP TRIGGER IF EXISTS clause_search_update",
    "DROP TABLE IF EXISTS clause_search",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0025_pledge_list_order")]

    operations = [migrations.RunPython(create, drop)]
