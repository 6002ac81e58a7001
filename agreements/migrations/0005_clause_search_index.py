"""A GIN index for full-text search over clauses, on PostgreSQL only.

The indexed expression must stay the same as `clause_vector()` in
agreements/search.py: PostgreSQL uses an expression index only for queries
over that very expression. Other databases have no such index (SQLite's
search is a simple match), so this migration does nothing there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "clause_search_vector_gin"


def clause_search_index():
    return GinIndex(
        SearchVector("heading", weight="A", config="english")
        + SearchVector("text", weight="B", config="english"),
        name=INDEX_NAME,
    )


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(
            apps.get_model("agreements", "Clause"), clause_search_index()
        )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(
            apps.get_model("agreements", "Clause"), clause_search_index()
        )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_editor_groups")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
