"""Money (or shares of GDP) one party pledges to another."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from simple_history.models import HistoricalRecords

from .base import is_code
from .countries import Country

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use the three capital letters of ISO 4217, e.g. USD."
)


class PledgeQuerySet(models.QuerySet):
    def involving(self, country):
        """Pledges where `country` is donor or recipient."""
        return self.filter(Q(donor=country) | Q(recipient=country))

    def covering(self, year):
        """Pledges whose period includes `year` (open ends count as covering)."""
        return self.filter(
            Q(period_start_year__lte=year) | Q(period_start_year__isnull=True),
            Q(period_end_year__gte=year)
            | Q(period_end_year__isnull=True, period_start_year=year)
            | Q(period_end_year__isnull=True, period_start_year__isnull=True),
        ).exclude(period_start_year__isnull=True, period_end_year__isnull=True)

    def search(self, text):
        """Match on the description and the donor's or recipient's name."""
        return self.filter(
            Q(description__icontains=text)
            | Q(donor__name__icontains=text)
            | Q(recipient__name__icontains=text)
        )

    def for_list(self):
        """Everything the pledge list and its CSV read."""
        return self.select_related("donor", "recipient", "agreement")

    def totals_by_currency(self):
        """Rows of (currency, kind, total, count) for the pledges stated as an
        amount; new commitments and cumulative totals are kept apart."""
        return (
            self.filter(amount__isnull=False)
            .values("currency", "kind")
            .annotate(total=Sum("amount"), count=Count("pk"))
            .order_by("currency", "kind")
        )


class Pledge(models.Model):
    """A financial commitment: an amount in a currency, or a share of GDP."""

    class Category(models.TextChoices):
        MILITARY = "military", "Military / security"
        FINANCIAL = "financial", "Financial"
        HUMANITARIAN = "humanitarian", "Humanitarian"
        RECONSTRUCTION = "reconstruction", "Reconstruction"
        TOTAL = "total", "Total (all kinds)"

    class Kind(models.TextChoices):
        NEW = "new", "New commitment"
        CUMULATIVE = "cumulative", "Cumulative total already provided"

    class Qualifier(models.TextChoices):
        EXACT = "", "Exactly"
        AT_LEAST = "at_least", "At least"
        UP_TO = "up_to", "Up to"
        OVER = "over", "Over"
        ABOUT = "about", "About"

    donor = models.ForeignKey(Country, models.PROTECT, related_name="pledges_made")
    recipient = models.ForeignKey(
        Country, models.PROTECT, related_name="pledges_received"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        help_text="The agreement it was announced with, if any.",
    )
    amount = models.DecimalField(
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="In units of the currency (4.5 billion = 4500000000).",
    )
    currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[currency_validator],
        help_text="ISO 4217 code; required with an amount.",
    )
    gdp_share = models.DecimalField(
        "share of GDP (%)",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="For pledges stated as a percentage of GDP, e.g. 0.25.",
    )
    qualifier = models.CharField(
        max_length=10,
        choices=Qualifier,
        blank=True,
        default=Qualifier.EXACT,
        help_text="How the source qualifies the figure.",
    )
    per_year = models.BooleanField(
        default=False, help_text="The figure is pledged for each year of the period."
    )
    period_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=Category)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEW)
    description = models.TextField(blank=True)

    objects = PledgeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        # Not recorded comes last, in every order and on every database.
        ordering = [
            F("period_start_year").desc(nulls_last=True),
            "donor__name",
            "pk",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=False, gdp_share__isnull=True)
                | Q(amount__isnull=True, gdp_share__isnull=False),
                name="pledge_amount_or_gdp_share",
                violation_error_message="Give either an amount or a share of GDP, "
                "not both and not neither.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="")
                | (Q(amount__isnull=False) & ~Q(currency="")),
                name="pledge_currency_with_amount",
                violation_error_message="An amount needs its currency, and a share "
                "of GDP has none.",
            ),
            models.CheckConstraint(
                condition=is_code("currency", 3),
                name="pledge_currency_format",
                violation_error_message="The currency must be three capital letters.",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="pledge_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(gdp_share__isnull=True)
                | Q(gdp_share__gt=0, gdp_share__lte=100),
                name="pledge_gdp_share_range",
                violation_error_message="A share of GDP lies between 0 and 100 "
                "per cent.",
            ),
            models.CheckConstraint(
                condition=Q(period_start_year__isnull=True)
                | Q(period_end_year__isnull=True)
                | Q(period_end_year__gte=F("period_start_year")),
                name="pledge_period_in_order",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(donor=F("recipient")),
                name="pledge_parties_differ",
                violation_error_message="Donor and recipient must differ.",
            ),
        ]

    def __str__(self):
        if self.amount is not None:
            figure = f"{self.currency} {self.amount:,.0f}"
        else:
            figure = f"{self.gdp_share.normalize()}% of GDP"
        return f"{self.donor} → {self.recipient}: {figure}"
