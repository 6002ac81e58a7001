"""Facet counts: how many rows each value of a filter would give.

Each facet is counted under all the *other* filters of the request (so the
status counts follow the chosen year, but not the chosen status), with one
grouped query per facet whatever the number of rows.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from .models import Agreement, Country, Pledge, SigningEvent


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """A filter parameter and the lookup whose values it counts."""

    param: str
    value: object  # a lookup path or an expression
    label: object = None  # a lookup path for the display name, if not `value`
    choices: tuple = ()  # (value, label) pairs of a fixed vocabulary, in order
    newest_first: bool = False

    def count(self, queryset):
        """FacetValues for the rows of `queryset`."""
        value = F(self.value) if isinstance(self.value, str) else self.value
        label = F(self.label) if self.label else value
        rows = (
            queryset.annotate(facet_value=value, facet_label=label)
            .exclude(facet_value__isnull=True)
            .values("facet_value", "facet_label")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        found = {}
        for row in rows:
            key = _param_value(row["facet_value"])
            if key == "":
                continue
            found[key] = FacetValue(key, str(row["facet_label"]), row["n"])
        if self.choices:
            return [
                FacetValue(str(key), str(name), found[str(key)].count)
                if str(key) in found
                else FacetValue(str(key), str(name), 0)
                for key, name in self.choices
            ]
        ordered = sorted(found.values(), key=lambda facet: facet.label.casefold())
        if self.newest_first:
            ordered.sort(key=lambda facet: facet.value, reverse=True)
        return ordered


def _param_value(value):
    """How a value is written in the query string (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _party(prefix=""):
    return Facet(
        "country",
        f"{prefix}party_links__country__slug",
        f"{prefix}party_links__country__name",
    )


FACETS = {
    "agreements": [
        Facet("status", "status", choices=tuple(Agreement.Status.choices)),
        Facet("kind", "kind", choices=tuple(Agreement.Kind.choices)),
        Facet(
            "group",
            "party_links__country__groups__slug",
            "party_links__country__groups__name",
        ),
        Facet("year", ExtractYear("signed_on"), newest_first=True),
        _party(),
    ],
    "countries": [
        Facet("group", "groups__slug", "groups__name"),
        Facet("kind", "kind", choices=tuple(Country.Kind.choices)),
    ],
    "clauses": [
        Facet("topic", "topics__slug", "topics__name"),
        Facet("agreement", "agreement__slug", "agreement__title"),
        _party("agreement__"),
    ],
    "pledges": [
        Facet("category", "category", choices=tuple(Pledge.Category.choices)),
        Facet("kind", "kind", choices=tuple(Pledge.Kind.choices)),
        Facet("currency", "currency"),
        Facet("donor", "donor__slug", "donor__name"),
        Facet("recipient", "recipient__slug", "recipient__name"),
    ],
    "events": [
        Facet("kind", "kind", choices=tuple(SigningEvent.Kind.choices)),
        Facet("year", ExtractYear("occurred_on"), newest_first=True),
        Facet("agreement", "agreement__slug", "agreement__title"),
        _party("agreement__"),
    ],
    "sources": [
        Facet("language", "language"),
        Facet("publisher", "publisher"),
        Facet("damaged", "is_damaged", choices=(("true", "Yes"), ("false", "No"))),
    ],
}


def facet_counts(listing, filterset):
    """{param: [FacetValue]} for the listing's facets, each counted under the
    filterset's other (already cleaned) filters; empty when the filters are
    invalid, as the list then shows the form errors instead of rows."""
    if filterset.is_bound and not filterset.is_valid():
        return {}
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    counts = {}
    for facet in FACETS.get(listing.name, []):
        queryset = listing.model.objects.all()
        for name, value in cleaned.items():
            if name not in (facet.param, "sort"):
                queryset = filterset.filters[name].filter(queryset, value)
        rows = listing.model.objects.filter(pk__in=queryset.values("pk"))
        counts[facet.param] = facet.count(rows)
    return counts


def label_form_with_counts(form, counts):
    """Show each facet's counts in its form field: select options read
    "In force (12)"; other fields get `facet_values` for a <datalist>.
    Empty choices read "Any" (or "Default order" for the sort)."""
    for name, field in form.fields.items():
        if hasattr(field, "empty_label"):
            field.empty_label = "Default order" if name == "sort" else "Any"
            if not isinstance(field, forms.ModelChoiceField):
                # Re-setting the choices makes the widget show the new label.
                field.choices = [c for c in field.choices if c[0] != ""]
        if isinstance(field, forms.NullBooleanField):
            # "" rather than "unknown", so that "Any" leaves no trace in the URL.
            field.widget.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]
    for param, values in counts.items():
        field = form.fields.get(param)
        if field is None:
            continue
        by_value = {facet.value: facet.count for facet in values}
        if isinstance(field, forms.ModelChoiceField):
            key = field.to_field_name or "pk"

            def label(obj, by_value=by_value, key=key):
                return f"{obj} ({by_value.get(str(getattr(obj, key)), 0)})"

            field.label_from_instance = label
        elif isinstance(field, forms.NullBooleanField):
            field.widget.choices = [("", "Any")] + [
                (facet.value, f"{facet.label} ({facet.count})") for facet in values
            ]
        elif isinstance(field, forms.ChoiceField):
            field.choices = [
                (value, f"{name} ({by_value.get(str(value), 0)})")
                for value, name in field.choices
                if value != ""
            ]
        else:
            field.facet_values = values
