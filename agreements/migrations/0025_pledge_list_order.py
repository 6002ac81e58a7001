"""The pledge list's order as an index: newest period first, pledges with no
period last (PledgeQuerySet.in_list_order). SQLite has no NULLS LAST in an
index, and its DESC already puts them last; PostgreSQL's DESC puts them
first unless told. Not in the model's Meta, which can only say it one way."""

from django.db import migrations

INDEX = {
    "sqlite": 'CREATE INDEX "pledge_list_order" ON "agreements_pledge" '
    '("period_start_year" DESC)',
    "postgresql": 'CREATE INDEX "pledge_list_order" ON "agreements_pledge" '
    '("period_start_year" DESC NULLS LAST)',
}


def create(apps, schema_editor):
    sql = INDEX.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in INDEX:
        schema_editor.execute('DROP INDEX IF EXISTS "pledge_list_order"')


class Migration(migrations.Migration):
    dependencies = [("agreements", "0024_framework_order_index")]

    operations = [migrations.RunPython(create, drop)]
