"""Events in an agreement's life and the people involved in them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from ..search import matching
from .agreements import Agreement, Party, unread_in_links
from .base import CalendarYear, Versioned, VersionedQuerySet, read_into_list
from .countries import Person


class SigningEventQuerySet(VersionedQuerySet):
    def involving(self, country):
        """Events of agreements to which `country` (or any of several) is a
        party."""
        return self.filter(agreement_id__in=Party.objects.with_countries(country))

    def in_group(self, group_slug):
        """Events of agreements with a party in the group (g7, eu, nato)."""
        return self.filter(
            agreement__party_links__country__groups__slug=group_slug
        ).distinct()

    def search(self, text):
        """Events whose place, occasion, description, agreement title or
        participants hold every word of `text` (agreements/search.py)."""
        return matching(self, text)

    def for_list(self):
        """Everything the event list and its CSV read."""
        return (
            self.select_related("agreement")
            .defer(*unread_in_links("agreement"))
            .prefetch_related(self.model.prefetch_participation_list())
        )

    def newest_first(self):
        """Latest events first, with their agreement."""
        return self.select_related("agreement").order_by("-occurred_on", "-pk")


class SigningEvent(Versioned):
    """Something that happened to an agreement: talks agreed, signing, entry …"""

    class Kind(models.TextChoices):
        NEGOTIATIONS_AGREED = "negotiations_agreed", "Negotiations agreed"
        NEGOTIATION_ROUND = "negotiation_round", "Negotiation round"
        AGREEMENT_IN_PRINCIPLE = "agreement_in_principle", "Agreement in principle"
        SIGNED = "signed", "Signed"
        ENTERED_INTO_FORCE = "entered_into_force", "Entered into force"
        RATIFIED = "ratified", "Ratified"
        DIALOGUE = "dialogue", "Dialogue held or agreed"
        WITHDRAWN = "withdrawn", "Withdrawn / terminated"
        OTHER = "other", "Other"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind)
    occurred_on = models.DateField(
        help_text="With month or year precision, the first day of that period."
    )
    date_precision = models.CharField(
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
        help_text="How exactly the sources date it ('in September' = month).",
    )
    place = models.CharField(max_length=300, blank=True)
    occasion = models.CharField(
        max_length=300, blank=True, help_text="e.g. the G7 summit in Apulia."
    )
    description = models.TextField(blank=True)
    # The year facet groups by it through an index (see Agreement.signed_year).
    occurred_year = models.GeneratedField(
        expression=CalendarYear("occurred_on"),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    people = models.ManyToManyField(
        Person, through="Participation", related_name="events"
    )

    objects = SigningEventQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["version", "occurred_year"])

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = "event"
        indexes = [
            # The list's order, read without a sort.
            models.Index(fields=["occurred_on"], name="event_order"),
            models.Index(fields=["occurred_year"], name="event_occurred_year"),
            models.Index(fields=["kind", "occurred_on"], name="event_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.agreement} ({self.date_label})"

    def get_absolute_url(self):
        return f"{self.agreement.get_absolute_url()}#event-{self.pk}"

    def clean(self):
        if self.occurred_on is None:
            return
        if self.date_precision != self.Precision.DAY and self.occurred_on.day != 1:
            raise ValidationError(
                {"occurred_on": "With month or year precision, use the first day."}
            )
        if self.date_precision == self.Precision.YEAR and self.occurred_on.month != 1:
            raise ValidationError(
                {"occurred_on": "With year precision, use 1 January."}
            )

    @property
    def date_label(self):
        """The date as precisely as the sources give it."""
        if self.date_precision == self.Precision.YEAR:
            return f"{self.occurred_on:%Y}"
        if self.date_precision == self.Precision.MONTH:
            return f"{self.occurred_on:%B %Y}"
        return f"{self.occurred_on.day} {self.occurred_on:%B %Y}"

    @cached_property
    def participation_list(self):
        """Who signed or attended, by role and name, with their people and
        countries; `for_list()` reads them for every row in one query."""
        return list(self.participations.select_related("person__country"))

    @staticmethod
    def prefetch_participation_list():
        return read_into_list(
            "participations",
            "participation_list",
            # Each event's own list in Participation's order; ordered by
            # the event's id, not its date, it needs no join to the events.
            Participation.objects.select_related("person__country").order_by(
                "event_id", "role", "person__name"
            ),
        )

    @property
    def iso_date(self):
        """ISO 8601 at the event's precision: 2024, 2024-09 or 2024-09-09."""
        if self.date_precision == self.Precision.YEAR:
            return f"{self.occurred_on:%Y}"
        if self.date_precision == self.Precision.MONTH:
            return f"{self.occurred_on:%Y-%m}"
        return self.occurred_on.isoformat()


class Participation(Versioned):
    """A person's part in an event, with the office they held then."""

    class Role(models.TextChoices):
        SIGNATORY = "signatory", "Signatory"
        WITNESS = "witness", "Witness"
        NEGOTIATOR = "negotiator", "Negotiator"
        ANNOUNCER = "announcer", "Announcer"

    event = models.ForeignKey(
        SigningEvent, models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role)
    office = models.CharField(
        max_length=300, blank=True, help_text="Office held at the time."
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["event", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="participation_once_per_role",
                violation_error_message="This person already has this role in "
                "the event.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) — {self.event}"
