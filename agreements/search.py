"""Full-text search over clause text, and the words a page highlights.

On PostgreSQL clauses are matched with the database's full-text search
(English stemming, web-search syntax: "quoted phrases", `or`, `-word`) and
ranked by relevance. Each clause stores its vector (`Clause.search_vector`:
the heading with weight A, the text with weight B, English configuration),
which a trigger keeps current and a GIN index serves (migration 0006), so a
search neither recomputes `to_tsvector` for every match nor scans the table.
Other databases (SQLite) fall back to a case-insensitive match on every word
of the query. The same query string drives the `<mark>` highlighting on both
(see `highlight_pattern`).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

# The configuration the trigger of migration 0006 builds the stored vectors
# with; a query must use the same one to match them.
SEARCH_CONFIG = "english"
INDEX_NAME = "clause_search_vector_idx"


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
    for term in query_terms(text) or [text]:
        condition &= (
            Q(text__icontains=term)
            | Q(heading__icontains=term)
            | Q(number__icontains=term)
        )
    return queryset.filter(condition)


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
