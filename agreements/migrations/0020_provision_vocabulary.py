"""The provisions coded for every agreement (editors may add more in the
admin). Each is a question with the kind of value its answer takes; the
order is the order of the columns in /compare/. Editors may add, change and
view provisions and codings and delete codings; Viewers may view them."""

import importlib

from django.db import migrations

groups = importlib.import_module("agreements.migrations.0004_editor_groups")

# (slug, name, value kind, unit, question)
PROVISIONS = [
    ("term", "Term", "number", "years",
     "For how many years is the agreement concluded?"),
    ("extension", "Extension possible", "flag", "",
     "Does the text provide for extending the agreement?"),
    ("ends-on-nato-accession", "Ends on NATO accession", "flag", "",
     "Does the agreement end (or get replaced) when Ukraine joins NATO?"),
    ("armed-attack-consultations", "Consultations after an armed attack",
     "number", "hours",
     "Within how many hours do the parties consult after a future armed "
     "attack (and on what condition)?"),
    ("termination-notice", "Termination notice", "number", "months",
     "How many months after written notice does the agreement end?"),
    ("legal-form", "Legal form", "text", "",
     "Is it a treaty ratified by parliament or a political commitment?"),
    ("first-year-money", "Money for the first year", "amount", "",
     "What money does the partner commit for the year of signing?"),
    ("multi-year-money", "Multi-year money", "amount", "",
     "What money does the partner commit over several years?"),
    ("military-support", "Military support", "flag", "",
     "Does the partner commit military or security assistance?"),
    ("defence-industrial", "Defence-industrial cooperation", "flag", "",
     "Does it provide for defence-industrial cooperation or joint production?"),
    ("intelligence-sharing", "Intelligence sharing", "flag", "",
     "Does it provide for intelligence cooperation or sharing?"),
    ("cyber", "Cyber", "flag", "",
     "Does it provide for cooperation on cybersecurity?"),
    ("sanctions", "Sanctions", "flag", "",
     "Does the partner commit to sanctions against Russia?"),
    ("frozen-assets", "Frozen Russian assets", "flag", "",
     "Does it address Russian sovereign assets or compensation from them?"),
    ("accountability-tribunal", "Accountability and a special tribunal", "flag",
     "", "Does it support accountability, including a tribunal for the crime "
     "of aggression?"),
    ("recovery-reconstruction", "Recovery and reconstruction", "flag", "",
     "Does it commit support for Ukraine's recovery and reconstruction?"),
    ("eu-accession-support", "Support for EU accession", "flag", "",
     "Does the partner support Ukraine's accession to the EU?"),
    ("nato-accession-support", "Support for NATO accession", "flag", "",
     "Does the partner support Ukraine's Euro-Atlantic or NATO aspirations?"),
    ("reciprocity", "Reciprocity", "text", "",
     "What does Ukraine commit to the partner?"),
]


def add_provisions(apps):
    Provision = apps.get_model("agreements", "Provision")
    for position, (slug, name, kind, unit, question) in enumerate(PROVISIONS, 1):
        Provision.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "value_kind": kind,
                "unit": unit,
                "question": question,
                "position": position,
            },
        )


def grant(apps):
    groups.ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(
        content_type__app_label="agreements",
        content_type__model__in=["provision", "coding"],
    )
    history = Permission.objects.filter(
        content_type__app_label="agreements",
        codename__in=["view_historicalprovision", "view_historicalcoding"],
    )
    editors = Group.objects.filter(name=groups.EDITORS).first()
    if editors is not None:
        editors.permissions.add(
            *ours.filter(codename__regex=r"^(add|change|view)_"),
            *ours.filter(codename="delete_coding"),
            *history,
        )
    viewers = Group.objects.filter(name=groups.VIEWERS).first()
    if viewers is not None:
        viewers.permissions.add(*ours.filter(codename__startswith="view_"), *history)


def add(apps, schema_editor):
    add_provisions(apps)
    grant(apps)


def remove(apps, schema_editor):
    Provision = apps.get_model("agreements", "Provision")
    Provision.objects.filter(slug__in=[row[0] for row in PROVISIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0019_provisions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add, remove)]
