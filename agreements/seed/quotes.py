"""Quotes that state single facts, and what the stored pages say of sources.

Two files beside the research CSV (fixtures/inputs/):

- quotes.jsonl: one JSON object a line, a verbatim quote (a sentence or
  less) from one stored public page that states one fact of one agreement
  row: {"partner", "partner_iso2", "date_signed", "fact", "pledge_index",
  "url", "quote", "claim", "note"}. `fact` is signed_on, place, ordinal,
  term_years, title, ukraine_signatory, partner_signatory or pledge (the
  `pledge_index`-th part of the row's pledge_amount). `claim` is empty when
  the page states the value recorded; otherwise it is the value the page
  states, and the fact is disputed: then every citation of that fact gets
  its claim (the recorded value in the others), so pages show both.
- sources.jsonl: {"url", "title", "publisher", "published_on", "author"} as
  the stored copy of each page shows them; empty where it does not.

Each quote becomes a citation of the fact: an agreement's date and place
are cited on the agreement and on its signing event, a signatory on their
participation (matched by name in the quote), a pledge amount on the
pledge. A page not yet among the sources is added. Quotes are never copied
under another source.
"""

import json
from pathlib import Path

from django.utils.dateparse import parse_date

from agreements.models import Agreement, Citation, Participation, Source
from agreements.models.sources import RENDERINGS
from agreements.templatetags.browse import pledge_figure, pledge_period

from .research import language_of, source_slug, title_from_url

AGREEMENT_FIELDS = {
    "signed_on": "signed_on",
    "place": "place_signed",
    "ordinal": "ordinal",
    "term_years": "term_years",
    "title": "title",
}
EVENT_FIELDS = {"signed_on": "occurred_on", "place": "place"}
SIGNATORIES = {"ukraine_signatory": True, "partner_signatory": False}
NOTE = "Quoted from the page."


def read_lines(path):
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def describe_sources(records):
    """Titles, publishers, dates and authors of the sources, as the stored
    copies show them; titles made from a URL stay where none was found."""
    for record in records:
        source = Source.objects.filter(url=record["url"]).first()
        if source is None:
            continue
        if record.get("title"):
            source.title = record["title"][:500]
        if record.get("publisher"):
            source.publisher = record["publisher"][:200]
        if record.get("author"):
            source.author = record["author"][:200]
        if record.get("published_on"):
            source.published_on = parse_date(record["published_on"])
        source.full_clean()
        source.save()


def source_for(url, described):
    source = Source.objects.filter(url=url).first()
    if source is None:
        record = described.get(url, {})
        source = Source(
            slug=source_slug(url),
            url=url,
            title=(record.get("title") or title_from_url(url))[:500],
            publisher=(record.get("publisher") or "")[:200],
            author=(record.get("author") or "")[:200],
            published_on=parse_date(record.get("published_on") or "") or None,
            language=language_of(url),
        )
        source.full_clean()
        source.save()
    return source


def agreement_of(quote):
    partner = {"iso_code": quote["partner_iso2"]} if quote["partner_iso2"] else {}
    if not partner:
        partner = {"name": quote["partner"]}
    return (
        Agreement.objects.filter(signed_on=quote["date_signed"])
        .filter(**{f"parties__{key}": value for key, value in partner.items()})
        .exclude(kind=Agreement.Kind.JOINT_DECLARATION)
        .distinct()
        .get()
    )


def signatory(event, ukrainian, quote):
    """The signatory of that side whose surname the quote names, if one."""
    people = event.participations.filter(role=Participation.Role.SIGNATORY)
    people = people.select_related("person__country")
    side = [
        p for p in people if (p.person.country.iso_code == "UA") == ukrainian
    ] or list(people)
    named = [p for p in side if p.person.name.split()[-1].lower() in quote.lower()]
    if len(named) == 1:
        return named[0]
    return side[0] if len(side) == 1 else None


def targets(quote, agreement):
    """(record, field) pairs the quote supports."""
    fact = quote["fact"]
    event = agreement.events.filter(kind="signed").order_by("occurred_on").first()
    if fact in AGREEMENT_FIELDS:
        found = [(agreement, AGREEMENT_FIELDS[fact])]
        if fact in EVENT_FIELDS and event is not None:
            found.append((event, EVENT_FIELDS[fact]))
        return found
    if fact in SIGNATORIES:
        if event is None:
            return []
        person = signatory(event, SIGNATORIES[fact], quote["quote"])
        return [(person, "")] if person else [(event, "signatories")]
    if fact == "pledge":
        pledges = list(agreement.pledges.filter(kind="new").order_by("pk"))
        index = quote.get("pledge_index") or 0
        return [(pledges[index], "amount")] if index < len(pledges) else []
    return []


def recorded_value(record, field):
    """The value a disputed fact has on the site, as a claim."""
    if field == "amount":
        period = pledge_period(record)
        joined = period if period.startswith("since") else f"in {period}"
        return f"{pledge_figure(record)} {joined}"
    value = getattr(record, field, "")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def attach(quotes, described):
    """Cite every quote; returns (written, not attached)."""
    written, missed = [], 0
    for quote in quotes:
        found = targets(quote, agreement_of(quote))
        if not found:
            missed += 1
            continue
        source = source_for(quote["url"], described)
        for record, field in found:
            name = (
                "event"
                if record._meta.model_name == "signingevent"
                else (record._meta.model_name)
            )
            citation, _ = Citation.objects.get_or_create(
                source=source,
                field=field,
                quote=quote["quote"],
                **{name: record},
                defaults={"claim": quote["claim"][:300], "note": quote["note"] or NOTE},
            )
            written.append((citation, record, field))
    mark_disputes(written)
    return len(written), missed


def mark_disputes(written):
    """Where one citation claims another value, the others claim the
    recorded one, so that the page shows that sources differ."""
    disputed = {
        (type(record), record.pk, field)
        for citation, record, field in written
        if citation.claim
    }
    for citation, record, field in written:
        key = (type(record), record.pk, field)
        if field and key in disputed and not citation.claim:
            if field in RENDERINGS:
                continue  # an alternative title, not a dispute
            citation.claim = recorded_value(record, field)[:300]
            citation.full_clean()
            citation.save()


def apply(folder):
    """Read quotes.jsonl and sources.jsonl in `folder` and write them."""
    records = read_lines(Path(folder, "sources.jsonl"))
    described = {record["url"]: record for record in records}
    describe_sources(described.values())
    return attach(read_lines(Path(folder, "quotes.jsonl")), described)
