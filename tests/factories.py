"""Plain `make_*` functions that build valid records with fictional names."""

import datetime
import itertools
from decimal import Decimal

from agreements.models import (
    Agreement,
    Citation,
    Clause,
    Country,
    Participation,
    Party,
    Person,
    Pledge,
    SigningEvent,
    Source,
    Topic,
)

_serial = itertools.count(1)


def _next():
    return next(_serial)


def _default(fields, name, make):
    """Set `fields[name]` to a new record unless the caller gave one (unlike
    dict.setdefault, which would make the record either way)."""
    if name not in fields:
        fields[name] = make()


def _code(n, length):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code = ""
    for _ in range(length):
        n, rest = divmod(n, 26)
        code = letters[rest] + code
    return code


def make_country(name=None, **fields):
    n = _next()
    name = name or f"Freedonia {n}"
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{n}")
    if fields.get("kind") != Country.Kind.ORGANISATION and "iso_code" not in fields:
        # Skip codes a test has already given (JP for Japan, say).
        while Country.objects.filter(iso_code=_code(n + 26, 2)).exists():
            n += 1
        fields["iso_code"] = _code(n + 26, 2)
    return Country.objects.create(name=name, **fields)


def make_source(**fields):
    n = _next()
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Report {n}")
    fields.setdefault("url", f"https://example.org/report-{n}")
    return Source.objects.create(**fields)


def make_agreement(parties=None, **fields):
    n = _next()
    fields.setdefault("title", f"Accord {n}")
    fields.setdefault("slug", f"accord-{n}")
    fields.setdefault("signed_on", datetime.date(2024, 1, 1))
    agreement = Agreement.objects.create(**fields)
    for position, country in enumerate(parties or [make_country(), make_country()]):
        Party.objects.create(agreement=agreement, country=country, position=position)
    return agreement


def make_clause(agreement=None, **fields):
    n = _next()
    fields.setdefault("number", f"{n}")
    fields.setdefault("position", n)
    fields.setdefault("text", f"The Participants will cooperate ({n}).")
    return Clause.objects.create(agreement=agreement or make_agreement(), **fields)


def make_pledge(**fields):
    _default(fields, "donor", make_country)
    _default(fields, "recipient", make_country)
    if "gdp_share" not in fields:
        fields.setdefault("amount", Decimal("1000000"))
        fields.setdefault("currency", "EUR")
    fields.setdefault("category", Pledge.Category.MILITARY)
    return Pledge.objects.create(**fields)


def make_event(agreement=None, **fields):
    fields.setdefault("kind", SigningEvent.Kind.SIGNED)
    fields.setdefault("occurred_on", datetime.date(2024, 1, 1))
    return SigningEvent.objects.create(
        agreement=agreement or make_agreement(), **fields
    )


def make_person(**fields):
    n = _next()
    fields.setdefault("name", f"Rufus Firefly {n}")
    fields.setdefault("slug", f"rufus-firefly-{n}")
    return Person.objects.create(**fields)


def make_participation(**fields):
    _default(fields, "event", make_event)
    _default(fields, "person", make_person)
    fields.setdefault("role", Participation.Role.SIGNATORY)
    return Participation.objects.create(**fields)


def make_citation(**fields):
    _default(fields, "source", make_source)
    if not any(
        fields.get(name) for name in ("clause", "pledge", "event", "participation")
    ):
        if "agreement" not in fields:
            fields["agreement"] = make_agreement()
    return Citation.objects.create(**fields)


def topics(*slugs):
    """Topics of the vocabulary (created by migration 0002), in `slugs` order."""
    found = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs]


def make_staff(group_name, username=None, password="correct-horse-battery"):
    """A staff user in the Editors or Viewers group (created by migration)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        username or f"{group_name.lower()}-{_next()}", password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user
