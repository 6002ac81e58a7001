"""Controlled vocabularies: clause topics and the country groups users filter by."""

from django.db import migrations

TOPICS = [
    ("security-defence", "Security and defence"),
    ("humanitarian", "Humanitarian"),
    ("reconstruction", "Recovery and reconstruction"),
    ("financial", "Financial"),
    ("cybersecurity", "Cybersecurity"),
    ("information-manipulation", "Information manipulation"),
    ("intelligence", "Intelligence and information security"),
    ("organised-crime", "Organised crime"),
    ("maritime", "Maritime"),
    ("industrial", "Industrial"),
    ("cbrn-nuclear-safety", "CBRN / nuclear safety"),
    ("future-armed-attack", "Future armed attack"),
    ("reform", "Reform"),
    ("compensation", "Compensation"),
    ("just-peace", "Just peace"),
    ("sanctions", "Sanctions"),
    ("accountability", "Accountability"),
    ("euro-atlantic-integration", "Euro-Atlantic integration"),
    ("implementation", "Implementation"),
    ("duration", "Duration and termination"),
]

GROUPS = [
    ("g7", "G7"),
    ("eu", "European Union"),
    ("nato", "NATO"),
]


def add(apps, schema_editor):
    Topic = apps.get_model("agreements", "Topic")
    CountryGroup = apps.get_model("agreements", "CountryGroup")
    for slug, name in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name})
    for slug, name in GROUPS:
        CountryGroup.objects.update_or_create(slug=slug, defaults={"name": name})


def remove(apps, schema_editor):
    apps.get_model("agreements", "Topic").objects.filter(
        slug__in=[slug for slug, _ in TOPICS]
    ).delete()
    apps.get_model("agreements", "CountryGroup").objects.filter(
        slug__in=[slug for slug, _ in GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
