"""What each agreement commits to, coded: a vocabulary of provisions and one
coded value per agreement and provision.

A cell that has no Coding is *not coded*: nobody has checked. A Coding is
either *provided* (with its value) or *absent*: the agreement's text was
read and has no such provision, which only the text can show (silence in a
news report is never "absent"), so absent needs the text held here.

A coding's evidence is an ordinary Citation of its agreement whose field is
`provision:<slug>` (Coding.citation_field): it has its source and quote,
and sources that code it differently are several claims of that one fact,
as for any other fact (see sources.py).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .. import money
from .base import TrackedHistory, Versioned, VersionedQuerySet, read_into_list
from .pledges import currency_validator

CITATION_PREFIX = "provision:"


class ProvisionQuerySet(VersionedQuerySet):
    def annotate_coded(self):
        """Each provision with `coded_count`: the agreements coded for it."""
        return self.annotate(coded_count=models.Count("codings"))


class Provision(Versioned):
    """One question a coder answers for every agreement ("Term", "Ends on
    Ukraine's NATO accession"), with the kind of value the answer takes."""

    class ValueKind(models.TextChoices):
        FLAG = "flag", "Yes or no"
        NUMBER = "number", "A number with a unit"
        AMOUNT = "amount", "An amount of money"
        TEXT = "text", "Short text"

    class Unit(models.TextChoices):
        NONE = "", "—"
        YEARS = "years", "years"
        MONTHS = "months", "months"
        HOURS = "hours", "hours"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    question = models.CharField(
        max_length=300, help_text="What a coder checks in the text or sources."
    )
    value_kind = models.CharField(max_length=10, choices=ValueKind.choices)
    unit = models.CharField(max_length=10, choices=Unit.choices, blank=True)
    position = models.PositiveSmallIntegerField(
        unique=True, help_text="Where the provision's column stands in /compare/."
    )

    objects = ProvisionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_kind="number", unit__in=["years", "months", "hours"])
                | (~Q(value_kind="number") & Q(unit="")),
                name="provision_number_has_a_unit",
                violation_error_message="A number takes a unit (years, months or "
                "hours); other kinds of value take none.",
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & Q(slug=Lower("slug")),
                name="provision_slug_is_lower_case",
                violation_error_message="Use lower-case letters, digits and "
                "hyphens for the slug, e.g. armed-attack-consultations.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def citation_field(self):
        return f"{CITATION_PREFIX}{self.slug}"

    @property
    def value_field(self):
        """The Coding field that holds this provision's value."""
        return VALUE_FIELD_OF[self.value_kind]


class CodingQuerySet(VersionedQuerySet):
    def for_matrix(self, agreements, provisions):
        """The codings of these agreements and provisions, with the clauses
        they link (one query each)."""
        return (
            self.filter(agreement__in=agreements, provision__in=provisions)
            .select_related("provision")
            .prefetch_related(Coding.prefetch_clause_list())
        )

    def provided(self):
        return self.filter(status=Coding.Status.PROVIDED)


VALUE_FIELDS = ("flag", "number", "amount", "text")
# The Coding field of each kind of value (Provision.value_field).
VALUE_FIELD_OF = dict(zip(Provision.ValueKind.values, VALUE_FIELDS, strict=True))


class Coding(Versioned):
    """The coded value of one provision for one agreement."""

    class Status(models.TextChoices):
        PROVIDED = "provided", "Provided for"
        ABSENT = "absent", "Absent from the text"

    agreement = models.ForeignKey(
        "agreements.Agreement", models.CASCADE, related_name="codings"
    )
    provision = models.ForeignKey(Provision, models.PROTECT, related_name="codings")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROVIDED
    )
    flag = models.BooleanField(null=True, blank=True, help_text="For yes/no.")
    number = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="For a number, in the provision's unit.",
    )
    amount = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="For money, in units of the currency.",
    )
    currency = models.CharField(
        max_length=3, blank=True, validators=[currency_validator]
    )
    amount_eur = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="The amount in euros at the ECB reference rate of the "
        "agreement's signing date (set on save; what the matrix sorts by).",
    )
    text = models.CharField(max_length=300, blank=True, help_text="For short text.")
    condition = models.CharField(
        max_length=300,
        blank=True,
        help_text="When or how it applies, in the text's terms (e.g. 'a future "
        "Russian armed attack against Ukraine'; 'non-lethal equipment').",
    )
    clauses = models.ManyToManyField(
        "agreements.Clause",
        blank=True,
        related_name="codings",
        help_text="The clauses that say it, where the text is held.",
    )
    note = models.TextField(blank=True)

    objects = CodingQuerySet.as_manager()
    history = TrackedHistory(m2m_fields=[clauses], excluded_fields=["version"])

    class Meta:
        ordering = ["agreement", "provision__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "provision"],
                name="coding_one_per_agreement_and_provision",
                violation_error_message="This agreement already has a coding for "
                "this provision; edit that one (sources that differ are claims "
                "of its citations).",
            ),
            models.CheckConstraint(
                condition=Q(status="absent", flag__isnull=True, number__isnull=True)
                & Q(amount__isnull=True, currency="", text="", condition="")
                | Q(status="provided")
                & (
                    Q(flag__isnull=False, number__isnull=True, amount__isnull=True)
                    & Q(text="", currency="")
                    | Q(flag__isnull=True, number__isnull=False, amount__isnull=True)
                    & Q(text="", currency="")
                    | Q(flag__isnull=True, number__isnull=True, amount__isnull=False)
                    & Q(text="")
                    & ~Q(currency="")
                    | Q(flag__isnull=True, number__isnull=True, amount__isnull=True)
                    & ~Q(text="")
                    & Q(currency="")
                ),
                name="coding_has_one_value_unless_absent",
                violation_error_message="A provided coding has exactly one value "
                "(yes/no, a number, an amount with its currency, or text); an "
                "absent one has none.",
            ),
        ]

    def __str__(self):
        return f"{self.agreement} · {self.provision}"

    def save(self, *args, **kwargs):
        rate = None
        if self.amount is not None and self.agreement.signed_on:
            rate = money.ecb_rate(self.currency, self.agreement.signed_on)
        self.amount_eur = rate.to_euros(self.amount) if rate else None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.provision_id is None or self.agreement_id is None:
            return
        if self.status == self.Status.PROVIDED:
            wanted = self.provision.value_field
            given = [
                name for name in VALUE_FIELDS if getattr(self, name) not in (None, "")
            ]
            if given != [wanted]:
                raise ValidationError(
                    {
                        wanted: f"“{self.provision}” takes "
                        f"{self.provision.get_value_kind_display().lower()}: "
                        f"fill in {wanted} only."
                    }
                )
            if wanted == "amount" and not self.currency:
                raise ValidationError({"currency": "Give the amount's currency."})
        elif not self.agreement.clauses.exists():
            raise ValidationError(
                {
                    "status": "Absent means the agreement's text was read and has "
                    "no such provision; this agreement's text is not held here. "
                    "Leave the provision not coded instead."
                }
            )

    @property
    def citation_field(self):
        return self.provision.citation_field

    @cached_property
    def clause_list(self):
        """The clauses the coding cites, in the text's order; `for_matrix()`
        reads them for every coding in one query."""
        return list(self.clauses.all())

    @staticmethod
    def prefetch_clause_list():
        return read_into_list("clauses", "clause_list")

    @property
    def value(self):
        """The value as stored: True/False, a Decimal, (amount, currency) or
        text; None when absent."""
        if self.status == self.Status.ABSENT:
            return None
        if self.amount is not None:
            return (self.amount, self.currency)
        for name in ("flag", "number", "text"):
            value = getattr(self, name)
            if value not in (None, ""):
                return value
        return None
