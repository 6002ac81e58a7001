"""Facet counts: how many rows each value of a filter would give.

Each facet is counted under all the *other* filters of the request (so the
status counts follow the chosen year, but not the chosen status), with one
grouped query per facet whatever the number of rows.

Counting stays cheap on large data:

- rows are counted once per value without DISTINCT, as COUNT(*) (PostgreSQL
  then reads the grouped column from an index alone, where COUNT(id) reads
  every row: 4.5 -> 1.6 ms for the status of a year's agreements), wherever
  the joins to the value cannot repeat a row (a column of the row itself, a
  foreign key, a many-to-many link or a party, each unique per row); only
  facets that can
  reach the same value twice (an agreement with two EU parties) say
  `distinct=True`;
- on the lists of large tables (a Listing's facet_max_rows: clauses,
  pledges, events), a facet whose rows would number more than the list's
  limit is not counted at all: the list then shows its values without counts
  and says that counts appear once the filters narrow it down (e.g. the
  clause list before a search, or a search for a common word). Counting half
  a million clauses per facet would take about a second on every request.
  The rows a facet counts are the list's own result when its filter is not
  in use, so that needs no extra query; otherwise one bounded count (it
  stops at the limit + 1) decides;
- a facet with thousands of values (the agreements of the clause and event
  lists) is a text box suggesting the MAX_SUGGESTIONS values with the most
  rows, rather than a <select> of every agreement;
- each facet query has a time budget (time_budget.py,
  settings.FACET_TIME_LIMIT_MS): past it the facet is left uncounted and
  named in `Counts.too_slow`, and the page says so.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, F
from django_filters.constants import EMPTY_VALUES

from .time_budget import within_budget

# Facets with too many values for a <select> (thousands of agreements) become
# a text box suggesting the values with the most rows, at most this many.
MAX_SUGGESTIONS = 100


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
    # True when the joins to the value can reach it twice from one row.
    distinct: bool = False
    # Too many values for a <select>: a text box with suggestions instead.
    open_ended: bool = False
    # (model, link): count rows of `model` whose `link` is one of the
    # listing's rows, with `value` a path from `model`. The agreements'
    # party facet counts Party rows (one per agreement and country) through
    # their (agreement, country) index instead of joining every agreement.
    via: tuple = None

    def count(self, model, queryset=None):
        """FacetValues for the rows of `queryset` (None: every `model` row),
        or None when counting them took longer than the time budget."""
        value = F(self.value) if isinstance(self.value, str) else self.value
        label = F(self.label) if self.label else value
        if self.via:
            model, link = self.via
            rows = model.objects.all()
            if queryset is not None:
                rows = rows.filter(**{f"{link}__in": queryset.values("pk")})
            counted = Count(link, distinct=True) if self.distinct else Count("*")
        else:
            rows = model.objects.all() if queryset is None else queryset
            counted = Count("pk", distinct=True) if self.distinct else Count("*")
        related = self._related(model)
        if related:
            rows = self._count_by_key(rows, counted, *related)
        else:
            rows = within_budget(
                rows.annotate(facet_value=value, facet_label=label)
                .exclude(facet_value__isnull=True)
                .values("facet_value", "facet_label")
                .annotate(n=counted)
                .order_by()
            )
        if rows is None:
            return None
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

    def _related(self, model):
        """(relation path, related model, value field, label field) when the
        value and label are fields of a row one relation away (`country__slug`
        and `country__name`), or at the end of a longer path whose last step
        is a many-to-many (`country__groups__slug`): counted by that row's key
        (the membership table's column, with no join to the row itself), and
        labelled after. Not for other longer paths
        (`agreement__party_links__country__slug`): their key is reached
        through the middle table's rows anyway, and grouping by it was no
        faster."""
        if not isinstance(self.value, str) or "__" not in self.value:
            return None
        relation, _, value_field = self.value.rpartition("__")
        label_relation, _, label_field = (self.label or self.value).rpartition("__")
        if label_relation != relation:
            return None
        target = model
        for name in relation.split("__"):
            field = target._meta.get_field(name)
            if not field.is_relation:
                return None
            target = field.related_model
        if "__" in relation and not field.many_to_many:
            return None
        return relation, target, value_field, label_field

    @staticmethod
    def _count_by_key(rows, counted, relation, target, value_field, label_field):
        """Rows counted per key of the related row (an integer the index
        holds: no join to the related table per row, no grouping by text),
        then the few keys found labelled in one query. Half the time of
        grouping by the related row's slug and name (the agreements' country
        facet at 10,000 agreements: 11 ms to 7 ms on SQLite; their group
        facet, whose key is the membership table's, 17 to 9 ms)."""
        keyed = within_budget(
            rows.filter(**{f"{relation}__isnull": False})
            .values(relation)
            .annotate(n=counted)
            .order_by()
        )
        if keyed is None:
            return None
        counts = {row[relation]: row["n"] for row in keyed}
        labels = target._default_manager.filter(pk__in=counts).values_list(
            "pk", value_field, label_field
        )
        return [
            {"facet_value": value, "facet_label": label, "n": counts[pk]}
            for pk, value, label in labels
            if value is not None
        ]


class Counts(dict):
    """{param: [FacetValue] or None}; `too_slow` names the facets left
    uncounted because counting them took longer than the time budget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_slow = []


def _param_value(value):
    """How a value is written in the query string (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def party_facet(prefix=""):
    """The `country` facet: the parties of the row's agreement (`prefix`)."""
    return Facet(
        "country",
        f"{prefix}party_links__country__slug",
        f"{prefix}party_links__country__name",
    )


def facet_counts(listing, filterset, result_count=None):
    """{param: [FacetValue] or None} for the listing's facets, each counted
    under the filterset's other (already cleaned) filters; None where more
    rows than the list's limit (facet_max_rows) would be counted.
    `result_count`, the number of rows of the filtered list, spares a count
    where a facet's rows are those.
    Empty when the filters are invalid, as the list then shows the form
    errors instead of rows."""
    if filterset.is_bound and not filterset.is_valid():
        return Counts()
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    active = {
        name: value
        for name, value in cleaned.items()
        if name != "sort" and value not in EMPTY_VALUES
    }
    sizes = {frozenset(active): result_count} if result_count is not None else {}
    limit = facet_limit(listing)
    counts = Counts()
    model = listing.model
    for facet in listing.facets:
        applied = {name: v for name, v in active.items() if name != facet.param}
        queryset = model.objects.all()
        for name, value in applied.items():
            queryset = filterset.filters[name].filter(queryset, value)
        key = frozenset(applied)
        if limit is not None and sizes.get(key) is None:
            # Unordered: the first limit + 1 rows found, not sorted first.
            sizes[key] = queryset.order_by().values("pk")[: limit + 1].count()
        if limit is not None and sizes[key] > limit:
            counts[facet.param] = None
            continue
        rows = distinct_rows(queryset) if applied else None  # None: every row
        counts[facet.param] = facet.count(model, rows)
        if counts[facet.param] is None:
            counts.too_slow.append(facet.param)
    return counts


def distinct_rows(queryset):
    """`queryset` as rows counted once each. The filters reach related rows
    through semi-joins (`pk__in`), which never repeat a row, or say
    `.distinct()`; only then are the rows taken by their ids, as a GROUP BY
    over a DISTINCT query would count repeats."""
    if queryset.query.distinct:
        return queryset.model.objects.filter(pk__in=queryset.values("pk"))
    return queryset.order_by()


def is_multiple(field):
    """True for a filter that takes several values (?kind=a&kind=b)."""
    return getattr(field.widget, "allow_multiple_selected", False)


def facet_limit(listing):
    """How many rows the listing's facets count at most (None: no limit)."""
    return listing.facet_max_rows


def label_form_with_counts(form, counts, listing=None):
    """Show each facet's counts in its form field: select options read
    "In force (12)"; other fields get `facet_values` for a <datalist>.
    Open-ended facets of `listing` become text boxes suggesting their values
    with the most rows. Empty choices read "Any" (or "Default order" for the
    sort)."""
    for facet in listing.facets if listing else ():
        field = form.fields.get(facet.param)
        if facet.open_ended and field is not None:
            field.widget = forms.TextInput()
            values = sorted(counts.get(facet.param) or [], key=lambda f: -f.count)
            field.facet_values = values[:MAX_SUGGESTIONS]
            counts = {param: v for param, v in counts.items() if param != facet.param}
    for name, field in form.fields.items():
        if hasattr(field, "empty_label") and not is_multiple(field):
            field.empty_label = "Default order" if name == "sort" else "Any"
            if not isinstance(field, forms.ModelChoiceField):
                # Re-setting the choices makes the widget show the new label.
                field.choices = [c for c in field.choices if c[0] != ""]
        if isinstance(field, forms.NullBooleanField):
            # "" rather than "unknown", so that "Any" leaves no trace in the URL.
            field.widget.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]
    for param, values in counts.items():
        field = form.fields.get(param)
        if field is None or values is None:
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
