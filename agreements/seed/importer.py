"""Write parsed rows of the research format into the database.

See research.py for the cell grammar and for what each row writes. Call
`import_rows` inside a transaction: a failure raises ImportFailure and the
caller's transaction rolls back.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    Citation,
    Country,
    Participation,
    Party,
    Person,
    Pledge,
    SigningEvent,
    Source,
)

from .research import (
    IMPORT_MARK,
    ImportFailure,
    host_of,
    language_of,
    person_slug,
    source_slug,
    title_from_url,
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list = field(default_factory=list)
    quotes: int = 0  # citations written from the quotes file (build only)
    unattached_quotes: int = 0


def assign(obj, **values):
    """Set the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_one:  # compare ids: an unsaved object has no relation yet
            if getattr(obj, field.attname) == getattr(value, "pk", None):
                continue
        elif getattr(obj, name) == value:
            continue
        setattr(obj, name, value)
        changed = True
    return changed


def checked_save(obj, label, what):
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ImportFailure(f"{label}: {what} is not valid: {flatten(error)}") from None
    obj.save()


def flatten(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def curated_fields(citations):
    """Fields supported by citations this importer did not write."""
    return set(
        citations.exclude(note__startswith=IMPORT_MARK)
        .exclude(field="")
        .values_list("field", flat=True)
    )


class Importer:
    """Writes parsed rows; call inside a transaction."""

    def __init__(self, framework_slug=""):
        self.framework = (
            Agreement.objects.filter(slug=framework_slug).first()
            if framework_slug
            else None
        )
        self.counts = Counts()
        if framework_slug and self.framework is None:
            self.counts.warnings.append(
                f"No agreement with slug {framework_slug!r}: counted rows get no "
                "framework."
            )
        self.sources = {}
        self.touched = False

    def run(self, rows):
        for row in rows:
            self.touched = False
            created = self.import_row(row)
            if created:
                self.counts.created += 1
            elif self.touched:
                self.counts.updated += 1
            else:
                self.counts.unchanged += 1
        return self.counts

    def save(self, obj, row, what, changed=True):
        if changed or obj.pk is None:
            checked_save(obj, row.label, what)
            self.touched = True

    # Countries and people

    def country(self, row, name, iso2):
        found = Country.objects.filter(iso_code=iso2).first() if iso2 else None
        found = found or Country.objects.filter(name=name).first()
        if found:
            return found
        kind = Country.Kind.STATE if iso2 else Country.Kind.ORGANISATION
        country = Country(name=name, slug=slugify(name)[:120], iso_code=iso2, kind=kind)
        self.save(country, row, f"country {name!r}")
        return country

    def person(self, row, ref, country):
        slug = person_slug(ref.name)
        person = Person.objects.filter(slug=slug).first()
        if person is None:
            person = Person(
                name=ref.name,
                slug=slug,
                native_name=ref.native_name,
                office=ref.office,
                country=country,
            )
            self.save(person, row, f"person {ref.name!r}")
        elif ref.native_name and not person.native_name:
            person.native_name = ref.native_name
            self.save(person, row, f"person {ref.name!r}")
        return person

    def source(self, row, url):
        if url not in self.sources:
            source = Source.objects.filter(url=url).first()
            if source is None:
                source = Source(
                    slug=source_slug(url),
                    url=url,
                    title=title_from_url(url),
                    publisher=host_of(url)[:200],
                    language=language_of(url),
                )
                self.save(source, row, f"source {url!r}")
            self.sources[url] = source
        return self.sources[url]

    # The row

    def import_row(self, row):
        ukraine = self.country(row, "Ukraine", "UA")
        partner = self.country(row, row.partner, row.iso2)
        if partner == ukraine:
            raise ImportFailure(f"{row.label}: the partner cannot be Ukraine itself.")
        agreement, created = self.agreement(row, ukraine, partner)
        event = self.signing(row, agreement)
        participations = self.participations(row, event, ukraine, partner)
        pledges = self.pledges(row, agreement, ukraine, partner)
        sources = [self.source(row, url) for url in row.urls]
        confidence = f" ({row.confidence})" if row.confidence else ""
        # One citation per listed page, of the agreement as a whole: the file
        # does not say which page states which fact, so no quote is copied
        # under any of them. Quotes for single facts come from the quotes
        # file (seed/quotes.py) or the admin.
        # The row's working notes go with the first page's citation.
        self.cite(
            row,
            sources,
            agreement=agreement,
            note=f"{IMPORT_MARK}: a page listed for this agreement{confidence}; "
            "not quoted.",
            first_note=f" Research notes: {row.notes}" if row.notes else "",
        )
        for stale in (event, *(p for p, _ in participations), *pledges):
            self.uncite(stale)
        return created

    def agreement(self, row, ukraine, partner):
        matches = list(
            Agreement.objects.filter(parties=partner, signed_on=row.signed_on)
            .filter(parties=ukraine)
            .exclude(kind=Agreement.Kind.JOINT_DECLARATION)
            .distinct()
        )
        if len(matches) > 1:
            raise ImportFailure(
                f"{row.label}: {len(matches)} agreements with {row.partner} signed "
                f"on {row.signed_on} already exist; fix them in the admin first."
            )
        created = not matches
        if created:
            slug = f"ukraine-{partner.slug}-{row.signed_on}"[:200]
            agreement = Agreement(
                slug=slug,
                signed_on=row.signed_on,
                status=Agreement.Status.SIGNED,
                short_title=short_title(row, partner)[:200],
            )
            curated = set()
        else:
            agreement = matches[0]
            curated = curated_fields(agreement.citations.all())
        values = {
            "title": row.title,
            "kind": row.kind,
            "ordinal": row.ordinal,
            "term_years": row.term_years,
            "place_signed": row.place,
        }
        values["summary"] = reader_summary(row, partner)
        if row.counted and self.framework:
            values["framework"] = self.framework
        if agreement.status == Agreement.Status.NEGOTIATING:
            values["status"] = Agreement.Status.SIGNED
        values = {name: value for name, value in values.items() if name not in curated}
        changed = assign(agreement, **values)
        if changed and agreement.term_years is None and not agreement.in_force_on:
            agreement.expires_on = None  # a removed term leaves no stale expiry
        self.save(agreement, row, "the agreement", changed)
        for position, country in enumerate((ukraine, partner)):
            link = Party.objects.filter(agreement=agreement, country=country).first()
            if link is None:
                self.save(
                    Party(agreement=agreement, country=country, position=position),
                    row,
                    "a party",
                )
        return agreement, created

    def signing(self, row, agreement):
        event = (
            agreement.events.filter(kind=SigningEvent.Kind.SIGNED)
            .order_by("occurred_on", "pk")
            .first()
        )
        if event is None:
            event = SigningEvent(agreement=agreement, kind=SigningEvent.Kind.SIGNED)
            curated = set()
        else:
            curated = curated_fields(event.citations.all())
        values = {
            "occurred_on": row.signed_on,
            "date_precision": SigningEvent.Precision.DAY,
            "place": row.place,
        }
        values = {name: value for name, value in values.items() if name not in curated}
        self.save(event, row, "the signing event", assign(event, **values))
        return event

    def participations(self, row, event, ukraine, partner):
        wanted = []
        for ref, side in row.people:
            person = self.person(row, ref, ukraine if side == "ukraine" else partner)
            participation = Participation.objects.filter(
                event=event, person=person, role=ref.role
            ).first() or Participation(event=event, person=person, role=ref.role)
            self.save(
                participation,
                row,
                f"the part of {ref.name}",
                assign(participation, office=ref.office),
            )
            wanted.append((participation, ref))
        keep = [participation.pk for participation, _ in wanted]
        stale = event.participations.filter(
            role__in=[Participation.Role.SIGNATORY, Participation.Role.WITNESS]
        ).exclude(pk__in=keep)
        if stale.exists():
            stale.delete()
            self.touched = True
        return wanted

    def pledges(self, row, agreement, ukraine, partner):
        ours = list(
            agreement.pledges.filter(
                kind=Pledge.Kind.NEW, donor=partner, recipient=ukraine
            ).order_by("pk")
        )
        pledges = []
        for index, part in enumerate(row.pledges):
            pledge = ours[index] if index < len(ours) else Pledge(agreement=agreement)
            extras = []
            if part.note:
                extras.append(f"Also stated: {part.note}.")
            if row.pledge_period:
                extras.append(f"Period as given: {row.pledge_period}.")
            description = " ".join([row.pledge_note, *extras]).strip()
            changed = assign(
                pledge,
                donor=partner,
                recipient=ukraine,
                amount=part.amount,
                currency=row.currency if part.amount is not None else "",
                gdp_share=part.gdp_share,
                qualifier=part.qualifier,
                per_year=part.per_year or row.per_year_period,
                period_start_year=row.period_start,
                period_end_year=row.period_end,
                category=part.category,
                kind=Pledge.Kind.NEW,
                description=description,
            )
            self.save(pledge, row, f"pledge {index + 1}", changed)
            pledges.append(pledge)
        for stale in ours[len(row.pledges) :]:
            stale.delete()
            self.touched = True
        return pledges

    def uncite(self, obj):
        """Remove the citations this importer once wrote for `obj` (each page
        listed for every signatory, pledge and signing, unquoted)."""
        name = {Participation: "participation", Pledge: "pledge"}.get(
            type(obj), "event"
        )
        stale = Citation.objects.filter(**{name: obj}, note__startswith=IMPORT_MARK)
        if stale.exists():
            stale.delete()
            self.touched = True

    def cite(self, row, sources, field_name="", note="", first_note="", **target):
        ((name, obj),) = target.items()
        existing = Citation.objects.filter(**{name: obj}, note__startswith=IMPORT_MARK)
        keep = []
        for index, source in enumerate(sources):
            text = note + first_note if index == 0 else note
            values = {"source": source, "field": field_name, "note": text, "quote": ""}
            citation = existing.filter(**values).first()
            if citation is None:
                citation = Citation(**{name: obj}, **values)
                self.save(citation, row, f"a citation of {source.url}")
            keep.append(citation.pk)
        stale = existing.exclude(pk__in=keep)
        if stale.exists():
            stale.delete()
            self.touched = True


def long_date(day):
    return f"{day.day} {day:%B %Y}"


def reader_summary(row, partner):
    """A first sentence for readers, from what the row records and the page
    shows with its sources (the partner, the framework, the date and the
    term); ordinals and places, which sources often state differently, are
    left to the facts beside their marks."""
    label = {
        Agreement.Kind.SECURITY: "bilateral security agreement",
        Agreement.Kind.INFORMATION_SECURITY: "agreement on the protection of "
        "information",
        Agreement.Kind.PARTNERSHIP: "partnership agreement",
    }.get(row.kind, "agreement")
    partner_name = partner.name
    if partner.kind == partner.Kind.ORGANISATION or partner_name.startswith(
        ("United ", "Netherlands", "Czech Republic")
    ):
        partner_name = f"the {partner_name}"
    framework = (
        "one of those made under the G7 Joint Declaration of Support for Ukraine "
        "(Vilnius, 12 July 2023)"
        if row.counted
        else "related to, but not counted among, the agreements made under the "
        "G7 Joint Declaration of Support for Ukraine"
    )
    text = (
        f"Ukraine's {label} with {partner_name}, {framework}, signed on "
        f"{long_date(row.signed_on)}."
    )
    if row.term_years:
        text += f" It is concluded for {row.term_years} years."
    return text


def short_title(row, partner):
    labels = {
        Agreement.Kind.SECURITY: "security agreement",
        Agreement.Kind.INFORMATION_SECURITY: "information-security agreement",
        Agreement.Kind.PARTNERSHIP: "partnership",
        Agreement.Kind.OTHER: "agreement",
    }
    return f"Ukraine–{partner.name} {labels[row.kind]}"


def import_rows(rows, framework_slug=""):
    """Write parsed rows (inside the caller's transaction); returns Counts."""
    return Importer(framework_slug).run(rows)
