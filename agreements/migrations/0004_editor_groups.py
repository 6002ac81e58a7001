"""The admin's two roles: Editors (enter and maintain records) and Viewers (read).

Editors may add, change and view every record of the tracker, but delete only
the parts of an agreement that are routinely corrected: clauses, pledges,
events (with the people in them) and citations. Viewers may only view.
Both may view the recorded history.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
VIEWERS = "Viewers"
EDITOR_DELETES = ["clause", "pledge", "signingevent", "participation", "citation"]


def ensure_permissions(apps):
    """Create this app's permissions now: on a fresh database they would only
    appear after all migrations, when post_migrate runs."""
    app_config = apps.get_app_config("agreements")
    previous = getattr(app_config, "models_module", None)  # unset in migrations
    app_config.models_module = previous or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = previous


def add_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="agreements")
    history_views = ours.filter(codename__startswith="view_historical")
    records = ours.exclude(content_type__model__startswith="historical")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        list(records.filter(codename__regex=r"^(add|change|view)_"))
        + list(records.filter(codename__in=[f"delete_{m}" for m in EDITOR_DELETES]))
        + list(history_views)
    )
    viewers, _ = Group.objects.get_or_create(name=VIEWERS)
    viewers.permissions.set(
        list(records.filter(codename__startswith="view_")) + list(history_views)
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, VIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_history_and_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_groups, remove_groups)]
