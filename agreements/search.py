"""Full-text search over clause text, and the words a page highlights.

On PostgreSQL clauses are matched with the database's full-text search
(English stemming, web-search syntax: "quoted phrases", `or`, `-word`) and
ranked by relevance. Each clause stores its vector (`Clause.search_vector`:
the heading with weight A, the text with weight B, English configuration),
which a trigger keeps current and a GIN index serves (migration 0006), so a
search neither recomputes `to_tsvector` for every match nor scans the table.
On SQLite each word of the query must start a word of the clause (its
number, heading or text), found in an FTS5 index that triggers keep
(migration 0026); a term without a letter or digit falls back to a
case-insensitive match. The same query string drives the `<mark>`
highlighting on both (see `highlight_pattern`).

Agreements, pledges, events and sources follow the same rule (`search_rows`,
with each model's `SEARCHED` text): every word or "quoted phrase", in any
order, must occur in the row's own text or in text on rows related to it
(an agreement's parties, signatories, event places and alternative titles).
On PostgreSQL that is full-text search over the row's document, computed
per search (these tables are small beside the clauses), ranked; elsewhere a
case-insensitive match on every word.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL

# The configuration the trigger of migration 0006 builds the stored vectors
# with; a query must use the same one to match them.
SEARCH_CONFIG = "english"
INDEX_NAME = "clause_search_vector_idx"
# A term SQLite's FTS5 index can look up: one with a letter or digit.
WORD = re.compile(r"\w")


def query_terms(text):
    """The words and "quoted phrases" of a search, without operators."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text or ""):
        term = (phrase or word).strip()
        if not phrase:
            term = term.lstrip("-+").strip("\"'()[]{}.,;:!?")
            if term.lower() in {"or", "and", "not"}:
                continue
        if term:
            terms.append(term)
    return terms


def search_clauses(queryset, text):
    """`queryset` narrowed to clauses matching `text`, best match first."""
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "agreement", "agreement_id", "position", "pk")
        )
    condition = Q()
    indexed = []
    for term in query_terms(text) or [text]:
        if connection.vendor == "sqlite" and WORD.search(term):
            indexed.append(term)
            continue
        condition &= (
            Q(text__icontains=term)
            | Q(heading__icontains=term)
            | Q(number__icontains=term)
        )
    if indexed:
        found = RawSQL(
            "SELECT rowid FROM clause_search WHERE clause_search MATCH %s",
            [fts_query(indexed)],
        )
        condition &= Q(pk__in=found)
    return queryset.filter(condition)


def fts_query(terms):
    """An FTS5 query (SQLite, migration 0026) for clauses holding every term
    in any column, a word as the start of a word ("consult" finds
    "consultations", as the highlighting marks it) and a quoted phrase as
    those words in a row. Each term is an FTS5 string, so no character of
    it is an operator."""
    return " AND ".join('"{}"*'.format(term.replace('"', '""')) for term in terms)


@dataclass(frozen=True)
class Searched:
    """What a search reads of a model: its own text fields and `related`,
    callables giving querysets of (owner, text) values of rows linked to it
    (owner: the searched row's pk)."""

    fields: tuple
    related: tuple = ()
    # Fields a word list does not describe (addresses): on PostgreSQL they
    # match when they contain the search text as typed.
    verbatim: tuple = ()


def _rows(model_name, **values):
    """A callable giving (owner, text) values of the app's `model_name` rows."""

    def rows():
        model = apps.get_model("agreements", model_name)
        return model.objects.values(**values)

    return rows


def _titles_cited():
    citation = apps.get_model("agreements", "Citation")
    return citation.objects.filter(field="title", agreement__isnull=False).values(
        owner=F("agreement_id"), text=F("claim")
    )


# What the site search and each list's `q` read, by model name.
SEARCHED = {
    "agreement": Searched(
        ("title", "short_title", "summary", "place_signed"),
        related=(
            _rows("Party", owner=F("agreement_id"), text=F("country__name")),
            _rows("SigningEvent", owner=F("agreement_id"), text=F("place")),
            _rows(
                "Participation",
                owner=F("event__agreement_id"),
                text=F("person__name"),
            ),
            _titles_cited,  # other renderings of the title, as sources give them
        ),
    ),
    "pledge": Searched(("description", "donor__name", "recipient__name")),
    "signingevent": Searched(
        ("place", "occasion", "description", "agreement__title"),
        related=(_rows("Participation", owner=F("event_id"), text=F("person__name")),),
    ),
    "source": Searched(("title", "publisher", "author", "url"), verbatim=("url",)),
}


def _related_text(related, outer="pk"):
    """One row's related text joined by spaces, as a correlated subquery."""
    rows = related().filter(owner=OuterRef(outer)).order_by()
    return Subquery(
        rows.values("owner").annotate(joined=StringAgg("text", " ")).values("joined")
    )


def _document(searched):
    parts = [F(name) for name in searched.fields]
    parts += [_related_text(related) for related in searched.related]
    return SearchVector(*parts, config=SEARCH_CONFIG)


def search_rows(model, text):
    """Rows of `model` matching `text` by its SEARCHED rule: best first with
    `rank` on PostgreSQL, in the model's order elsewhere."""
    searched = SEARCHED[model._meta.model_name]
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        condition = Q(search_document=query)
        for name in searched.verbatim:
            condition |= Q(**{f"{name}__icontains": text.strip()})
        return (
            model.objects.annotate(search_document=_document(searched))
            .filter(condition)
            .annotate(rank=SearchRank(F("search_document"), query))
            .order_by("-rank", *model._meta.ordering, "pk")
        )
    rows = model.objects.all()
    for term in query_terms(text) or [text]:
        condition = Q()
        for name in searched.fields:
            condition |= Q(**{f"{name}__icontains": term})
        for related in searched.related:
            linked = related().filter(text__icontains=term).values("owner")
            condition |= Q(pk__in=linked)
        rows = rows.filter(condition)
    return rows


def matching(queryset, text):
    """`queryset` narrowed to the rows `search_rows` finds (its own order
    and annotations kept: a semi-join on the matching ids)."""
    ids = search_rows(queryset.model, text).order_by().values("pk")
    return queryset.filter(pk__in=ids)


# English endings PostgreSQL's stemmer removes; stripping them lets the
# highlighter mark "consultations" for a search on "consulting".
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "es", "ed", "s")


def _stem(word):
    lowered = word.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight_pattern(text):
    """A compiled regex matching what a search for `text` found, or None."""
    alternatives = []
    for term in sorted(query_terms(text), key=len, reverse=True)[:20]:
        if " " in term:
            alternatives.append(r"\s+".join(re.escape(w) for w in term.split()))
        else:
            alternatives.append(rf"\b{re.escape(_stem(term))}\w*")
            alternatives.append(re.escape(term))
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)
