"""SQLite's full-text indexes of agreements, events and pledges (FTS5),
kept by triggers, as clauses have theirs (migration 0026).

The site search and each list's `q` matched every word with LIKE over the
text of every agreement, event and pledge (85 ms for the 50,000 events at
bench size). Each table now has an external-content FTS5 index of its own
text (agreements/fts.py: the rows hold it, no second copy), which three
triggers keep in step with every insert, update and delete, whoever
writes; the names and titles linked to a row are matched as before, an
agreement's event places through the events' index. Sources (a few
thousand) are matched with LIKE still. The titles sources give an
agreement are read by an index of citations by field, not a scan of every
citation (160,000 at bench size: 7-20 ms a search word). Nothing on
PostgreSQL (migration 0028)."""

from django.db import migrations

from agreements import fts

from ._vendor import run_on

INDEXES = ["agreement_search", "event_search", "pledge_search"]
CITED_TITLES = "citation_field_agreement"

FORWARDS = [sql for index in INDEXES for sql in fts.create(index)]
FORWARDS.append(
    f"CREATE INDEX {CITED_TITLES} ON agreements_citation(field, agreement_id)"
)
BACKWARDS = [f"DROP INDEX IF EXISTS {CITED_TITLES}"]
BACKWARDS += [sql for index in INDEXES for sql in fts.drop(index)]


class Migration(migrations.Migration):
    dependencies = [("agreements", "0028_search_documents_postgresql")]

    operations = [run_on("sqlite", FORWARDS, BACKWARDS)]
