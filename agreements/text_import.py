"""Importing an agreement's text: compare the clauses read from it with the
agreement's own, then write them in one transaction.

Clauses are matched by number. An unchanged clause is left as it is (its
id, topics, citations and permalink survive a re-import); a changed one is
updated in place; new numbers are added and numbers no longer in the text
removed. The text itself is kept verbatim as a Source of the agreement, and
every clause the import writes or keeps cites it.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify

from .models import Citation, Clause, Source, Topic

# Words in a clause's text that suggest a topic of the vocabulary (migration
# 0002). Matched case-insensitively at the start of a word; the editor
# accepts or changes the suggestion in the preview.
TOPIC_WORDS = {
    "accountability": (
        "accountab",
        "impunity",
        "war crime",
        "tribunal",
        "rome statute",
    ),
    "cbrn-nuclear-safety": ("nuclear", "radiolog", "chemical", "cbrn"),
    "compensation": ("compensat", "sovereign assets", "damages caused"),
    "cybersecurity": ("cyber",),
    "duration": (
        "valid for",
        "discontinu",
        "terminat",
        "come into effect",
        "modified and supplemented",
    ),
    "euro-atlantic-integration": (
        "euro-atlantic",
        "nato",
        "accession",
        "european union",
    ),
    "financial": ("financial", "budget", "loan", "grant", "billion"),
    "future-armed-attack": ("armed attack",),
    "humanitarian": ("humanitarian", "mine action", "demining"),
    "implementation": ("implement",),
    "industrial": ("industr", "manufactur"),
    "information-manipulation": (
        "information manipulation",
        "disinformation",
        "propaganda",
    ),
    "intelligence": ("intelligence", "security of information"),
    "just-peace": ("peace formula", "just and lasting peace", "just peace"),
    "maritime": ("maritime", "navigation"),
    "organised-crime": ("organized crime", "organised crime", "illicit financial"),
    "reconstruction": ("reconstruction", "recovery"),
    "reform": ("reform", "anti-corruption", "governance"),
    "sanctions": ("sanction",),
    "security-defence": ("defense", "defence", "military", "weapons", "armed forces"),
}
_PATTERNS = {
    slug: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.I)
    for slug, words in TOPIC_WORDS.items()
}


def suggest_topics(text):
    """Slugs of the topics the words of `text` suggest, in vocabulary order."""
    return [slug for slug, pattern in _PATTERNS.items() if pattern.search(text or "")]


@dataclass
class Change:
    """What an import does to one clause number."""

    number: str
    kind: str  # "added", "changed", "unchanged" or "removed"
    row: object = None  # the clause as read (None when removed)
    clause: Clause | None = None  # the agreement's clause (None when added)
    fields: list = field(default_factory=list)  # what differs, when changed


def compare(agreement, rows):
    """[Change] for importing `rows` (clause_parser.Row) into `agreement`,
    in the order of the text, then the clauses it removes."""
    existing = {c.number: c for c in agreement.clauses.select_related("parent")}
    changes = []
    for row in rows:
        clause = existing.pop(row.number, None)
        if clause is None:
            changes.append(Change(row.number, "added", row))
            continue
        differs = [
            name
            for name, old, new in (
                ("heading", clause.heading, row.heading),
                ("text", clause.text, row.text),
                ("parent", clause.parent.number if clause.parent else None, row.parent),
                ("position", clause.position, row.position),
            )
            if old != new
        ]
        kind = "changed" if differs else "unchanged"
        changes.append(Change(row.number, kind, row, clause, differs))
    changes += [
        Change(number, "removed", None, clause) for number, clause in existing.items()
    ]
    return changes


def summary(changes):
    """{"added": n, "changed": n, "unchanged": n, "removed": n}."""
    counts = dict.fromkeys(("added", "changed", "unchanged", "removed"), 0)
    for change in changes:
        counts[change.kind] += 1
    return counts


def source_slug(fields):
    """A free slug for the imported text: its title's, numbered if taken."""
    base = slugify(fields.get("title", ""))[:100] or "agreement-text"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def apply(agreement, rows, source_fields, topics_by_number):
    """Writes the import: the Source (`source_fields` and the text), the
    clauses, their topics (for the numbers in `topics_by_number`: slugs) and
    a citation of the Source by each clause. All of it or nothing.
    Returns (source, changes)."""
    changes = compare(agreement, rows)
    source = Source.objects.create(slug=source_slug(source_fields), **source_fields)
    removed = [c.clause.pk for c in changes if c.kind == "removed"]
    Clause.objects.filter(pk__in=removed).delete()
    # Positions are unique per agreement: move the kept clauses out of the
    # way first, so that any new order can be written row by row.
    top = agreement.clauses.aggregate(top=Max("position"))["top"] or 0
    offset = top + len(rows) + 1
    agreement.clauses.update(position=F("position") + offset)
    by_number = {}
    for change in changes:
        if change.kind == "removed":
            continue
        row = change.row
        clause = change.clause or Clause(agreement=agreement, number=row.number)
        clause.heading, clause.text, clause.position = (
            row.heading,
            row.text,
            row.position,
        )
        clause.parent = None
        clause.save()
        by_number[row.number] = clause
    for change in changes:
        row = change.row
        if row is None or not row.parent:
            continue
        clause = by_number[row.number]
        clause.parent = by_number[row.parent]
        clause.save(update_fields=["parent"])
    vocabulary = {topic.slug: topic for topic in Topic.objects.all()}
    for number, slugs in topics_by_number.items():
        if number in by_number:
            by_number[number].topics.set(
                [vocabulary[s] for s in slugs if s in vocabulary]
            )
    # Its version moves on too (models/base.py, Versioned), like each clause's.
    agreement.save(update_fields=["updated_at"])
    # The agreement cites its text; each clause cites the words it holds.
    Citation.objects.create(source=source, agreement=agreement, field="")
    for clause in by_number.values():
        Citation.objects.get_or_create(source=source, clause=clause, field="")
    return source, changes
