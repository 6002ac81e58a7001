"""Statements a migration runs on one kind of database only (not a
migration: Django's loader skips modules whose names start with "_")."""

from django.db import migrations


def run_on(vendor, forwards, backwards):
    """A RunPython executing the `forwards` statements on `vendor` (and,
    reversed, the `backwards` ones); nothing elsewhere."""

    def execute(statements):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor == vendor:
                for statement in statements:
                    schema_editor.execute(statement)

        return run

    return migrations.RunPython(execute(forwards), execute(backwards))
