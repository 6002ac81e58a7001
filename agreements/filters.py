"""FilterSets: the one place where list filtering happens.

The query parameters are a public interface (documented in the README) shared
by the list pages and their CSV exports; keep them stable. Each filter method
delegates to a QuerySet method. Invalid input becomes a form error, which the
views show (lists) or answer with 400 (exports); it never raises.
"""

import unicodedata

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django_filters.constants import EMPTY_VALUES

from .models import (
    Agreement,
    Clause,
    Country,
    CountryGroup,
    Pledge,
    Provision,
    SigningEvent,
    Source,
    Topic,
)
from .models.base import missing_last

SEARCH_MAX_LENGTH = 200
YEAR_BOUNDS = {"min_value": 1900, "max_value": 2200}


class SearchField(forms.CharField):
    """Free text: control characters (NUL included) removed, length capped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return "".join(ch for ch in value if unicodedata.category(ch) != "Cc").strip()


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class CountryKeyField(forms.CharField):
    """A country named by its ISO 3166-1 code (JP), slug (japan), name in
    any case (United Kingdom) or a common short name (UK, USA)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        country = Country.objects.lookup(value)
        if country is None:
            raise forms.ValidationError(
                "Unknown country %(value)s: use a name such as Japan, an ISO "
                "code such as JP or a slug such as japan.",
                params={"value": repr(value[:40])},
                code="unknown_country",
            )
        return country


no_nul = ProhibitNullCharactersValidator()

# Values one parameter may carry (?country=JP&country=GB…); more is an error.
MAX_VALUES = 20


def values_sent(data, name):
    """Every value of parameter `name`: repeated in a query string, or one
    value or a list in a plain dict."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
    if values is None:
        return []
    values = values if isinstance(values, list | tuple) else [values]
    return [str(value) for value in values if str(value).strip()]


class ManyCheckboxes(forms.CheckboxSelectMultiple):
    def value_from_datadict(self, data, files, name):
        return values_sent(data, name)


class ManyTextInput(forms.TextInput):
    """One text box for a parameter that may be repeated: it reads every
    value sent (?country=JP&country=GB) and shows them joined by commas."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return values_sent(data, name)

    def format_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return super().format_value(value)


class CountryKeysField(forms.Field):
    """Countries, each named as CountryKeyField takes them, in repeated
    parameters or separated by commas in one ("Japan, UK"); a whole value is
    tried as one name first. Cleans to a list without repeats, or [] (any)."""

    widget = ManyTextInput
    one = CountryKeyField(required=False)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        return [str(item) for item in values if item and str(item).strip()]

    def validate(self, value):
        if len(value) > MAX_VALUES:
            raise forms.ValidationError(
                "At most %(limit)d countries at once.",
                params={"limit": MAX_VALUES},
                code="too_many",
            )

    def clean(self, value):
        keys = self.to_python(value)
        self.validate(keys)
        for key in keys:  # before any lookup: PostgreSQL refuses NUL in text
            no_nul(key)
        countries, errors = [], []
        for key in keys:
            parts = [key]
            if "," in key and Country.objects.lookup(key) is None:
                parts = [part for part in key.split(",") if part.strip()]
            for part in parts:
                try:
                    country = self.one.clean(part)
                except forms.ValidationError as error:
                    errors.extend(error.error_list)
                    continue
                if country is not None and country not in countries:
                    countries.append(country)
        if errors:
            raise forms.ValidationError(errors)
        self.validate(countries)
        return countries


class CountryFilter(django_filters.Filter):
    """One or more countries: rows of any of them (OR)."""

    field_class = CountryKeysField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    """Records chosen by slug, as a list ([] for none) rather than a
    queryset, so that "none chosen" reads as empty everywhere."""

    def clean(self, value):
        return list(super().clean(value))


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """One or more records by slug (?topic=a&topic=b), as checkboxes."""

    field_class = SlugsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", ManyCheckboxes)
        super().__init__(*args, **kwargs)


def choices_filter(choices, **kwargs):
    """One or more values of a fixed vocabulary (?status=a&status=b), as
    checkboxes; rows with any of them (OR)."""
    return django_filters.MultipleChoiceFilter(
        choices=choices,
        widget=ManyCheckboxes,
        distinct=False,  # a column of the row itself: no join repeats it
        **kwargs,
    )


class YearFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Year")
        super().__init__(*args, **{**YEAR_BOUNDS, **kwargs})


class StableOrderingFilter(django_filters.OrderingFilter):
    """Column sort (`sort=title`, `sort=-signed`) that keeps the list's default
    order, then the primary key, as tie-breakers so pages never shuffle.
    Rows without a value (not recorded) come last in either direction, on
    every database."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        query = qs.query
        default = list(query.order_by) or (
            list(qs.model._meta.ordering) if query.default_ordering else []
        )
        chosen = [
            missing_last(qs.model, self.get_ordering_value(param))
            for param in value
            if param
        ]
        return qs.order_by(*chosen, *default, "pk")


def slug_choice(queryset, **kwargs):
    """A choice among `queryset` by slug, e.g. ?topic=sanctions."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset, to_field_name="slug", **kwargs
    )


class AgreementFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search")
    country = CountryFilter(method="filter_country", label="Party")
    group = slug_choice(
        CountryGroup.objects.all(), method="filter_group", label="Country group"
    )
    status = choices_filter(Agreement.Status.choices)
    kind = choices_filter(Agreement.Kind.choices)
    # Query parameters: signed_after, signed_before (ISO dates).
    signed = django_filters.DateFromToRangeFilter(field_name="signed_on")
    year = YearFilter(method="filter_year", label="Signed in year")
    term_years = django_filters.NumberFilter(
        field_name="term_years", label="Term (years)", min_value=1, max_value=100
    )
    # Query parameters: expires_after, expires_before (ISO dates).
    expires = django_filters.DateFromToRangeFilter(
        field_name="expires_on", label="Expires"
    )
    in_force_on = django_filters.DateFilter(
        method="filter_in_force_on", label="In force on (recorded)"
    )
    sort = StableOrderingFilter(
        fields=(
            ("signed_on", "signed"),
            ("title", "title"),
            ("status", "status"),
            ("clause_count", "clauses"),
            ("term_years", "term"),
            ("expires_on", "expires"),
        ),
        label="Sort",
    )

    class Meta:
        model = Agreement
        fields = [
            "q",
            "country",
            "group",
            "status",
            "kind",
            "signed",
            "year",
            "term_years",
            "expires",
            "in_force_on",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.involving(value)

    def filter_group(self, queryset, name, value):
        return queryset.in_group(value.slug)

    def filter_year(self, queryset, name, value):
        return queryset.signed_in(int(value))

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force_on(value)


class CountryListFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search")
    group = slug_choice(
        CountryGroup.objects.all(), field_name="groups", label="Country group"
    )
    kind = choices_filter(Country.Kind.choices)
    sort = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("iso_code", "iso"),
            ("agreement_count", "agreements"),
        ),
        label="Sort",
    )

    class Meta:
        model = Country
        fields = ["q", "group", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class ClauseFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search clause text")
    topic = SlugsFilter(
        queryset=Topic.objects.all(), method="filter_topic", label="Topic"
    )
    agreement = slug_choice(Agreement.objects.all(), label="Agreement")
    country = CountryFilter(method="filter_country", label="Party")
    provision = slug_choice(
        Provision.objects.all(),
        method="filter_provision",
        label="Provision",
        help_text="Clauses a coded provision links (where the text is held).",
    )
    sort = StableOrderingFilter(
        fields=(("agreement__signed_on", "signed"), ("position", "position")),
        label="Sort",
    )

    class Meta:
        model = Clause
        fields = ["q", "topic", "agreement", "country", "provision"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.involving(value)

    def filter_provision(self, queryset, name, value):
        return queryset.coded_for(value)

    def filter_topic(self, queryset, name, value):
        return queryset.tagged(value)


class PledgeFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search")
    country = CountryFilter(method="filter_country", label="Donor or recipient")
    donor = CountryFilter(field_name="donor", label="Donor")
    recipient = CountryFilter(field_name="recipient", label="Recipient")
    group = slug_choice(
        CountryGroup.objects.all(), method="filter_group", label="Donor's group"
    )
    category = choices_filter(Pledge.Category.choices)
    kind = choices_filter(Pledge.Kind.choices)
    # Codes are stored in capitals (the model's validator): an exact match
    # on the capitalised code uses the (currency, …) indexes; iexact cannot.
    currency = django_filters.CharFilter(
        method="filter_currency", max_length=3, label="Currency"
    )
    year = YearFilter(method="filter_year", label="Period covers year")
    sort = StableOrderingFilter(
        fields=(
            ("period_start_year", "year"),
            ("amount_eur", "amount"),  # comparable across currencies
            ("donor__name", "donor"),
        ),
        label="Sort",
    )

    class Meta:
        model = Pledge
        fields = ["q", "country", "donor", "recipient", "group", "category", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.involving(value)

    def filter_group(self, queryset, name, value):
        return queryset.by_donor_group(value.slug)

    def filter_currency(self, queryset, name, value):
        return queryset.filter(currency=value.upper())

    def filter_year(self, queryset, name, value):
        return queryset.covering(int(value))


class SigningEventFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search")
    kind = choices_filter(SigningEvent.Kind.choices)
    country = CountryFilter(method="filter_country", label="Party")
    group = slug_choice(
        CountryGroup.objects.all(), method="filter_group", label="Country group"
    )
    agreement = slug_choice(Agreement.objects.all(), label="Agreement")
    # Query parameters: occurred_after, occurred_before (ISO dates).
    occurred = django_filters.DateFromToRangeFilter(field_name="occurred_on")
    year = django_filters.NumberFilter(
        field_name="occurred_on", lookup_expr="year", label="Year", **YEAR_BOUNDS
    )
    sort = StableOrderingFilter(
        fields=(("occurred_on", "date"), ("kind", "kind")), label="Sort"
    )

    class Meta:
        model = SigningEvent
        fields = ["q", "kind", "country", "group", "agreement", "occurred", "year"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.involving(value)

    def filter_group(self, queryset, name, value):
        return queryset.in_group(value.slug)


class SourceFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_q", label="Search")
    language = django_filters.CharFilter(max_length=2, label="Language (ISO 639-1)")
    publisher = django_filters.CharFilter(
        lookup_expr="iexact", max_length=200, label="Publisher"
    )
    damaged = django_filters.BooleanFilter(field_name="is_damaged", label="Damaged")
    sort = StableOrderingFilter(
        fields=(("published_on", "published"), ("title", "title")), label="Sort"
    )

    class Meta:
        model = Source
        fields = ["q", "language", "publisher", "damaged"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
