"""Every write to the tracker's data moves the data version on."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save


def _bump(sender, action=None, **kwargs):
    from .models import DataVersion

    if action in (None, "post_add", "post_remove", "post_clear"):
        DataVersion.bump()


def _tracked_models():
    for model in apps.get_app_config("agreements").get_models():
        name = model.__name__
        if name == "DataVersion" or name.startswith("Historical"):
            continue
        yield model


def connect():
    for model in _tracked_models():
        post_save.connect(_bump, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"bump-del-{model}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_bump, sender=through, dispatch_uid=f"bump-{through}")
