"""The clause's two stored lists once more, as JSON arrays, for the API.

The JSON Lines download of every clause built each clause's topic and
citation lists as JSON arrays as it went (the stored cells of 0008 and 0009
are "|"-joined text, which cannot be split back safely: a URL may hold a
"|"). On PostgreSQL the clause trigger (0009's function, replaced) now also
sets

- `topic_slugs_json`: the topic slugs in vocabulary order, as a JSON array;
- `citation_urls_json`: the distinct non-empty URLs of the cited sources in
  code-point order, as a JSON array;

"[]" for none, from the clause's current links and citations, whatever the
statement brought. The statement and row triggers of 0008 and 0009 already
touch every clause whose links, topics, citations or sources change, so the
clause trigger recomputes these cells with the others. Elsewhere (SQLite)
both stay NULL and the API computes the arrays. Reversing puts back 0009's
function.
"""

import importlib

from django.db import migrations, models

# 0009's cells exactly as it wrote them (a module name starting with a digit
# cannot be imported with `from`).
previous = importlib.import_module("agreements.migrations.0009_clause_citation_urls")

TOPICS_JSON_CELL = """\
    NEW.topic_slugs_json := (
        SELECT COALESCE(json_agg(topic.slug ORDER BY link.topic_id), '[]')::text
        FROM agreements_clause_topics link
        JOIN agreements_topic topic ON topic.id = link.topic_id
        WHERE link.clause_id = NEW.id
    );
"""

CITATIONS_JSON_CELL = """\
    NEW.citation_urls_json := (
        SELECT COALESCE(json_agg(
            DISTINCT source.url::text COLLATE "C"
            ORDER BY source.url::text COLLATE "C"
        ), '[]')::text
        FROM agreements_citation citation
        JOIN agreements_source source ON source.id = citation.source_id
        WHERE citation.clause_id = NEW.id AND source.url <> ''
    );
"""

CREATE = (
    previous.cells_function(
        previous.ANCHOR_CELL,
        previous.TOPICS_CELL,
        previous.CITATIONS_CELL,
        TOPICS_JSON_CELL,
        CITATIONS_JSON_CELL,
    )
    + """
-- Every clause, to fill the new cells (the row trigger sets them all).
UPDATE agreements_clause SET topic_slugs = NULL;
"""
)

DROP = previous.cells_function(
    previous.ANCHOR_CELL, previous.TOPICS_CELL, previous.CITATIONS_CELL
)


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0013_data_version_changed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="clause",
            name="topic_slugs_json",
            field=models.TextField(editable=False, null=True, serialize=False),
        ),
        migrations.AddField(
            model_name="clause",
            name="citation_urls_json",
            field=models.TextField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(replace_function, restore_function),
    ]
