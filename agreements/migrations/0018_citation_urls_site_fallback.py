"""A clause's stored citation URLs name the site's page for a source that
has no web address of its own.

The seed documents (the Accord's full text among them) are held by the
site and have no URL, so a clause cited only by them had an empty
`citation_urls` cell. On PostgreSQL the clause trigger (0014's function,
replaced) now lists such a source as its page here, site-relative:
`/sources/<slug>/` (the path of agreements:source-detail; a test checks
they agree), in both cells (`citation_urls`, `citation_urls_json`), before
the web addresses, each group in code-point order. An export makes the
paths absolute (export.expressions.SitePaths), as the ORM does on SQLite
(export.columns.citation_urls).

The source trigger of 0009 now also fires when a source's slug changes,
since the cells hold it. Every cited clause is recomputed. Reversing puts
back 0014's function and 0009's source trigger.
"""

import importlib

from django.db import migrations

cells_0009 = importlib.import_module("agreements.migrations.0009_clause_citation_urls")
cells_0014 = importlib.import_module("agreements.migrations.0014_clause_json_cells")

SOURCE_PATH = "/sources/"
ADDRESS = (
    f"(CASE WHEN source.url = '' THEN '{SOURCE_PATH}' || source.slug || '/' "
    'ELSE source.url END)::text COLLATE "C"'
)

CITATIONS_CELL = f"""\
    NEW.citation_urls := (
        SELECT string_agg(DISTINCT {ADDRESS}, '|' ORDER BY {ADDRESS})
        FROM agreements_citation citation
        JOIN agreements_source source ON source.id = citation.source_id
        WHERE citation.clause_id = NEW.id
    );
"""

CITATIONS_JSON_CELL = f"""\
    NEW.citation_urls_json := (
        SELECT COALESCE(json_agg(DISTINCT {ADDRESS} ORDER BY {ADDRESS}), '[]')::text
        FROM agreements_citation citation
        JOIN agreements_source source ON source.id = citation.source_id
        WHERE citation.clause_id = NEW.id
    );
"""


def source_trigger(condition, columns):
    return f"""
DROP TRIGGER IF EXISTS agreements_source_url_changed ON agreements_source;
CREATE TRIGGER agreements_source_url_changed
AFTER UPDATE OF {columns} ON agreements_source
FOR EACH ROW WHEN ({condition})
EXECUTE FUNCTION agreements_source_url_changed();
"""


RECOMPUTE = """
UPDATE agreements_clause SET citation_urls = NULL
WHERE id IN (SELECT clause_id FROM agreements_citation);
"""

CREATE = (
    cells_0009.cells_function(
        cells_0009.ANCHOR_CELL,
        cells_0009.TOPICS_CELL,
        CITATIONS_CELL,
        cells_0014.TOPICS_JSON_CELL,
        CITATIONS_JSON_CELL,
    )
    + source_trigger(
        "OLD.url IS DISTINCT FROM NEW.url OR OLD.slug IS DISTINCT FROM NEW.slug",
        "url, slug",
    )
    + RECOMPUTE
)

DROP = (
    cells_0009.cells_function(
        cells_0009.ANCHOR_CELL,
        cells_0009.TOPICS_CELL,
        cells_0009.CITATIONS_CELL,
        cells_0014.TOPICS_JSON_CELL,
        cells_0014.CITATIONS_JSON_CELL,
    )
    + source_trigger("OLD.url IS DISTINCT FROM NEW.url", "url")
    + RECOMPUTE
)


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0017_citation_reading"),
    ]

    operations = [
        migrations.RunPython(replace_function, restore_function),
    ]
