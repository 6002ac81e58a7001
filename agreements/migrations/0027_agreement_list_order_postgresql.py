"""The agreement list's order (Agreement.Meta.ordering: newest signed first,
not signed last, then title and id) as an index PostgreSQL can read it from.

The `agreement_list_order` index (-signed_on, title) serves SQLite, whose
DESC already puts NULL last; PostgreSQL's DESC puts NULL first, so it
sorted every matching row to show 50 (5.2 ms for a year's 3,000 at bench
size). SQLite has no NULLS LAST in an index and needs nothing more."""

from django.db import migrations

INDEX = (
    'CREATE INDEX "agreement_list_order_pg" ON "agreements_agreement" '
    '("signed_on" DESC NULLS LAST, "title", "id")'
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "agreement_list_order_pg"')


class Migration(migrations.Migration):
    dependencies = [("agreements", "0026_clause_search_sqlite")]

    operations = [migrations.RunPython(create, drop)]
