"""Every write to the tracker's data moves the data version on; a fixture
loaded over a record, or a link made to it from the other end (related
agreements), moves the record's own version on."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save


def _bump(sender, action=None, **kwargs):
    from .models import DataVersion

    if action in (None, "post_add", "post_remove", "post_clear"):
        DataVersion.bump()


def _next_record_version(sender, instance, raw, using, **kwargs):
    """loaddata (manage.py load_seed) writes a record's fields as the fixture
    has them, past Versioned.save(): without this, a record loaded over one
    an editor has open would keep (or get back) the version of their form.
    The fields the database keeps (an agreement's clause count) are not in
    the fixture, and keep their value: loading the seed a second time had
    written every agreement's count as 0 (its clauses, already there, were
    not inserted again to count them)."""
    if not raw:
        return
    kept = sorted(getattr(sender, "KEPT_BY_DATABASE", ()))
    current = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values_list("version", *kept)
        .first()
    )
    if current is not None:
        instance.version = current[0] + 1
        for name, value in zip(kept, current[1:], strict=True):
            setattr(instance, name, value)


def _linked_from_the_other_end(sender, instance, action, model, pk_set, **kwargs):
    """A symmetrical link (an agreement's related agreements) added on one
    record's page changes the other record too: a form of it opened before
    would otherwise save the link away again. Saving only the version moves
    it on and records who made the link in the other record's history."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    # add() sends its signals twice for a symmetrical link, once per direction.
    done = (action, frozenset(pk_set))
    if getattr(instance, "_linked_from_the_other_end", None) == done:
        return
    instance._linked_from_the_other_end = done
    for other in model.objects.filter(pk__in=pk_set).exclude(pk=instance.pk):
        other.save(update_fields=["version"])


def _tracked_models():
    for model in apps.get_app_config("agreements").get_models():
        name = model.__name__
        if name == "DataVersion" or name.startswith("Historical"):
            continue
        yield model


def connect():
    from .models.base import Versioned

    for model in _tracked_models():
        post_save.connect(_bump, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"bump-del-{model}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_bump, sender=through, dispatch_uid=f"bump-{through}")
            if field.remote_field.symmetrical and issubclass(model, Versioned):
                m2m_changed.connect(
                    _linked_from_the_other_end,
                    sender=through,
                    dispatch_uid=f"version-{through}",
                )
        if issubclass(model, Versioned):
            pre_save.connect(
                _next_record_version, sender=model, dispatch_uid=f"version-{model}"
            )
