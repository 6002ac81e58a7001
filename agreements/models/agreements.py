"""Agreements and the countries party to them."""

import datetime

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from ..search import matching
from .base import (
    CalendarMonth,
    CalendarYear,
    Timestamped,
    Versioned,
    VersionedQuerySet,
    as_list,
    derived_by_database,
    read_into_list,
    slug_url,
)
from .countries import Country

languages_validator = RegexValidator(
    r"^[a-z]{2}( [a-z]{2})*$",
    "List two-letter ISO 639-1 codes separated by spaces, e.g. 'uk ja en'.",
)


def add_years(day, years):
    """`day` moved `years` years on; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# What a row that links to its agreement shows of it: its name and the
# slug of its address (Agreement.__str__, get_absolute_url), and the day it
# was signed (a pledge without a date of its own is converted at its rate).
AGREEMENT_LINK_FIELDS = {"id", "title", "short_title", "slug", "signed_on"}


def unread_in_links(path):
    """The agreement fields a query joining `path` (an agreement, as
    "event__agreement") leaves unread, for its .defer(): rows that only
    link to their agreement skip its summary, dates and timestamps (each
    a conversion per row)."""
    return [
        f"{path}__{field.attname}"
        for field in Agreement._meta.concrete_fields
        if field.name not in AGREEMENT_LINK_FIELDS
    ]


class AgreementQuerySet(VersionedQuerySet):
    def involving(self, country):
        """Agreements to which `country` (or any of several) is a party."""
        return self.filter(pk__in=Party.objects.with_countries(country))

    def in_group(self, group_slug):
        """Agreements with at least one party in the group (g7, eu, nato)."""
        return self.filter(party_links__country__groups__slug=group_slug).distinct()

    def in_force_on(self, day):
        """Agreements recorded as in force on `day`: in force from that day
        or before, not expired by then, and not terminated. An agreement
        with no in-force date recorded is not among them (not recorded is
        not known to be in force)."""
        return (
            self.filter(in_force_on__lte=day)
            .exclude(expires_on__lte=day)
            .exclude(status=self.model.Status.TERMINATED)
        )

    def signed_in(self, year):
        """Agreements signed in calendar year `year`."""
        return self.filter(signed_on__year=year)

    def search(self, text):
        """Agreements whose titles, summary, place, parties, signatories,
        event places or alternative titles hold every word of `text`
        (agreements/search.py)."""
        return matching(self, text)

    def for_list(self):
        """Everything the list page, CSV and admin changelist read."""
        # pk breaks ties between equal titles.
        return self.prefetch_related(self.model.prefetch_party_list()).order_by(
            *self.model._meta.ordering, "pk"
        )

    def for_detail(self):
        """Everything the agreement page reads about the agreement itself
        (with linked_to() for the agreements linked to it)."""
        return self.select_related("framework").prefetch_related(
            # One agreement's parties: ordered without the join to the
            # agreement that Party's own ordering (by agreement first) takes.
            models.Prefetch(
                "party_links",
                queryset=Party.objects.select_related("country").order_by(
                    "position", "country__name"
                ),
            )
        )

    def linked_to(self, agreement):
        """(the agreements implementing `agreement`, those related to it),
        each in the list order, read in one query where two prefetches took
        two (a UNION: an OR of the two would scan every agreement)."""
        related = self.model.related.through.objects.filter(
            from_agreement=agreement
        ).values("to_agreement")
        # A UNION is ordered as a whole; the links read only what a link shows.
        parts = self.order_by().only(*AGREEMENT_LINK_FIELDS)
        implementing = parts.filter(framework=agreement).annotate(
            link=models.Value("implements")
        )
        relating = parts.filter(pk__in=related).annotate(link=models.Value("relates"))
        linked = implementing.union(relating, all=True).order_by(
            *self.model._meta.ordering, "pk"
        )
        linked = list(linked)
        return (
            [other for other in linked if other.link == "implements"],
            [other for other in linked if other.link == "relates"],
        )

    def without_text(self):
        """Agreements whose text the site does not hold (no clauses)."""
        return self.filter(clause_count=0)

    def completeness(self):
        """How much is recorded about these agreements: their number, and how
        many have clause text held, an in-force date, a term of years."""
        every = self.order_by()
        if self.query.distinct:  # counted by id, once each
            every = self.model.objects.filter(pk__in=self.values("pk"))
        # Counted from columns of the facet index (COUNT of a column counts
        # its non-NULL values): PostgreSQL reads them from the index alone,
        # where counting ids would read every row (5.5 -> 1.1 ms for a year).
        return every.aggregate(
            total=Count("*"),
            text_held=Count("clause_count", filter=Q(clause_count__gt=0)),
            in_force_recorded=Count("in_force_on"),
            term_recorded=Count("term_years"),
        )

    def comparable_with(self, agreement, limit=60):
        """Agreements to offer beside `agreement` for a side by side view:
        those of its framework (or that implement it), else of its kind,
        in signing order; at most `limit`."""
        if agreement.framework_id:
            alike = Q(framework_id=agreement.framework_id)
        else:
            alike = Q(framework=agreement) | Q(kind=agreement.kind)
        return (
            self.filter(alike)
            .exclude(pk=agreement.pk)
            .order_by("signed_on", "pk")[:limit]
        )

    def signings_by_month(self):
        """Rows of (month, count): how many agreements were signed each month
        (grouped by SQL each database runs itself: TruncMonth is a Python
        function per row on SQLite)."""
        rows = (
            self.filter(signed_on__isnull=False)
            .values(
                year_number=CalendarYear("signed_on"),
                month_number=CalendarMonth("signed_on"),
            )
            .annotate(count=Count("pk"))
            .order_by("year_number", "month_number")
        )
        return [
            {
                "month": datetime.date(row["year_number"], row["month_number"], 1),
                "count": row["count"],
            }
            for row in rows
        ]


class Agreement(Versioned, Timestamped):
    """A signed (or negotiated) pact: who, what, when, where and for how long."""

    class Kind(models.TextChoices):
        SECURITY = "security", "Security agreement / accord"
        INFORMATION_SECURITY = "information_security", "Information-security agreement"
        PARTNERSHIP = "partnership", "Partnership treaty"
        JOINT_DECLARATION = "joint_declaration", "Joint declaration"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", "Under negotiation"
        SIGNED = "signed", "Signed"
        IN_FORCE = "in_force", "In force"
        EXPIRED = "expired", "Expired"
        TERMINATED = "terminated", "Terminated"

    title = models.CharField(max_length=500, help_text="The title as published.")
    short_title = models.CharField(
        max_length=200, blank=True, help_text="How lists refer to it."
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.SECURITY)
    parties = models.ManyToManyField(
        Country,
        through="Party",
        related_name="agreements",
        help_text="Two for a bilateral pact; more for a multilateral declaration.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.SIGNED)
    ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Position by signing date among the agreements of its "
        "framework (1 = first). Sources that count differently are cited "
        "with field 'ordinal'.",
    )
    signed_on = models.DateField(null=True, blank=True)
    in_force_on = models.DateField(
        "in force from", null=True, blank=True, help_text="Date it took effect."
    )
    term_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Term fixed by the text, in years.",
    )
    expires_on = models.DateField(
        null=True,
        blank=True,
        help_text="Derived from the term and the date it took effect (or was "
        "signed) when the text fixes a term.",
    )
    termination_notice_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Months after written notice that it ends, when the text says.",
    )
    place_signed = models.CharField(max_length=300, blank=True)
    languages = models.CharField(
        max_length=60,
        blank=True,
        validators=[languages_validator],
        help_text="ISO 639-1 codes of the authentic texts, e.g. 'uk ja en'.",
    )
    prevailing_language = models.CharField(
        max_length=2,
        blank=True,
        help_text="Which text prevails in case of divergence (ISO 639-1).",
    )
    framework = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="implementations",
        help_text="The declaration or treaty this agreement implements.",
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        help_text="Agreements it refers to or that follow from it.",
    )
    summary = models.TextField(blank=True)
    # Kept by the database (clause_counts.py); read-only everywhere else.
    clause_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Clauses held for it, counted by the database.",
    )
    # The year facet groups by it through an index (ExtractYear is a Python
    # function on SQLite, called once per row).
    signed_year = models.GeneratedField(
        expression=CalendarYear("signed_on"),
        output_field=models.IntegerField(),
        db_persist=True,
    )

    objects = AgreementQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=["updated_at", "version", "clause_count", "signed_year"]
    )

    class Meta:
        # Not recorded comes last, in every order and on every database.
        ordering = [F("signed_on").desc(nulls_last=True), "title"]
        indexes = [
            # The list's order, read without a sort; SQLite also reads every
            # agreement's clauses in this order for the clause export.
            models.Index(fields=["-signed_on", "title"], name="agreement_list_order"),
            # Facets and the list's notes count short columns of the rows
            # (mostly filtered by date): all read from this one index, not
            # from the wide rows.
            models.Index(
                fields=[
                    "signed_on",
                    "status",
                    "kind",
                    "clause_count",
                    "in_force_on",
                    "term_years",
                ],
                name="agreement_facets",
            ),
            models.Index(fields=["signed_year"], name="agreement_signed_year"),
            # An agreement's page lists those made under it in the list's
            # order: without the order in this index SQLite walked the whole
            # list order to find them (16-22 ms at 10,000 agreements).
            models.Index(
                fields=["framework", "-signed_on", "title"],
                name="agreement_framework_order",
            ),
            models.Index(fields=["clause_count"], name="agreement_clause_count"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="negotiating") | Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
                violation_error_message="A signed agreement needs its signing date.",
            ),
            models.CheckConstraint(
                condition=Q(in_force_on__isnull=True)
                | Q(signed_on__isnull=False, in_force_on__gte=F("signed_on")),
                name="agreement_in_force_after_signing",
                violation_error_message="It cannot take effect before it is signed.",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(signed_on__isnull=False, expires_on__gt=F("signed_on")),
                name="agreement_expires_after_signing",
                violation_error_message="Expiry must come after signing.",
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True) | Q(term_years__gte=1),
                name="agreement_term_positive",
                violation_error_message="The term must be at least one year.",
            ),
            models.CheckConstraint(
                condition=Q(termination_notice_months__isnull=True)
                | Q(termination_notice_months__gte=1),
                name="agreement_notice_positive",
                violation_error_message="The notice period must be at least a month.",
            ),
            models.CheckConstraint(
                condition=Q(prevailing_language="")
                | Q(languages__contains=F("prevailing_language")),
                name="agreement_prevailing_language_listed",
                violation_error_message="The prevailing language must be one of "
                "the languages of the text.",
            ),
        ]

    def __str__(self):
        return self.short_title or self.title

    def get_absolute_url(self):
        return slug_url("agreements:agreement-detail", self.slug)

    def clean(self):
        self.expires_on = self.derived_expiry() or self.expires_on

    def save(self, *args, **kwargs):
        self.expires_on = self.derived_expiry() or self.expires_on
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The count loaded with this instance may be stale: clauses
            # added since are counted by the database, not by this save.
            kwargs["update_fields"] = self.saved_fields()
        super().save(*args, **kwargs)
        self.pledges.reconvert()

    # Kept by the database (clause_counts.py): not written by a save, not
    # in fixtures.
    KEPT_BY_DATABASE = frozenset({"clause_count"})

    @classmethod
    def saved_fields(cls):
        """The fields a save writes: all but the ones the database keeps."""
        return [
            field.name
            for field in cls._meta.concrete_fields
            if not field.primary_key and not derived_by_database(cls, field)
        ]

    def derived_expiry(self):
        """The end of the fixed term, counted from entry into force or signing."""
        start = self.in_force_on or self.signed_on
        if self.term_years and start:
            return add_years(start, self.term_years)
        return None

    def time_remaining(self, today=None):
        """Days left until expiry, or None when no expiry is known."""
        if not self.expires_on:
            return None
        today = today or datetime.date.today()
        return (self.expires_on - today).days

    @property
    def language_list(self):
        return self.languages.split()

    @cached_property
    def party_list(self):
        """The parties' countries by name; `for_list()` reads them for every
        row in one query."""
        return list(self.parties.all())

    @staticmethod
    def prefetch_party_list():
        return read_into_list("parties", "party_list")


class PartyQuerySet(VersionedQuerySet):
    def with_countries(self, country):
        """The ids of the agreements `country` (or any of several) is party
        to, for a semi-join: no row comes back twice for two parties."""
        return self.filter(country__in=as_list(country)).values("agreement_id")


class Party(Versioned):
    """A country or organisation party to an agreement."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="party_links")
    country = models.ForeignKey(Country, models.PROTECT, related_name="party_links")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in which the text names the parties."
    )

    history = HistoricalRecords(excluded_fields=["version"])

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position", "country__name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "country"],
                name="party_once_per_agreement",
                violation_error_message="This country is already a party to "
                "the agreement; an agreement needs different parties.",
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.agreement}"
