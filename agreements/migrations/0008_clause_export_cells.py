"""Two export cells stored on each clause, kept by PostgreSQL itself.

A full clause export spent most of its time building each clause's topic
list (aggregating every clause-topic link and joining the result back) and
its page anchor. On PostgreSQL the database now keeps both on the clause row:

- a BEFORE INSERT OR UPDATE trigger on the clause sets `stored_anchor` from
  the number and `topic_slugs` from the clause's current links, whatever
  values the statement brought, so a stale or hand-written value can never
  stick;
- statement triggers on the clause-topic links (insert, delete, update)
  touch the clauses whose links changed, and a row trigger on a topic whose
  slug changes touches the clauses tagged with it, so the clause trigger
  recomputes their lists.

The anchor expression is `agreements.export.expressions.Anchor` for
PostgreSQL, copied here so that this migration stays as it was written;
tests check that the stored cells equal the computed ones. Elsewhere
(SQLite) both columns stay NULL and the export computes the cells.
"""

from django.db import migrations, models

ANCHOR = (
    "CASE WHEN n <> '' AND translate(n, '.0123456789"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', '') = '' "
    "AND left(n, 1) <> '.' AND right(n, 1) <> '.' "
    "AND strpos(n, '..') = 0 THEN 'clause-' || replace(n, '.', '-') "
    "ELSE 'clause' || COALESCE('-' || NULLIF(btrim(regexp_replace("
    "replace(n, '¶', 'p'), '[^A-Za-z0-9]+', '-', 'g'), '-'), ''), '') END"
)

CREATE = f"""
CREATE FUNCTION agreements_clause_export_cells() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    n text := NEW.number;
BEGIN
    NEW.stored_anchor := {ANCHOR};
    NEW.topic_slugs := (
        SELECT string_agg(topic.slug, '|' ORDER BY link.topic_id)
        FROM agreements_clause_topics link
        JOIN agreements_topic topic ON topic.id = link.topic_id
        WHERE link.clause_id = NEW.id
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER agreements_clause_export_cells
BEFORE INSERT OR UPDATE ON agreements_clause
FOR EACH ROW EXECUTE FUNCTION agreements_clause_export_cells();

CREATE FUNCTION agreements_clause_topics_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE agreements_clause SET topic_slugs = NULL
        WHERE id IN (SELECT clause_id FROM new_links);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE agreements_clause SET topic_slugs = NULL
        WHERE id IN (SELECT clause_id FROM old_links);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER agreements_clause_topics_inserted
AFTER INSERT ON agreements_clause_topics REFERENCING NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION agreements_clause_topics_changed();
CREATE TRIGGER agreements_clause_topics_deleted
AFTER DELETE ON agreements_clause_topics REFERENCING OLD TABLE AS old_links
FOR EACH STATEMENT EXECUTE FUNCTION agreements_clause_topics_changed();
CREATE TRIGGER agreements_clause_topics_updated
AFTER UPDATE ON agreements_clause_topics
REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
FOR EACH STATEMENT EXECUTE FUNCTION agreements_clause_topics_changed();

CREATE FUNCTION agreements_topic_slug_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agreements_clause SET topic_slugs = NULL
    WHERE id IN (
        SELECT clause_id FROM agreements_clause_topics WHERE topic_id = NEW.id
    );
    RETURN NULL;
END
$$;
CREATE TRIGGER agreements_topic_slug_changed
AFTER UPDATE OF slug ON agreements_topic
FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
EXECUTE FUNCTION agreements_topic_slug_changed();

UPDATE agreements_clause SET topic_slugs = NULL;
"""

DROP = """
DROP TRIGGER IF EXISTS agreements_topic_slug_changed ON agreements_topic;
DROP FUNCTION IF EXISTS agreements_topic_slug_changed();
DROP TRIGGER IF EXISTS agreements_clause_topics_updated ON agreements_clause_topics;
DROP TRIGGER IF EXISTS agreements_clause_topics_deleted ON agreements_clause_topics;
DROP TRIGGER IF EXISTS agreements_clause_topics_inserted ON agreements_clause_topics;
DROP FUNCTION IF EXISTS agreements_clause_topics_changed();
DROP TRIGGER IF EXISTS agreements_clause_export_cells ON agreements_clause;
DROP FUNCTION IF EXISTS agreements_clause_export_cells();
"""


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def remove_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_data_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="clause",
            name="stored_anchor",
            field=models.CharField(
                editable=False, max_length=80, null=True, serialize=False
            ),
        ),
        migrations.AddField(
            model_name="clause",
            name="topic_slugs",
            field=models.TextField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
