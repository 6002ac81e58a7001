"""A counter that every write to the tracker's data moves on."""

from django.db import models
from django.db.models.functions import Now


class DataVersion(models.Model):
    """One row whose `value` rises with every change to the data.

    Cached public pages are keyed on it (see agreements/pagecache.py), so a
    change made by any process, in the admin or by an import, retires every
    cached page at once.
    """

    value = models.BigIntegerField(default=0)
    # When the value last moved on: the API's Last-Modified.
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"data version {self.value}"

    @classmethod
    def current(cls):
        """The current value, or None when the row is missing."""
        return cls.objects.filter(pk=1).values_list("value", flat=True).first()

    @classmethod
    def stamp(cls):
        """(value, changed_at), or None when the row is missing."""
        return cls.objects.filter(pk=1).values_list("value", "changed_at").first()

    @classmethod
    def bump(cls):
        """Move the version on (inside the caller's transaction, if any)."""
        cls.objects.filter(pk=1).update(value=models.F("value") + 1, changed_at=Now())
