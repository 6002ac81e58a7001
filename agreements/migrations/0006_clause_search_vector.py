"""A stored full-text vector for each clause, kept by PostgreSQL itself.

The column exists on every database; on PostgreSQL a trigger fills it from
the heading (weight A) and the text (weight B) on every insert and on every
update of either, so saves, bulk inserts, fixture loads and admin edits all
keep it current, and a GIN index over it serves the search. Searching a
stored vector spares recomputing `to_tsvector` for every match when ranking.
The expression index of migration 0005 is no longer used and is dropped.
Elsewhere (SQLite) the column stays NULL and search matches words instead.

`agreements/search.py` holds the search configuration; the vector built
here must stay the same as `SEARCH_CONFIG` and the weights documented there.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "clause_search_vector_idx"
OLD_INDEX_NAME = "clause_search_vector_gin"  # migration 0005's expression index

CREATE_TRIGGER = """
CREATE FUNCTION agreements_clause_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', COALESCE(NEW.heading, '')), 'A')
        || setweight(to_tsvector('english', COALESCE(NEW.text, '')), 'B');
    RETURN NEW;
END
$$;
CREATE TRIGGER agreements_clause_search_vector
BEFORE INSERT OR UPDATE OF heading, text, search_vector ON agreements_clause
FOR EACH ROW EXECUTE FUNCTION agreements_clause_search_vector();
"""

FILL = """
UPDATE agreements_clause SET search_vector =
    setweight(to_tsvector('english', COALESCE(heading, '')), 'A')
    || setweight(to_tsvector('english', COALESCE(text, '')), 'B');
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS agreements_clause_search_vector ON agreements_clause;
DROP FUNCTION IF EXISTS agreements_clause_search_vector();
"""


def old_expression_index():
    return GinIndex(
        SearchVector("heading", weight="A", config="english")
        + SearchVector("text", weight="B", config="english"),
        name=OLD_INDEX_NAME,
    )


def vector_index():
    return GinIndex(fields=["search_vector"], name=INDEX_NAME)


def add_trigger_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    clause = apps.get_model("agreements", "Clause")
    schema_editor.execute(CREATE_TRIGGER)
    schema_editor.execute(FILL)
    schema_editor.add_index(clause, vector_index())
    schema_editor.remove_index(clause, old_expression_index())


def remove_trigger_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    clause = apps.get_model("agreements", "Clause")
    schema_editor.add_index(clause, old_expression_index())
    schema_editor.remove_index(clause, vector_index())
    schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_clause_search_index")]

    operations = [
        migrations.AddField(
            model_name="clause",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunPython(
            add_trigger_and_index, remove_trigger_and_index, elidable=False
        ),
    ]
