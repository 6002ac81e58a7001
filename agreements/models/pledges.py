"""Money (or shares of GDP) one party pledges to another."""

import datetime

from django.core.validators import MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from simple_history.models import HistoricalRecords

from .. import money
from ..search import matching
from .agreements import unread_in_links
from .base import Versioned, VersionedQuerySet, as_list, is_code
from .countries import Country

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", "Use the three capital letters of ISO 4217, e.g. USD."
)


EURO_FIELDS = ("amount_eur", "eur_rate", "eur_rate_date", "amount_eur_per_year")


class PledgeQuerySet(VersionedQuerySet):
    def involving(self, country):
        """Pledges where `country` (or any of several) is donor or recipient."""
        countries = as_list(country)
        return self.filter(Q(donor__in=countries) | Q(recipient__in=countries))

    def covering(self, year, today=None):
        """Pledges whose period includes `year`. An open-ended period (a
        running total "since 2022") covers every year from its start until
        this one; a pledge with no period at all covers none."""
        today = today or datetime.date.today()
        ends = Q(period_end_year__gte=year)
        if year <= today.year:
            ends |= Q(period_end_year__isnull=True)
        return self.filter(
            Q(period_start_year__lte=year) | Q(period_start_year__isnull=True), ends
        ).exclude(period_start_year__isnull=True, period_end_year__isnull=True)

    def by_donor_group(self, group_slug):
        """Pledges whose donor belongs to the group (g7, eu, nato)."""
        return self.filter(donor__groups__slug=group_slug).distinct()

    def search(self, text):
        """Pledges whose description, donor or recipient holds every word
        of `text` (agreements/search.py)."""
        return matching(self, text)

    def for_list(self):
        """Everything the pledge list and its CSV read, in the list's order."""
        return (
            self.select_related("donor", "recipient", "agreement")
            .defer(*unread_in_links("agreement"))
            .in_list_order()
        )

    def in_list_order(self):
        """Meta.ordering, in the words each database reads fastest. Both read
        the newest periods from the pledge_list_order index and sort only
        within them, given the donor's name the right way: SQLite per row
        (with a join it planned from the countries and sorted all 50,000
        pledges, 180 ms), PostgreSQL by a join (a subquery per row cost 113
        ms; the join, remembered per donor, 22 ms)."""
        if connections[self.db].vendor == "sqlite":
            countries = Country.objects.filter(pk=OuterRef("donor_id")).order_by()
            donor_name = Subquery(countries.values("name"))
        else:
            donor_name = F("donor__name")
        return self.order_by(
            F("period_start_year").desc(nulls_last=True), donor_name, "pk"
        )

    def reconvert(self):
        """Recompute each pledge's euro figures (after its agreement's date
        changed) and save those whose figures moved."""
        for pledge in self.select_related("agreement"):
            stored = [getattr(pledge, name) for name in EURO_FIELDS]
            pledge.set_euro_figures()
            if stored != [getattr(pledge, name) for name in EURO_FIELDS]:
                pledge.save(update_fields=EURO_FIELDS)

    def totals_by_currency(self):
        """Rows of (currency, kind, total, total_eur, count, converted) for
        the pledges stated as an amount; new commitments and cumulative
        totals are kept apart (one is never added to the other)."""
        return (
            self.filter(amount__isnull=False)
            .values("currency", "kind")
            .annotate(
                total=Sum("amount"),
                total_eur=Sum("amount_eur"),
                count=Count("pk"),
                converted=Count("amount_eur"),
            )
            .order_by("kind", "currency")
        )

    def totals_in_euros(self):
        """Rows of (kind, total_eur, count, converted, yearly, qualified)
        over every currency: the sum of the euro figures, how many pledges it
        adds up, how many stated an amount, how many of those are yearly
        figures (counted once, for one year) and how many are qualified
        ("over", "at least", "up to", "about")."""
        return (
            self.filter(amount__isnull=False)
            .values("kind")
            .annotate(
                total_eur=Sum("amount_eur"),
                converted=Count("amount_eur"),
                count=Count("pk"),
                yearly=Count("pk", filter=Q(per_year=True)),
                qualified=Count("pk", filter=~Q(qualifier="")),
            )
            .order_by("kind")
        )


class Pledge(Versioned):
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
    # The euro equivalent at the ECB reference rate of the day the pledge was
    # announced (its agreement's signing date; see agreements/money.py), set
    # on every save from the fields above and the agreement's date. NULL for
    # a share of GDP, a currency the ECB does not quote, or no date.
    amount_eur = models.DecimalField(
        "amount in EUR", max_digits=20, decimal_places=2, null=True, editable=False
    )
    eur_rate = models.DecimalField(
        "ECB rate (units per EUR)",
        max_digits=18,
        decimal_places=6,
        null=True,
        editable=False,
    )
    eur_rate_date = models.DateField("ECB rate of", null=True, editable=False)
    # Derived: the euro figure for one year, where the pledge gives one (a
    # yearly figure) or states a closed period of new money (spread evenly).
    amount_eur_per_year = models.DecimalField(
        "EUR per year (derived)",
        max_digits=20,
        decimal_places=2,
        null=True,
        editable=False,
    )

    objects = PledgeQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        # Not recorded comes last, in every order and on every database.
        # The list reads the same order without joining the donor
        # (PledgeQuerySet.in_list_order).
        ordering = [
            F("period_start_year").desc(nulls_last=True),
            "donor__name",
            "pk",
        ]
        # pledge_list_order, the index of that order, is made by migration
        # 0025 in each database's own words (SQLite has no NULLS LAST in an
        # index, and its DESC already puts them last).
        indexes = [
            # Facets under a currency filter: donors and recipients in EUR.
            models.Index(fields=["currency", "donor"], name="pledge_currency_donor"),
            models.Index(
                fields=["currency", "recipient"], name="pledge_currency_recipient"
            ),
            models.Index(fields=["donor", "category", "kind"], name="pledge_donor"),
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
                condition=Q(
                    amount_eur__isnull=True,
                    eur_rate__isnull=True,
                    eur_rate_date__isnull=True,
                    amount_eur_per_year__isnull=True,
                )
                | Q(
                    amount__isnull=False,
                    amount_eur__isnull=False,
                    eur_rate__gt=0,
                    eur_rate_date__isnull=False,
                ),
                name="pledge_eur_with_its_rate",
                violation_error_message="A euro figure needs an amount, its ECB "
                "rate and the rate's date.",
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

    def save(self, *args, **kwargs):
        self.set_euro_figures()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *EURO_FIELDS}
        super().save(*args, **kwargs)

    @property
    def announced_on(self):
        """The day the rate is taken for: its agreement's signing date."""
        return self.agreement.signed_on if self.agreement_id else None

    def set_euro_figures(self):
        """amount_eur and its rate, from the amount, currency and date."""
        rate = None
        if self.amount is not None:
            rate = money.ecb_rate(self.currency, self.announced_on)
        if rate is None:
            self.amount_eur = self.eur_rate = self.eur_rate_date = None
            self.amount_eur_per_year = None
            return
        self.amount_eur = rate.to_euros(self.amount)
        self.eur_rate, self.eur_rate_date = rate.per_euro, rate.on
        self.amount_eur_per_year = self.euros_per_year()

    def euros_per_year(self):
        if self.per_year:
            return self.amount_eur
        if self.kind != self.Kind.NEW or self.years is None:
            return None
        return (self.amount_eur / self.years).quantize(money.CENT)

    @property
    def years(self):
        start, end = self.period_start_year, self.period_end_year
        return end - start + 1 if start is not None and end is not None else None

    def why_no_euros(self):
        """Why a pledge with an amount has no euro figure ("" if it has one)."""
        if self.amount is None or self.amount_eur is not None:
            return ""
        return money.why_no_rate(self.currency, self.announced_on)
