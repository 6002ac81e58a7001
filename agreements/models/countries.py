"""Countries, international organisations, the groups they belong to, and people."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .base import TrackedHistory, Versioned, VersionedQuerySet, is_code, slug_url

iso2_validator = RegexValidator(
    r"^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1 alpha-2, e.g. JP."
)


class CountryGroup(Versioned):
    """A club of countries that users filter by, such as the G7, EU or NATO."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=40, unique=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CountryQuerySet(VersionedQuerySet):
    def in_group(self, group):
        """Members of `group` (a CountryGroup or its slug)."""
        if isinstance(group, str):
            return self.filter(groups__slug=group)
        return self.filter(groups=group)

    def search(self, text):
        """Match on name or ISO code."""
        return self.filter(Q(name__icontains=text) | Q(iso_code__iexact=text))

    def for_list(self):
        """Everything the country list and its CSV read."""
        return (
            self.prefetch_related("groups")
            .annotate(agreement_count=Count("party_links", distinct=True))
            .order_by(*self.model._meta.ordering, "pk")  # GROUP BY drops ordering
        )

    def lookup(self, key):
        """The country `key` names, or None: its ISO code (JP), slug (japan),
        name in any case (United Kingdom) or a common short name (UK, USA,
        EU; SHORT_NAMES). A code wins over a name."""
        key = " ".join((key or "").split())
        if not key:
            return None
        named = (
            Q(iso_code=key.upper())
            | Q(slug=key.lower())
            | Q(slug=slugify(key))
            | Q(name__iexact=key)
        )
        alias = SHORT_NAMES.get(key.upper())
        found = self.filter(named | Q(**alias) if alias else named)
        return min(found, key=lambda c: (c.iso_code != key.upper(), c.pk), default=None)


# Common short names that are neither a code nor a slug (reference data).
SHORT_NAMES = {
    "UK": {"iso_code": "GB"},
    "USA": {"iso_code": "US"},
    "EU": {"slug": "european-union"},
}


class Country(Versioned):
    """A state or an international organisation that can be party to an agreement."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ORGANISATION = "organisation", "International organisation"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    iso_code = models.CharField(
        "ISO code",
        max_length=2,
        blank=True,
        validators=[iso2_validator],
        help_text="ISO 3166-1 alpha-2 code; blank only for organisations.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.STATE)
    groups = models.ManyToManyField(
        CountryGroup,
        blank=True,
        related_name="members",
        help_text="Memberships users filter by (G7, EU, NATO …).",
    )

    objects = CountryQuerySet.as_manager()

    history = TrackedHistory(m2m_fields=[groups], excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~Q(iso_code=""),
                name="country_iso_code_unique",
                violation_error_message="Another country already has this ISO code.",
            ),
            models.CheckConstraint(
                condition=is_code("iso_code", 2),
                name="country_iso_code_format",
                violation_error_message="The ISO code must be two capital letters.",
            ),
            models.CheckConstraint(
                condition=Q(kind="organisation") | ~Q(iso_code=""),
                name="country_state_has_iso_code",
                violation_error_message="A state needs its ISO 3166-1 alpha-2 code.",
            ),
            models.CheckConstraint(
                condition=Q(kind="state") | Q(iso_code=""),
                name="country_organisation_has_no_iso_code",
                violation_error_message="An organisation has no ISO country code.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("agreements:country-detail", self.slug)


class Person(Versioned):
    """Someone who signed, witnessed, negotiated or announced something."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    native_name = models.CharField(
        max_length=200, blank=True, help_text="Name in its own script, e.g. 中込正志."
    )
    office = models.CharField(
        max_length=300,
        blank=True,
        help_text="Best-known office; the office held at each event is recorded "
        "on the event's participation.",
    )
    country = models.ForeignKey(
        Country,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The country or organisation the person acts for.",
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name
