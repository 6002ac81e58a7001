"""Shared pieces of the models: timestamps, record versions and constraint
helpers."""

import functools

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from simple_history.models import HistoricalRecords


class VersionedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Moves the version of every row changed on, like Versioned.save(),
        so that a form opened before this update is refused as stale
        (bulk_update() comes through here too)."""
        kwargs.setdefault("version", F("version") + 1)
        return super().update(**kwargs)


@functools.cache
def _choice_labels(field):
    """{value: label} of a field's choices, built once per field."""
    return dict(field.flatchoices)


class Versioned(models.Model):
    """A record the admin guards against lost edits: `version` rises with
    every write, and a form opened at an older version is refused
    (agreements/admin/forms.py, VersionedForm).

    Every write moves it on: save() (also with update_fields), the
    QuerySet's update() and a fixture loaded over the record (signals.py).
    The number is the database's (version + 1 in the UPDATE itself), so a
    writer holding an old copy of the record cannot set it back. It is
    bookkeeping of this database, not data: kept out of fixtures, exports
    and history (each model's `excluded_fields`).
    """

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        serialize=False,
        help_text="Raised on every write, so an editor saving a stale form is "
        "told instead of overwriting a colleague's change.",
    )

    objects = VersionedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or update_fields):
            self.version = F("version") + 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        try:
            super().save(*args, **kwargs)
        finally:
            if isinstance(self.__dict__.get("version"), models.Expression):
                # Read the new number from the database when next asked for.
                del self.__dict__["version"]

    def _get_FIELD_display(self, field):
        """What get_<field>_display() answers, from the field's choices read
        into a dict once: Django builds that dict on every call (~10 µs; a
        list page asks about 100 times, the agreement page about 35)."""
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value or choice: Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class Timestamped(models.Model):
    """Adds when a record was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DatePart(models.Func):
    """A part of a date as an integer, in SQL each database runs itself, so
    that a generated column can hold it and an index serve it (Django's
    Extract and Trunc functions are Python functions on SQLite, called once
    per row). SQLite keeps dates as YYYY-MM-DD."""

    output_field = models.IntegerField()
    arity = 1
    sqlite_template = postgresql_template = None

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=self.sqlite_template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=self.postgresql_template, **extra
        )


class CalendarYear(DatePart):
    sqlite_template = "CAST(substr(%(expressions)s, 1, 4) AS integer)"
    postgresql_template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"


class CalendarMonth(DatePart):
    """The month, 1–12."""

    sqlite_template = "CAST(substr(%(expressions)s, 6, 2) AS integer)"
    postgresql_template = "CAST(EXTRACT(MONTH FROM %(expressions)s) AS integer)"


def derived_by_database(model, field):
    """True for a field the database fills itself: a generated column, or
    one its triggers keep (the model's KEPT_BY_DATABASE). Saves do not write
    them and fixtures do not hold them."""
    return getattr(field, "generated", False) or field.name in getattr(
        model, "KEPT_BY_DATABASE", ()
    )


# Stands for the slug while a detail URL's pattern is reversed once.
_SLUG = "slug-placeholder-0"
_patterns = {}


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), with the pattern reversed once
    per URL configuration and script prefix: a country page links some
    300 records, and reverse() costs more than the rest of a link. A slug
    holds only letters, digits, "-" and "_", which reverse() leaves as
    they are."""
    key = (name, get_urlconf(), get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(name, kwargs={"slug": _SLUG})
    return pattern.replace(_SLUG, slug)


def read_into_list(lookup, to_attr, queryset=None):
    """A prefetch of `lookup` into the plain list `to_attr` of each row.

    Django's own prefetch into the related manager builds a filtered
    queryset for every row it fills, and every later `.all()` a manager
    (about 45 µs a row; 2.4 ms of a 50-row page); a list attribute costs
    neither. Each model names the list with a `cached_property` of the
    same name that reads it on its own for a row read without it, and gives
    this prefetch as `prefetch_<name>()` beside it."""
    return models.Prefetch(lookup, queryset=queryset, to_attr=to_attr)


def as_list(value):
    """One record or several (a filter's cleaned value) as a list."""
    if isinstance(value, models.Model):
        return [value]
    return list(value)


def missing_last(model, term):
    """The ordering term ("-signed_on", "donor__name") with rows that have no
    value last in either direction, as every database then agrees; terms on
    fields that are never NULL, and annotations, stay as they are."""
    descending, path = term.startswith("-"), term.lstrip("-")
    nullable = False
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return term
        nullable, model = nullable or field.null, field.related_model
    if not nullable:
        return term
    return F(path).desc(nulls_last=True) if descending else F(path).asc(nulls_last=True)


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


class HistoryM2MBase(models.Model):
    """Base of the history tables for many-to-many links (a clause's topics)."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.history} — link {self.m2m_history_id}"


class TrackedHistory(HistoricalRecords):
    """django-simple-history's records, with the many-to-many link history
    ordered and printable like every other model of the app."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("m2m_bases", [HistoryM2MBase])
        super().__init__(*args, **kwargs)

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        return {**options, "ordering": ["-m2m_history_id"]}
