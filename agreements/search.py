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
On PostgreSQL that is full-text search, ranked. Each part of a row's
document (its own fields; each kind of linked text) is a stored vector
with a GIN index (migration 0028, `PARTS`), and a search of plain words
looks each word up in every part's index, so the rows holding it are found
by key: a word is in the row's document exactly when it is in one of its
parts. A search with a "quoted phrase" or `-word` is matched against the
whole document of the rows holding its other words only, one with `or` of
the rows holding any of its words; only a search of -words alone reads
every row's document. On SQLite each word must start a word of the row's
own text, found in its FTS5 index (agreements, events, pledges:
agreements/fts.py), or occur in the linked text (an agreement's event
places through the events' index); sources match every word anywhere.
"""

import functools
import operator
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, When
from django.db.models.expressions import RawSQL

from . import fts

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
        condition &= Q(pk__in=fts.rowids("clause_search", fts_query(indexed)))
    return queryset.filter(condition)


def fts_query(terms, column=None):
    """An FTS5 query (SQLite, migrations 0026 and 0029) for rows holding
    every term in any column (or in `column`), a word as the start of a word
    ("consult" finds "consultations", as the highlighting marks it) and a
    quoted phrase as those words in a row. Each term is an FTS5 string, so
    no character of it is an operator."""
    within = f"{{{column}}} : " if column else ""
    return " AND ".join(
        within + '"{}"*'.format(term.replace('"', '""')) for term in terms
    )


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
    """A callable giving (owner, text) values of the app's `model_name` rows
    (its `model_name` and `text_field`, the row's own field the text is, if
    it is one, tell SQLite's search where an index of it may be)."""

    def rows():
        model = apps.get_model("agreements", model_name)
        return model.objects.values(**values)

    rows.model_name = model_name
    text = values.get("text")
    rows.text_field = text.name if isinstance(text, F) else None
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


def _sqlite_match(model, term, column=None):
    """The keys of `model`'s rows whose own text (or its `column`) holds
    `term` by SQLite's FTS5 index, or None where no index serves."""
    index = fts.index_of(model._meta.db_table, column)
    if index is None or connection.vendor != "sqlite" or not WORD.search(term):
        return None
    return fts.rowids(index, fts_query([term], column))


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


class Stored(Func):
    """A text-search vector column PostgreSQL keeps on the queryset's own
    table (migration 0028; the models do not know these columns)."""

    output_field = SearchVectorField()

    def __init__(self, column):
        self.column = column
        super().__init__()

    def as_sql(self, compiler, connection, **extra_context):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


def _holding_in(model_name, column, query):
    """The rows of `model_name` whose stored `column` holds `query`."""
    model = apps.get_model("agreements", model_name)
    return model.objects.order_by().alias(d=Stored(column)).filter(d=query)


# Each part of a row's document, read from the stored columns of migration
# 0028 (the text SEARCHED names, part by part): (model, the searched row's
# key on it, the relation to the row holding the column or None for the
# model's own, the column).
PARTS = {
    "agreement": (
        ("Agreement", "pk", None, "search_document"),
        ("Party", "agreement_id", "country", "name_document"),
        ("SigningEvent", "agreement_id", None, "place_document"),
        ("Participation", "event__agreement_id", "person", "name_document"),
        ("Citation", "agreement_id", None, "title_document"),
    ),
    "pledge": (
        ("Pledge", "pk", None, "search_document"),
        ("Pledge", "pk", "donor", "name_document"),
        ("Pledge", "pk", "recipient", "name_document"),
    ),
    "signingevent": (
        ("SigningEvent", "pk", None, "search_document"),
        ("SigningEvent", "pk", "agreement", "title_document"),
        ("Participation", "event_id", "person", "name_document"),
    ),
    "source": (("Source", "pk", None, "search_document"),),
}


def _part_keys(part, query):
    """The searched rows' keys whose `part` holds `query`: a lookup in the
    part's index, the linked rows first."""
    model_name, owner, link, column = part
    model = apps.get_model("agreements", model_name)
    if link is None:
        rows = _holding_in(model_name, column, query)
    else:
        holder = model._meta.get_field(link).related_model._meta.object_name
        rows = model.objects.order_by().filter(
            **{f"{link}__in": _holding_in(holder, column, query)}
        )
    return rows.values(owner=F(owner))


def _words(text):
    """How the words of a search of `text` narrow it before its whole
    document is matched: (words, rule) with rule ALL when every row found
    holds all of the words and holding them is the whole condition (plain
    words), CHECK when such rows are then matched (a phrase, a -word), ANY
    when a row holding any of them is (an `or`); None when no word narrows
    it (only -words)."""
    tokens = (text or "").split()
    negated = [token for token in tokens if token.startswith("-") and len(token) > 1]
    words = []
    for term in query_terms(" ".join(t for t in tokens if t not in negated)):
        words.extend(term.split())
    words = [word for word in dict.fromkeys(words) if _has_lexemes(word)]
    if negated and not words:  # "-word" alone: every row without it
        return None
    if any(token.lower() == "or" for token in tokens):
        return words, ANY
    return words, CHECK if negated or '"' in text else ALL


ALL, CHECK, ANY = "all", "check", "any"


@functools.lru_cache(maxsize=4096)
def _has_lexemes(word):
    """Whether `word` leaves a lexeme to look up (not only stop words)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(plainto_tsquery(%s::regconfig, %s)) > 0",
            [SEARCH_CONFIG, word],
        )
        return cursor.fetchone()[0]


def _holding(model, word):
    """The keys of `model`'s rows whose document holds `word`: each part's
    index looked up, their keys in one set (a UNION; an OR of the parts'
    semi-joins would read every row of the table to test it against each)."""
    query = SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    parts = [_part_keys(part, query) for part in PARTS[model._meta.model_name]]
    return Q(pk__in=parts[0].union(*parts[1:], all=True) if parts[1:] else parts[0])


def search_rows(model, text):
    """Rows of `model` matching `text` by its SEARCHED rule: best first with
    `rank` on PostgreSQL, in the model's order elsewhere."""
    searched = SEARCHED[model._meta.model_name]
    if connection.vendor == "postgresql":
        return _postgres_rows(model, searched, text)
    rows = model.objects.all()
    for term in query_terms(text) or [text]:
        condition = Q()
        indexed = _sqlite_match(model, term)
        if indexed is not None:  # the start of a word of the row's own text
            condition = Q(pk__in=indexed)
        for name in searched.fields:
            if "__" in name:  # a linked row's field: the few linked rows first
                relation, _, field = name.rpartition("__")
                linked = model._meta.get_field(relation).related_model
                found = linked.objects.filter(**{f"{field}__icontains": term})
                condition |= Q(**{f"{relation}__in": found})
            elif indexed is None:
                condition |= Q(**{f"{name}__icontains": term})
        for related in searched.related:
            field = getattr(related, "text_field", None)
            found = field and _sqlite_match(
                apps.get_model("agreements", related.model_name), term, field
            )
            linked = related().filter(
                Q(pk__in=found) if found is not None else Q(text__icontains=term)
            )
            condition |= Q(pk__in=linked.values("owner"))
        rows = rows.filter(condition)
    return rows


def _postgres_rows(model, searched, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    narrowing = _words(text)
    words, rule = narrowing or ((), None)
    if words:
        holding = [_holding(model, word) for word in words]
        join = operator.or_ if rule == ANY else operator.and_
        condition = functools.reduce(join, holding)
    else:
        condition = Q(pk__in=[])  # nothing found, unless by the document
    if rule != ALL:
        # The whole document, built only for the rows the words let through
        # (a CASE does not evaluate the branch it does not take), or for
        # every row when no word narrows the search.
        document = SearchVectorExact(_document(searched), query)
        condition = Q(
            Case(When(condition, then=document), default=False) if words else document
        )
    for name in searched.verbatim:
        condition |= Q(**{f"{name}__icontains": text.strip()})
    # Ranked by the row's own text: what a row says of itself comes first.
    return (
        model.objects.filter(condition)
        .annotate(rank=SearchRank(Stored("search_document"), query))
        .order_by("-rank", *model._meta.ordering, "pk")
    )


def matching(queryset, text):
    """`queryset` narrowed to the rows `search_rows` finds (its own order
    and annotations kept: a semi-join on the matching ids).

    The ids' query is built and compiled to SQL once for a model and a
    text (`_matching_sql`): a list reads its rows, its count and each facet
    under the same search, and building and compiling the search's
    subqueries for each took longer than running them (26 of 50 ms for the
    agreements holding one word, at bench size)."""
    try:
        ids = RawSQL(*_matching_sql(queryset.model._meta.label, text, queryset.db))
    except EmptyResultSet:  # nothing to look up (only stop words)
        return queryset.none()
    return queryset.filter(pk__in=ids)


@functools.lru_cache(maxsize=256)
def _matching_sql(model_label, text, using):
    """(SQL, parameters) of the ids `search_rows` finds: they depend on the
    model, the text and the database, never on the data."""
    ids = search_rows(apps.get_model(model_label), text).order_by().values("pk")
    return ids.query.get_compiler(using=using).as_sql()


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
