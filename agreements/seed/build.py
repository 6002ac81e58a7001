"""Build the seed data into the database and serialise it as fixtures.

`build()` empties the tracker's records (topics and country groups, made by
migration 0002, stay), then writes the seed documents, the reference data,
the research file (through the importer) and the curated facts, and checks
that every agreement, pledge, event and clause cites a source and that no
damaged word form survives in curated text. `build_fixtures` runs it inside
a transaction that it rolls back after serialising, so the database is left
as it was.

`serialise()` gives each model's records primary keys 1, 2, … in the order
of a natural key (slugs; an agreement's slug and position for clauses, and
so on), so a rebuild from the same documents gives byte-identical files.
Topics and country groups are referred to by the primary keys migration 0002
gives them on a fresh database; created_at/updated_at are set to
FIXTURE_TIMESTAMP so that rebuilds do not differ by the clock.
"""

import datetime
import json
from pathlib import Path

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from agreements.models import (
    Agreement,
    Citation,
    Clause,
    Coding,
    Country,
    Participation,
    Party,
    Person,
    Pledge,
    SigningEvent,
    Source,
)
from agreements.models.base import derived_by_database

from . import codings, facts, importer, quotes, research, sources
from .repair import DAMAGED_FORMS

FIXTURE_FILES = {
    "01_countries_people.json": (Country, Person),
    "02_sources.json": (Source,),
    "03_agreements.json": (Agreement, Party),
    "04_clauses.json": (Clause,),
    "05_pledges_events.json": (Pledge, SigningEvent, Participation),
    "06_citations.json": (Citation,),
    "07_codings.json": (Coding,),
}
# When the curated seed data was last revised: public pages show it as the
# records' "last updated" date, so move it on whenever the seed data changes.
FIXTURE_TIMESTAMP = datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)


class BuildError(Exception):
    pass


def wipe():
    """Delete every tracker record except the controlled vocabularies."""
    Citation.objects.all().delete()
    Participation.objects.all().delete()
    SigningEvent.objects.all().delete()
    Pledge.objects.all().delete()
    Clause.objects.all().delete()
    Party.objects.all().delete()
    Agreement.objects.update(framework=None)
    Agreement.objects.all().delete()
    Person.objects.all().delete()
    Source.objects.all().delete()
    Country.objects.all().delete()


def build(seeds_dir, research_path):
    """Write all seed data into an emptied database; returns import counts."""
    files = sources.find_files(seeds_dir)
    texts = {prefix: sources.read_text(path) for prefix, path in files.items()}
    rows = research.read_file(research_path)
    wipe()
    facts.prepare(texts)
    counts = importer.import_rows(rows, facts.G7_DECLARATION_SLUG)
    facts.curate()
    # The quotes and source descriptions kept beside the research file.
    counts.quotes, counts.unattached_quotes = quotes.apply(Path(research_path).parent)
    codings.apply(facts.Curator(), Path(research_path).parent)
    check()
    return counts


def check():
    """Every agreement, pledge, event and clause cites a source; no damage left."""
    for model in (Agreement, Pledge, SigningEvent, Clause):
        uncited = model.objects.filter(citations__isnull=True)
        if uncited.exists():
            raise BuildError(f"{model.__name__} without a citation: {uncited.first()}")
    for coding in Coding.objects.select_related("provision"):
        if not coding.agreement.citations.filter(field=coding.citation_field).exists():
            raise BuildError(f"Coding without a citation: {coding}")
    curated = [
        *Clause.objects.values_list("heading", "text"),
        *Agreement.objects.values_list("title", "short_title", "summary"),
        *SigningEvent.objects.values_list("description", "place", "occasion"),
        *Pledge.objects.values_list("description"),
        *Person.objects.values_list("name", "office"),
        *Participation.objects.values_list("office"),
    ]
    for values in curated:
        for value in values:
            for form in DAMAGED_FORMS:
                if form.lower() in value.lower():
                    raise BuildError(
                        f"Damaged form {form!r} in curated text: {value!r}"
                    )


# Serialising ---------------------------------------------------------------


def natural_keys():
    """For each model, {pk: sort key} from content, not from database ids."""
    keys = {}
    keys[Country] = dict(Country.objects.values_list("pk", "slug"))
    keys[Person] = dict(Person.objects.values_list("pk", "slug"))
    keys[Source] = dict(Source.objects.values_list("pk", "slug"))
    keys[Agreement] = dict(Agreement.objects.values_list("pk", "slug"))
    agreement = keys[Agreement]
    keys[Party] = {
        pk: (agreement[a], position, keys[Country][c])
        for pk, a, position, c in Party.objects.values_list(
            "pk", "agreement", "position", "country"
        )
    }
    keys[Clause] = {
        pk: (agreement[a], position)
        for pk, a, position in Clause.objects.values_list("pk", "agreement", "position")
    }
    keys[Pledge] = {
        p.pk: (
            agreement.get(p.agreement_id, ""),
            keys[Country][p.donor_id],
            p.kind,
            p.period_start_year or 0,
            str(p.amount or ""),
            str(p.gdp_share or ""),
            p.description,
        )
        for p in Pledge.objects.all()
    }
    keys[Coding] = {
        pk: (agreement[a], position)
        for pk, a, position in Coding.objects.values_list(
            "pk", "agreement", "provision__position"
        )
    }
    keys[SigningEvent] = {
        e.pk: (agreement[e.agreement_id], e.occurred_on.isoformat(), e.kind, e.place)
        for e in SigningEvent.objects.all()
    }
    keys[Participation] = {
        p.pk: (*keys[SigningEvent][p.event_id], p.role, keys[Person][p.person_id])
        for p in Participation.objects.all()
    }
    targets = {
        "agreement": Agreement,
        "clause": Clause,
        "pledge": Pledge,
        "event": SigningEvent,
        "participation": Participation,
    }
    citation_keys = {}
    for citation in Citation.objects.all():
        order, target_key = next(
            (order, keys[model][getattr(citation, f"{name}_id")])
            for order, (name, model) in enumerate(targets.items())
            if getattr(citation, f"{name}_id") is not None
        )
        citation_keys[citation.pk] = (
            order,
            _sortable(target_key),
            keys[Source][citation.source_id],
            citation.field,
            citation.claim,
            citation.quote,
            citation.note,
        )
    keys[Citation] = citation_keys
    return keys


def _flat(key):
    return key if isinstance(key, tuple) else (key,)


def new_pks(keys):
    """{model: {old pk: new pk}}, numbering each model 1, 2, … by its key."""
    mapping = {}
    for model, by_pk in keys.items():
        ordered = sorted(by_pk, key=lambda pk: (_sortable(by_pk[pk]), pk))
        mapping[model] = {old: new for new, old in enumerate(ordered, start=1)}
    return mapping


def _sortable(key):
    """The key with numbers zero-padded, so that 2 sorts before 10."""
    return tuple(
        f"{part:012d}" if isinstance(part, int) else str(part) for part in _flat(key)
    )


def serialise():
    """{file name: JSON text} for the records now in the database."""
    keys = natural_keys()
    mapping = new_pks(keys)
    output = {}
    for file_name, model_list in FIXTURE_FILES.items():
        records = []
        for model in model_list:
            fields = written_fields(model)
            rows = serializers.serialize("python", model.objects.all(), fields=fields)
            for record in rows:
                records.append(_remap(model, record, mapping))
        records.sort(key=lambda r: (r["model"], r["pk"]))
        text = json.dumps(records, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
        output[file_name] = text + "\n"
    return output


def written_fields(model):
    """The fields a fixture holds: not those the database derives (generated
    columns, the clause count its triggers keep)."""
    return [
        field.name
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not field.primary_key and not derived_by_database(model, field)
    ]


def _remap(model, record, mapping):
    fields = dict(record["fields"])
    for field in model._meta.get_fields():
        if field.name not in fields:
            continue
        target = getattr(field, "related_model", None)
        value = fields[field.name]
        if isinstance(field, models.ForeignKey) and value is not None:
            if target in mapping:
                fields[field.name] = mapping[target][value]
        elif isinstance(field, models.ManyToManyField):
            if target in mapping:
                value = [mapping[target][pk] for pk in value]
            fields[field.name] = sorted(value)
    for stamp in ("created_at", "updated_at"):
        if stamp in fields:
            fields[stamp] = FIXTURE_TIMESTAMP
    return {
        "model": record["model"],
        "pk": mapping[model][record["pk"]],
        "fields": fields,
    }
