"""A third export cell stored on each clause: its citation URLs.

The full clause export streams the clauses in order, without a sort of all
rows, but still aggregated each clause's citations as it went: a subquery
per row over its citations and their sources. On PostgreSQL the database
now keeps that list on the clause row, as migration 0008 does for the topic
list and the anchor, so the full export aggregates no citation list:

- the BEFORE INSERT OR UPDATE trigger on the clause (0008's function,
  replaced) also sets `citation_urls` from the clause's current citations:
  the distinct non-empty URLs of their sources in code-point order, joined
  by "|", NULL for none (as `citation_urls()` in agreements/export/columns.py
  computes them), whatever value the statement brought;
- statement triggers on citations (insert, delete, update) touch the clauses
  whose citations changed, and a row trigger on a source whose URL changes
  touches the clauses it is cited by, so the clause trigger recomputes
  their lists.

Elsewhere (SQLite) the column stays NULL and the export computes the cell.
Reversing puts back 0008's clause trigger function.
"""

import importlib

from django.db import migrations, models

# The anchor expression exactly as 0008 wrote it (a module name starting
# with a digit cannot be imported with `from`).
ANCHOR = importlib.import_module(
    "agreements.migrations.0008_clause_export_cells"
).ANCHOR

ANCHOR_CELL = f"""\
    NEW.stored_anchor := {ANCHOR};
"""

TOPICS_CELL = """\
    NEW.topic_slugs := (
        SELECT string_agg(topic.slug, '|' ORDER BY link.topic_id)
        FROM agreements_clause_topics link
        JOIN agreements_topic topic ON topic.id = link.topic_id
        WHERE link.clause_id = NEW.id
    );
"""

CITATIONS_CELL = """\
    NEW.citation_urls := (
        SELECT string_agg(
            DISTINCT source.url::text COLLATE "C", '|'
            ORDER BY source.url::text COLLATE "C"
        )
        FROM agreements_citation citation
        JOIN agreements_source source ON source.id = citation.source_id
        WHERE citation.clause_id = NEW.id AND source.url <> ''
    );
"""


def cells_function(*cells):
    """The clause trigger's function, setting the given cells."""
    return (
        """
CREATE OR REPLACE FUNCTION agreements_clause_export_cells() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    n text := NEW.number;
BEGIN
"""
        + "".join(cells)
        + """\
    RETURN NEW;
END
$$;
"""
    )


CREATE = (
    cells_function(ANCHOR_CELL, TOPICS_CELL, CITATIONS_CELL)
    + """
CREATE FUNCTION agreements_clause_citations_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE agreements_clause SET citation_urls = NULL
        WHERE id IN (SELECT clause_id FROM new_citations);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE agreements_clause SET citation_urls = NULL
        WHERE id IN (SELECT clause_id FROM old_citations);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER agreements_clause_citations_inserted
AFTER INSERT ON agreements_citation REFERENCING NEW TABLE AS new_citations
FOR EACH STATEMENT EXECUTE FUNCTION agreements_clause_citations_changed();
CREATE TRIGGER agreements_clause_citations_deleted
AFTER DELETE ON agreements_citation REFERENCING OLD TABLE AS old_citations
FOR EACH STATEMENT EXECUTE FUNCTION agreements_clause_citations_changed();
CREATE TRIGGER agreements_clause_citations_updated
AFTER UPDATE ON agreements_citation
REFERENCING OLD TABLE AS old_citations NEW TABLE AS new_citations
FOR EACH STATEMENT EXECUTE FUNCTION agreements_clause_citations_changed();

CREATE FUNCTION agreements_source_url_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agreements_clause SET citation_urls = NULL
    WHERE id IN (
        SELECT clause_id FROM agreements_citation WHERE source_id = NEW.id
    );
    RETURN NULL;
END
$$;
CREATE TRIGGER agreements_source_url_changed
AFTER UPDATE OF url ON agreements_source
FOR EACH ROW WHEN (OLD.url IS DISTINCT FROM NEW.url)
EXECUTE FUNCTION agreements_source_url_changed();

-- Only cited clauses can have a list; the others stay NULL as they are.
UPDATE agreements_clause SET citation_urls = NULL
WHERE id IN (SELECT clause_id FROM agreements_citation);
"""
)

DROP = """
DROP TRIGGER IF EXISTS agreements_source_url_changed ON agreements_source;
DROP FUNCTION IF EXISTS agreements_source_url_changed();
DROP TRIGGER IF EXISTS agreements_clause_citations_updated ON agreements_citation;
DROP TRIGGER IF EXISTS agreements_clause_citations_deleted ON agreements_citation;
DROP TRIGGER IF EXISTS agreements_clause_citations_inserted ON agreements_citation;
DROP FUNCTION IF EXISTS agreements_clause_citations_changed();
""" + cells_function(ANCHOR_CELL, TOPICS_CELL)


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_clause_export_cells"),
    ]

    operations = [
        migrations.AddField(
            model_name="clause",
            name="citation_urls",
            field=models.TextField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
