"""The provision matrix behind /compare/: agreements as rows (filtered with
the agreement list's own parameters), provisions as columns, one coding or
none per cell, each with its citations. A fixed number of queries whatever
the number of rows (tests/test_provisions.py counts them).

Parameters, beside the agreement list's (country, group, year, kind,
status, q, signed_after, signed_before):

- `provision`: a provision slug, repeatable; the columns shown (default all);
- `sort`: an agreement sort (signed, title, …) or a provision slug, `-` to
  reverse: by the coded value (amounts by their euro equivalent); cells
  not coded or absent come last either way;
- `agreement`: an agreement slug, repeatable, 2 to 6: side by side.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery, prefetch_related_objects

from .filters import AgreementFilter
from .models import Agreement, Citation, Clause, Coding, Pledge, Provision, Topic

SIDE_BY_SIDE = (2, 6)
PAGE_SIZE = 50


def sort_key(provision):
    """The Coding column a provision's values sort by (amounts in euros)."""
    name = provision.value_field
    return "amount_eur" if name == "amount" else name


def by_provision(agreements, provision, descending=False):
    """`agreements` in the order of their coded value for `provision`;
    not coded and absent last in both directions, then by signing date."""
    value = Coding.objects.filter(
        agreement=OuterRef("pk"), provision=provision, status=Coding.Status.PROVIDED
    ).values(sort_key(provision))[:1]
    agreements = agreements.annotate(provision_value=Subquery(value))
    term = F("provision_value")
    term = term.desc(nulls_last=True) if descending else term.asc(nulls_last=True)
    return agreements.order_by(term, "signed_on", "pk")


class SlugList(forms.Field):
    """Repeated slugs (?agreement=a&agreement=b), each checked for shape."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [] if value in (None, "") else list(value)
        for slug in values:
            if not isinstance(slug, str) or len(slug) > 200:
                raise forms.ValidationError("Give agreement slugs (from their pages).")
        return list(dict.fromkeys(values))


class CompareForm(forms.Form):
    provision = forms.MultipleChoiceField(required=False, label="Provisions")
    agreement = SlugList(required=False, label="Side by side")

    def __init__(self, data, provisions):
        super().__init__(data)
        self.fields["provision"].choices = [(p.slug, p.name) for p in provisions]

    def clean_agreement(self):
        chosen = self.cleaned_data["agreement"]
        low, high = SIDE_BY_SIDE
        if chosen and not low <= len(chosen) <= high:
            raise forms.ValidationError(
                f"Choose {low} to {high} agreements to see side by side "
                f"({len(chosen)} chosen)."
            )
        known = set(
            Agreement.objects.filter(slug__in=chosen).values_list("slug", flat=True)
        )
        unknown = [slug for slug in chosen if slug not in known]
        if unknown:
            raise forms.ValidationError(
                f"No agreement has the address {', '.join(unknown)}."
            )
        return chosen


@dataclass
class Cell:
    agreement: Agreement
    provision: Provision
    coding: Coding | None
    citations: list = field(default_factory=list)

    @property
    def state(self):
        if self.coding is None:
            return "not-coded"
        return self.coding.status

    @property
    def field(self):
        return self.provision.citation_field


@dataclass
class Matrix:
    agreements: list
    provisions: list
    rows: list  # [(agreement, [Cell, …])]
    coverage: dict  # provision pk -> number of rows coded
    total: int  # the rows the coverage counts (every page of the matrix)

    def by_provision(self):
        """[(provision, [cell per agreement])]: the agreements side by side."""
        return [
            (provision, [cells[i] for _, cells in self.rows])
            for i, provision in enumerate(self.provisions)
        ]

    def column_coverage(self):
        return [(p, self.coverage.get(p.pk, 0), self.total) for p in self.provisions]


def build(agreements, provisions, coverage=None):
    """The matrix of `agreements` (a queryset or list, in its order) by
    `provisions` (a list). `coverage` ({provision pk: agreements coded})
    is counted on these rows unless given (for all pages of a list)."""
    agreements = list(agreements)
    prefetch_related_objects(agreements, Agreement.prefetch_party_list())
    codings = {
        (c.agreement_id, c.provision_id): c
        for c in Coding.objects.for_matrix(agreements, provisions)
    }
    fields = [p.citation_field for p in provisions]
    citations = {}
    for citation in Citation.objects.filter(
        agreement__in=agreements, field__in=fields
    ).select_related("source"):
        citations.setdefault((citation.agreement_id, citation.field), []).append(
            citation
        )
    rows = []
    for agreement in agreements:
        cells = [
            Cell(
                agreement,
                provision,
                codings.get((agreement.pk, provision.pk)),
                citations.get((agreement.pk, provision.citation_field), []),
            )
            for provision in provisions
        ]
        rows.append((agreement, cells))
    if coverage is None:
        coverage = {}
        for _, pk in codings:
            coverage[pk] = coverage.get(pk, 0) + 1
        total = len(agreements)
    else:
        coverage, total = coverage
    return Matrix(agreements, list(provisions), rows, coverage, total)


def agreement_data(data, provisions):
    """The query without the compare parameters, and the provision sort
    (provision, descending) if `sort` names one."""
    rest = data.copy()
    for name in ("provision", "agreement"):
        rest.pop(name, None)
    by_slug = {p.slug: p for p in provisions}
    sort = rest.get("sort", "")
    provision = by_slug.get(sort.removeprefix("-"))
    if provision is not None:
        rest.pop("sort")
        return rest, (provision, sort.startswith("-"))
    return rest, None


def coverage_of(agreements, provisions):
    """({provision pk: agreements coded}, agreements) over a whole queryset."""
    counted = (
        Coding.objects.filter(
            agreement__in=agreements.order_by().values("pk"), provision__in=provisions
        )
        .values("provision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    coded = {row["provision"]: row["n"] for row in counted}
    return coded, agreements.count()


def matrix_for(data, page=None):
    """(filterset, form, matrix or None, provisions, page) for a /compare/
    query; with `page` (a page number, or "" for the first), the rows of that
    page of PAGE_SIZE, else every row (the CSV)."""
    provisions = list(Provision.objects.all())
    rest, provision_sort = agreement_data(data, provisions)
    filterset = AgreementFilter(
        rest or None, queryset=Agreement.objects.for_list().order_by("signed_on", "pk")
    )
    form = CompareForm(data or None, provisions)
    valid_form = form.is_valid() if data else True
    if (filterset.is_bound and not filterset.is_valid()) or not valid_form:
        return filterset, form, None, provisions, None
    chosen = form.cleaned_data.get("provision") if data else []
    columns = [p for p in provisions if p.slug in chosen] if chosen else provisions
    side = form.cleaned_data.get("agreement") if data else []
    agreements = Agreement.objects.filter(slug__in=side) if side else filterset.qs
    if provision_sort:
        agreements = by_provision(agreements, *provision_sort)
    if side:
        order = {slug: i for i, slug in enumerate(side)}
        matrix = build(sorted(agreements, key=lambda a: order[a.slug]), columns)
        return filterset, form, matrix, provisions, None
    page_obj = None
    rows = agreements
    if page is not None:
        page_obj = Paginator(agreements, PAGE_SIZE).get_page(page)
        rows = page_obj.object_list
    matrix = build(rows, columns, coverage_of(agreements, columns))
    return filterset, form, matrix, provisions, page_obj


@dataclass
class SideBySide:
    """What agreements side by side show beside their provisions: their
    pledges (with the euro figures) and, where the text is held, their
    clauses aligned by topic."""

    pledges: list  # [[pledge, …] per agreement]
    topics: list  # [(topic, [[clause, …] per agreement])]


def side_by_side(agreements):
    ids = [a.pk for a in agreements]
    pledges = {pk: [] for pk in ids}
    for pledge in (
        Pledge.objects.filter(agreement__in=ids)
        .select_related("donor")
        .order_by("period_start_year", "pk")
    ):
        pledges[pledge.agreement_id].append(pledge)
    by_topic = {}
    clauses = Clause.objects.filter(agreement__in=ids, topics__isnull=False)
    clauses = clauses.select_related("agreement").prefetch_related(
        Clause.prefetch_topic_list()
    )
    for clause in clauses.order_by("position").distinct():
        for topic in clause.topic_list:
            row = by_topic.setdefault(topic.pk, {pk: [] for pk in ids})
            row[clause.agreement_id].append(clause)
    topics = [
        (topic, [by_topic[topic.pk][pk] for pk in ids])
        for topic in Topic.objects.filter(pk__in=by_topic).order_by("pk")
    ]
    return SideBySide([pledges[pk] for pk in ids], topics)
