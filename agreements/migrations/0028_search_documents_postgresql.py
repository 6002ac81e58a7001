"""The text the site search and each list's `q` read, stored and indexed
on PostgreSQL.

A search over agreements, pledges, events and sources built one text
document per row (its own fields and the names, places and titles linked
to it) and matched it: 112,000 `to_tsvector` a search at bench size, about
three seconds. Each part of those documents is now a stored generated
column (PostgreSQL computes it on every insert and update, whoever
writes) with a GIN index, so a word is looked up in each part's index,
the rows holding it are found by key, and ranking reads the stored vector.
An index on the expression alone was not enough: for a word most rows hold
("security") the planner chose to compute the expression for every row
(110 ms for 10,000 agreements) and ranking computed it again. The models
do not know these columns (agreements/search.py reads them); SQLite is
searched as before."""

from django.db import migrations

from ._vendor import run_on

# (table, column, text columns, condition): `condition` leaves other rows NULL.
DOCUMENTS = [
    ("agreements_agreement", "search_document",
     ["title", "short_title", "summary", "place_signed"], ""),
    ("agreements_agreement", "title_document", ["title"], ""),
    ("agreements_country", "name_document", ["name"], ""),
    ("agreements_person", "name_document", ["name"], ""),
    ("agreements_signingevent", "search_document",
     ["place", "occasion", "description"], ""),
    ("agreements_signingevent", "place_document", ["place"], ""),
    ("agreements_pledge", "search_document", ["description"], ""),
    ("agreements_source", "search_document",
     ["title", "publisher", "author", "url"], ""),
    # The other titles sources give an agreement.
    ("agreements_citation", "title_document", ["claim"],
     """"field" = 'title' AND "agreement_id" IS NOT NULL"""),
]  # fmt: skip


def vector(columns, condition):
    joined = " || ' ' || ".join(f'COALESCE("{column}", \'\')' for column in columns)
    sql = f"to_tsvector('english'::regconfig, {joined})"
    return f"CASE WHEN {condition} THEN {sql} END" if condition else sql


def index_name(table, column):
    return f"{table.removeprefix('agreements_')}_{column}"


FORWARDS = []
BACKWARDS = []
for table, column, columns, condition in DOCUMENTS:
    FORWARDS += [
        f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column}" tsvector '
        f"GENERATED ALWAYS AS ({vector(columns, condition)}) STORED",
        f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
        f'USING gin ("{column}")',
    ]
    BACKWARDS.append(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{column}"')
# Adding a stored column rewrites each table, which leaves it with no
# visibility map (every index-only scan reads the rows again: the pledge
# facets 0.4 -> 7.6 ms at bench size) and its new columns without
# statistics, and a rewrite leaves nothing for autovacuum to notice: both
# are made here. VACUUM cannot run in a transaction, so this migration is
# not atomic; each statement can run again if one fails.
FORWARDS += [
    f'VACUUM ANALYZE "{table}"' for table in dict.fromkeys(t for t, *_ in DOCUMENTS)
]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("agreements", "0027_agreement_list_order_postgresql")]

    operations = [run_on("postgresql", FORWARDS, BACKWARDS)]
