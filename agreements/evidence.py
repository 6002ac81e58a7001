"""The evidence block of a page: citations grouped by the fact they support.

A cite mark beside a value links to one citation (`#citation-<id>`); the
citation sits in the group of its fact ("Agreement · Signed on"), which
shows each source's claim and quote, the repaired reading of a quote from
a damaged source, and "not quoted" where a source was listed without one.
Groups are collapsed, so the block stays short; opening a mark's link
opens its group (static/js/evidence.js).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from .models.provisions import CITATION_PREFIX  # a coding's citations
from .models.sources import FACT_LABELS  # noqa: F401  (the labels, by fact)

KIND_NAMES = {
    "agreement": "Agreement",
    "clause": "Clause",
    "pledge": "Pledge",
    "event": "Event",
    "participation": "Signatory",
}


def fact_label(kind, name):
    """ "Signed on" for ("agreement", "signed_on"); unknown fields read as
    their words ("occasion_note" → "Occasion note")."""
    label = FACT_LABELS.get(kind, {}).get(name)
    if label is None and name.startswith(CITATION_PREFIX):
        words = name.removeprefix(CITATION_PREFIX).replace("-", " ")
        return f"Provision: {words}"
    return label or name.replace("_", " ").capitalize()


@dataclass
class Fact:
    """One fact of one record, and the citations that support it."""

    kind: str
    record: object
    name: str
    citations: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"fact-{self.kind}-{self.record.pk}-{self.name or 'record'}"

    @property
    def label(self):
        return fact_label(self.kind, self.name)

    @property
    def claims(self):
        """The distinct claims, in the order first cited."""
        return list(dict.fromkeys(c.claim for c in self.citations if c.claim))

    @property
    def disputed(self):
        return len(self.claims) > 1

    @property
    def quoted(self):
        return any(c.quote for c in self.citations)

    @property
    def stated(self):
        """Each claim with the citations that make it, one per source."""
        by_claim = {claim: {} for claim in self.claims}
        for citation in self.citations:
            if citation.claim:
                by_claim[citation.claim].setdefault(citation.source_id, citation)
        return [(claim, list(found.values())) for claim, found in by_claim.items()]

    @property
    def agreement(self):
        """The agreement whose page shows this fact, if any."""
        record = self.record
        if self.kind == "participation":
            record = record.event
        return record if self.kind == "agreement" else record.agreement


def target_of(citation, kinds):
    for kind in kinds:
        target_id = getattr(citation, f"{kind}_id")
        if target_id is not None:
            return kind, target_id
    return None, None


def facts(citations, records_by_kind):
    """Facts in page order (the records as given, each kind in turn, then
    fields in first-cited order), each with its citations; sets
    `citation.fact` on every citation of a listed record."""
    records = {
        (kind, record.pk): record
        for kind, items in records_by_kind.items()
        for record in items
    }
    grouped = defaultdict(dict)
    for citation in citations:
        kind, pk = target_of(citation, records_by_kind)
        if (kind, pk) not in records:
            continue
        by_field = grouped[kind, pk]
        fact = by_field.get(citation.field)
        if fact is None:
            fact = by_field[citation.field] = Fact(
                kind, records[kind, pk], citation.field
            )
        fact.citations.append(citation)
        citation.fact = fact
        # A clause's own text as its quote need not be printed twice.
        quoted = citation.reading or citation.quote
        citation.restates = kind == "clause" and quoted in (
            getattr(fact.record, "text", None),
            getattr(fact.record, "heading", None),
        )
    ordered = []
    for kind, items in records_by_kind.items():
        for record in items:
            ordered.extend(grouped.get((kind, record.pk), {}).values())
    return ordered


def disputes(citations):
    """The facts that sources state differently, from their citations
    (`Citation.objects.disputed().with_targets()`), by agreement in order
    of signing and then in page order; facts of no agreement come last."""
    records = defaultdict(dict)
    for citation in citations:
        kind, _ = target_of(citation, KIND_NAMES)
        records[kind].setdefault(citation.target.pk, citation.target)
    found = facts(
        citations,
        {kind: list(records[kind].values()) for kind in KIND_NAMES if kind in records},
    )

    def order(fact):
        agreement = fact.agreement
        if agreement is None:
            return (1, None, "")
        return (0, agreement.signed_on or datetime.date.max, agreement.slug)

    return sorted((fact for fact in found if fact.disputed), key=order)
