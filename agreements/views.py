"""Public pages: thin class-based views that pick querysets.

Every list takes its rows from `listing.filterset(request.GET).qs` (see
lists.py), the same rows and order as its CSV export, and paginates them.
"""

import datetime
from collections import defaultdict

from django import forms
from django.conf import settings
from django.db.models import Count, Window
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import compare, evidence, facets, filters, lists
from .facet_blocks import facet_blocks
from .filters import SearchField
from .limits import rate_limited, searching
from .models import (
    Agreement,
    Citation,
    Clause,
    Coding,
    Country,
    Participation,
    Pledge,
    Provision,
    SigningEvent,
    Source,
)
from .models.agreements import unread_in_links
from .models.sources import disagreements
from .paging import KeysFirstPaginator, in_key_order
from .site_search import site_search
from .templatetags.browse import with_query
from .time_budget import count_within_budget, within_budget

NEWEST_EVENTS = 8


class HomeView(TemplateView):
    template_name = "agreements/home.html"

    def get_context_data(self, **kwargs):
        """Counts, the newest events and the signings per month."""
        context = super().get_context_data(**kwargs)
        context["counts"] = [
            (listing.model.objects.count(), listing.nouns[1], listing.list_url)
            for listing in lists.LISTINGS
        ]
        context["agreement_count"] = context["counts"][0][0]
        context["newest_events"] = SigningEvent.objects.newest_first()[:NEWEST_EVENTS]
        context["signings"] = list(Agreement.objects.signings_by_month())
        return context


def active_filters(filterset, request):
    """(label, value shown, link without it) for each filter in the URL."""
    chips = []
    for field in filterset.form:
        names = [field.html_name]
        if isinstance(field.field.widget, forms.MultiWidget):
            names = [f"{field.html_name}_after", f"{field.html_name}_before"]
        for name in names:
            values = request.GET.getlist(name)[: filters.MAX_VALUES]
            for raw in values:
                if name == "sort" or not raw.strip():
                    continue
                shown = raw[:60]
                if isinstance(field.field, forms.ChoiceField) and not isinstance(
                    field.field, forms.ModelChoiceField
                ):
                    shown = dict(field.field.choices).get(raw, shown)
                label = str(field.label)
                if name.endswith("_after"):
                    label += " from"
                elif name.endswith("_before"):
                    label += " to"
                rest = [value for value in values if value != raw]
                chips.append((label, shown, with_query(request, **{name: rest})))
    return chips


def json_address(request, listing):
    """Where a request for this list as JSON should go, or None."""
    wanted = request.GET.get("format", "")
    if not wanted:
        preferred = request.get_preferred_type(["text/html", "application/json"])
        wanted = "json" if preferred == "application/json" else ""
    urls = {"json": listing.api_url, "jsonl": listing.jsonl_url}
    if wanted not in urls:
        return None
    query = request.GET.copy()
    query.pop("format", None)
    encoded = query.urlencode()
    return urls[wanted] + (f"?{encoded}" if encoded else "")


@method_decorator(rate_limited("search", applies=searching), name="get")
class ListingView(FilterView):
    """A filtered, sortable, paginated list: `as_view(listing=…)` says which
    (lists.py), and its template."""

    listing = None
    paginate_by = 50

    def get_template_names(self):
        return [self.listing.template_name]

    def get(self, request, *args, **kwargs):
        """The page; its JSON (`?format=json`, or a client that prefers JSON
        to HTML) or JSON Lines (`?format=jsonl`) are a redirect away."""
        target = json_address(request, self.listing)
        if target:
            return HttpResponseRedirect(target, status=303)
        return super().get(request, *args, **kwargs)

    def get_filterset_class(self):
        return self.listing.filterset_class

    def get_queryset(self):
        return self.listing.base_queryset()

    def get_filterset(self, filterset_class):
        """The listing's own FilterSet: the CSV export builds the very same."""
        return self.listing.filterset(self.request.GET)

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.listing.page_by_keys:
            return KeysFirstPaginator(queryset, per_page, **kwargs)
        return super().get_paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """Pages as Django's, but a malformed or too large page number shows
        the first or last page instead of an error."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        """Adds the result count, facet counts, active filters and links."""
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        context["chips"] = active_filters(filterset, self.request)
        paginator = context.get("paginator")
        context["result_count"] = (
            paginator.count if paginator else len(context["object_list"])
        )
        context["facets"] = facets.facet_counts(
            self.listing, filterset, context["result_count"]
        )
        context["facet_blocks"] = facet_blocks(
            self.listing, filterset, context["facets"], self.request
        )
        facets.label_form_with_counts(filterset.form, context["facets"], self.listing)
        too_slow = context["facets"].too_slow
        context["uncounted_facets"] = [
            filterset.form[param].label
            for param, values in context["facets"].items()
            if values is None
            and param in filterset.form.fields
            and param not in too_slow
        ]
        context["slow_facets"] = [
            filterset.form[param].label
            for param in too_slow
            if param in filterset.form.fields
        ]
        context["facet_time_limit"] = settings.FACET_TIME_LIMIT_MS
        if context["uncounted_facets"]:
            context["facet_limit"] = f"{facets.facet_limit(self.listing):,}"
        context["result_noun"] = self.listing.noun(context["result_count"])
        if context.get("is_paginated"):
            context["page_range"] = paginator.get_elided_page_range(
                context["page_obj"].number, on_each_side=2, on_ends=1
            )
        context["coverage"] = self.listing.coverage_notes(filterset)
        context["listing"] = self.listing
        context["list_url"] = self.listing.list_url
        context["export_url"] = self.listing.export_url
        context["api_url"] = self.listing.api_url
        context["jsonl_url"] = self.listing.jsonl_url
        context["search"] = (
            filterset.form.cleaned_data.get("q", "")
            if filterset.is_bound and filterset.is_valid()
            else ""
        )
        return context


class SearchForm(forms.Form):
    q = SearchField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )


@method_decorator(rate_limited("search", applies=searching), name="get")
class SearchView(TemplateView):
    """One search box over agreements, clauses, pledges, events and sources,
    with the same rule for each (agreements/search.py)."""

    template_name = "agreements/search.html"
    limit = 10

    def get_context_data(self, **kwargs):
        """The first matches of each kind, best first, with their counts
        and links to the filtered lists (`?q=`) that hold them all."""
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        context.update(
            form=form, search=text, search_time_limit=settings.SEARCH_TIME_LIMIT_MS
        )
        if text:
            context["groups"] = [
                SearchGroup(listing, rows, self.limit)
                for listing, rows in site_search(text)
            ]
        return context


class SearchGroup:
    """One kind of record found: its first rows, how many, and the list.

    The matches are searched once: their keys in order (up to KEYS_AT_MOST;
    their number is the count), then the first `limit` rows by key. A
    search read every row twice before, for the rows and for the count
    (each a scan of the text on SQLite, a ranking on PostgreSQL). Past
    KEYS_AT_MOST matches the count is a query of its own."""

    KEYS_AT_MOST = 10_000

    def __init__(self, listing, rows, limit):
        self.listing = listing
        # Each kind has its time budget: a search too slow for one kind
        # (thousands of matches to rank) leaves the others to show.
        found = self._search(rows, limit, settings.SEARCH_TIME_LIMIT_MS)
        self.too_slow = found is None
        self.rows, total = found or ([], 0)
        self.total = total
        self.noun = listing.noun(total)

    def _search(self, rows, limit, budget):
        """(the first `limit` rows, how many match), or None past the budget."""
        at_most = max(self.KEYS_AT_MOST, limit)
        keys = within_budget(rows.values_list("pk", flat=True)[: at_most + 1], budget)
        if keys is None:
            return None
        first = within_budget(rows.filter(pk__in=keys[:limit]), budget)
        if first is None:
            return None
        total = len(keys)
        if total > at_most:
            total = count_within_budget(rows.order_by(), budget)
            if total is None:
                return None
        return in_key_order(first, keys[:limit]), total


def _attach_citations(citations, records_by_kind):
    """Gives each record `.cited` (its citations) and `.differences` (the
    fields on which its sources disagree, with the claims)."""
    by_target = defaultdict(list)
    for citation in citations:
        for kind in records_by_kind:
            if getattr(citation, f"{kind}_id") is not None:
                by_target[kind, getattr(citation, f"{kind}_id")].append(citation)
    differing = defaultdict(list)
    for (kind, pk, field), claims in disagreements(citations).items():
        differing[kind, pk].append((field or "record", claims))
    for kind, records in records_by_kind.items():
        for record in records:
            record.cited = by_target.get((kind, record.pk), [])
            record.cited_sources = sorted(
                {c.source_id: c for c in record.cited}.values(),
                key=lambda c: getattr(c, "source_number", 0),
            )
            record.differences = differing.get((kind, record.pk), [])


def _clause_depths(clauses):
    """Sets `.depth` on each clause: 0 for top level, 1 for its children …"""
    by_id = {clause.pk: clause for clause in clauses}
    for clause in clauses:
        depth, parent_id, seen = 0, clause.parent_id, set()
        while parent_id in by_id and parent_id not in seen:
            seen.add(parent_id)
            depth += 1
            parent_id = by_id[parent_id].parent_id
        clause.depth = min(depth, 4)


def provisions_of(agreement):
    """([(provision, coding)] coded, [provision] not coded) for a page."""
    codings = {
        c.provision_id: c
        # Looked up by provision: no order (Coding's joins the agreement).
        for c in agreement.codings.prefetch_related(
            Coding.prefetch_clause_list()
        ).order_by()
    }
    provisions = list(Provision.objects.all())
    coded = []
    for provision in provisions:
        if provision.pk in codings:
            codings[provision.pk].provision = provision  # read once, above
            coded.append((provision, codings[provision.pk]))
    return coded, [p for p in provisions if p.pk not in codings]


class AgreementDetailView(DetailView):
    queryset = Agreement.objects.for_detail()

    def get_context_data(self, **kwargs):
        """The agreement's clauses, pledges, events and the sources behind them."""
        context = super().get_context_data(**kwargs)
        agreement = self.object
        clauses = list(
            agreement.clauses.defer("search_vector")
            .prefetch_related(Clause.prefetch_topic_list())
            .order_by("position", "pk")
        )
        _clause_depths(clauses)
        pledges = list(agreement.pledges.select_related("donor", "recipient"))
        events = list(
            agreement.events.prefetch_related(
                SigningEvent.prefetch_participation_list()
            ).order_by("occurred_on", "pk")
        )
        participations = [p for event in events for p in event.participation_list]
        citations = list(Citation.objects.about_agreement(agreement))
        sources = {}
        for citation in citations:
            sources.setdefault(citation.source_id, (citation.source, []))[1].append(
                citation
            )
        numbers = {source_id: n for n, source_id in enumerate(sources, start=1)}
        for citation in citations:
            citation.source_number = numbers[citation.source_id]
        _attach_citations(
            citations,
            {
                "agreement": [agreement],
                "clause": clauses,
                "pledge": pledges,
                "event": events,
                "participation": participations,
            },
        )
        facts = evidence.facts(
            citations,
            {
                "agreement": [agreement],
                "event": events,
                "participation": participations,
                "pledge": pledges,
                "clause": clauses,
            },
        )
        coded, not_coded = provisions_of(agreement)
        implementations, related = Agreement.objects.linked_to(agreement)
        context.update(
            implementations=implementations,
            related=related,
            coded=coded,
            not_coded=not_coded,
            compare_choices=Agreement.objects.comparable_with(agreement).values_list(
                "slug", "title"
            ),
            clauses=clauses,
            outline=[c for c in clauses if c.depth == 0],
            pledges=pledges,
            events=events,
            sources=list(sources.values()),
            facts=facts,
            disputes=[fact for fact in facts if fact.disputed],
            days_left=agreement.time_remaining(),
            today=datetime.date.today(),
        )
        return context


# A country page shows its agreements' provisions side by side up to this
# many agreements; beyond (Ukraine's 32), how many are coded for each, with
# a link to /compare/. The same queries either way.
SIDE_BY_SIDE_ON_COUNTRY = 6


def provision_columns(country):
    """The provisions coded for any of the country's agreements, one column
    per agreement (for a country with a few), as on /compare/."""
    agreements = Agreement.objects.involving(country).order_by("signed_on", "pk")
    provisions = Provision.objects.filter(codings__agreement__in=agreements)
    matrix = compare.build(agreements, list(provisions.distinct()))
    if len(matrix.agreements) > SIDE_BY_SIDE_ON_COUNTRY:
        return {"provision_coverage": matrix.column_coverage()}
    return {
        "provision_agreements": matrix.agreements,
        "provision_columns": matrix.by_provision(),
    }


# A country page lists at most this many agreements, pledges and events
# (with how many there are, and a link to the list that has them all).
COUNTRY_PAGE_ROWS = 50


def first_rows(queryset, limit=None):
    """(the first `limit` rows of `queryset`, how many rows it has), read in
    one query: each row carries the total, counted by a window."""
    limit = COUNTRY_PAGE_ROWS if limit is None else limit
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, rows[0].total_rows if rows else 0


class CountryDetailView(DetailView):
    queryset = Country.objects.prefetch_related("groups")

    def get_context_data(self, **kwargs):
        """The country's agreements, pledges with sums, events and people."""
        context = super().get_context_data(**kwargs)
        country = self.object
        pledges = Pledge.objects.involving(country)
        participations = (
            Participation.objects.filter(event__agreement__party_links__country=country)
            .select_related("person__country", "event__agreement")
            .defer(*unread_in_links("event__agreement"))
            .order_by("person__name", "event__occurred_on", "pk")
        )
        people = {}
        # A country with thousands of people in its events: the first ones
        # by name, and the page says the list goes on.
        participations = list(participations[: COUNTRY_PAGE_ROWS * 2 + 1])
        people_cut = len(participations) > COUNTRY_PAGE_ROWS * 2
        for participation in participations[: COUNTRY_PAGE_ROWS * 2]:
            entry = people.setdefault(
                participation.person_id, (participation.person, [])
            )
            entry[1].append(participation)
        agreements, agreement_total = first_rows(
            Agreement.objects.involving(country).for_list()
        )
        pledge_rows, pledge_total = first_rows(pledges.for_list())
        events, event_total = first_rows(
            SigningEvent.objects.involving(country)
            .select_related("agreement")
            .defer(*unread_in_links("agreement"))
            .order_by("occurred_on", "pk")
        )
        context.update(
            **provision_columns(country),
            agreements=agreements,
            agreement_total=agreement_total,
            pledges=pledge_rows,
            pledge_total=pledge_total,
            given=Pledge.objects.filter(donor=country).totals_by_currency(),
            given_eur=Pledge.objects.filter(donor=country).totals_in_euros(),
            received=Pledge.objects.filter(recipient=country).totals_by_currency(),
            received_eur=Pledge.objects.filter(recipient=country).totals_in_euros(),
            events=events,
            event_total=event_total,
            people=list(people.values()),
            people_cut=people_cut,
            shown_at_most=COUNTRY_PAGE_ROWS,
        )
        return context


class DisputeListView(TemplateView):
    """Every fact that sources state differently, with each claim, the
    sources that make it and their quotes."""

    template_name = "agreements/dispute_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = Citation.objects.disputed().with_targets().select_related("source")
        context["disputes"] = evidence.disputes(citations)
        return context


class SourceDetailView(DetailView):
    model = Source

    def get_context_data(self, **kwargs):
        """The facts that cite this source, with their quotes."""
        context = super().get_context_data(**kwargs)
        context["citations"] = self.object.citations.with_targets()
        return context
