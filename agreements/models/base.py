"""Shared pieces of the models: timestamps and constraint helpers."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact


class Timestamped(models.Model):
    """Adds when a record was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def exactly_one(*fields):
    """A Q that holds when exactly one of `fields` is not NULL."""
    condition = Q()
    for chosen in fields:
        term = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                term &= Q(**{f"{other}__isnull": True})
        condition |= term
    return condition


def is_code(field, length):
    """A Q that holds when `field` is blank or `length` upper-case characters.

    A regex would be stricter, but SQLite has no built-in REGEXP; the form
    validators reject digits and punctuation before the database sees them.
    """
    return Q(**{field: ""}) | (
        Q(Exact(Length(field), length)) & Q(**{field: Upper(field)})
    )
