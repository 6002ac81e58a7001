"""One record as JSON: its row (as in its list), what belongs to it, each as
rows of their own lists, and the citations behind it.

Every row carries `url` (its place on the site) and `api_url` (its JSON
record), so a client follows links rather than building addresses.
"""

from ..models import (
    Agreement,
    Citation,
    Clause,
    Country,
    Pledge,
    SigningEvent,
)
from .pages import rows


def find(listing, key):
    """The record of `listing` at `key` (a slug, or an id), or None."""
    if listing.key == "pk":
        if not (key.isascii() and key.isdigit()) or len(key) > 18:
            return None
        lookup = {"pk": int(key)}
    else:
        lookup = {"slug": key}
    return listing.model._default_manager.filter(**lookup).first()


def _agreement(agreement):
    return {
        "parties": Country.objects.filter(party_links__agreement=agreement).order_by(
            "party_links__position", "pk"
        ),
        "clauses": Clause.objects.filter(agreement=agreement).order_by(
            "position", "pk"
        ),
        "pledges": Pledge.objects.filter(agreement=agreement),
        "events": SigningEvent.objects.filter(agreement=agreement).order_by(
            "occurred_on", "pk"
        ),
        "citations": Citation.objects.about_agreement(agreement),
    }


def _country(country):
    return {
        "agreements": Agreement.objects.involving(country),
        "pledges": Pledge.objects.involving(country),
        "events": SigningEvent.objects.involving(country).order_by("occurred_on", "pk"),
    }


def _cited(name):
    def related(record):
        return {"citations": Citation.objects.filter(**{name: record})}

    return related


def _source(source):
    return {"citations": source.citations.all()}


def _nothing(record):
    return {}


# What each record holds besides its row: {name: model of its rows}; a list
# not named here gives its row alone.
SHAPES = {
    "agreements": {
        "parties": Country,
        "clauses": Clause,
        "pledges": Pledge,
        "events": SigningEvent,
        "citations": Citation,
    },
    "countries": {"agreements": Agreement, "pledges": Pledge, "events": SigningEvent},
    "clauses": {"citations": Citation},
    "pledges": {"citations": Citation},
    "events": {"citations": Citation},
    "sources": {"citations": Citation},
}
RELATED = {
    "agreements": _agreement,
    "countries": _country,
    "clauses": _cited("clause"),
    "pledges": _cited("pledge"),
    "events": _cited("event"),
    "sources": _source,
}


def document(listing, record, base_url, using="default"):
    """{<noun>: row, <related>: [rows] …} for `record` of `listing`, read
    from the database `using`."""
    manager = listing.model._default_manager.db_manager(using)
    (row,) = rows(manager.filter(pk=record.pk), base_url)
    body = {listing.stem: row}
    if listing.name == "sources":
        body["text"] = record.text
    for name, queryset in RELATED.get(listing.name, _nothing)(record).items():
        body[name] = rows(queryset.using(using), base_url)
    return body
