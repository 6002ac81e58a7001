"""The registry of public lists: everything that makes one, in one place.

A Listing names a list's URL path and URL names, what it counts, its
FilterSet and base queryset, its facets and their limit, its template and
its export columns. The URLs (urls.py), the views, the navigation, the home
page's counts, the facets, the CSV export and the tests are all built from
LISTINGS: a new list is a Listing here, its template and its column spec
(export/columns.py).

The list pages and their CSV exports both take their rows from `rows()`, so
an export holds exactly the rows of the filtered list, in the same order.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from . import coverage, filters
from .export import columns
from .facets import Facet, party_facet
from .models import Agreement, Clause, Country, Party, Pledge, SigningEvent, Source


@dataclass(eq=False)
class Listing:
    name: str  # the URL path: /<name>/ and /<name>.csv
    model: type
    filterset_class: type
    stem: str  # URL names <stem>-list and <stem>-export
    label: str  # in the navigation and as the page heading
    nouns: tuple[str, str]  # what it counts: "1 agreement", "31 agreements"
    column_spec: object  # (base_url, vendor) -> [Column], see export/columns.py
    # How a record is addressed: /api/<name>/<slug>/ or /api/<name>/<id>/.
    key: str = "slug"
    facets: tuple[Facet, ...] = ()
    # Above this many rows the facets are not counted (see facets.py).
    facet_max_rows: int | None = None
    template_name: str = field(default="")
    # (filterset) -> [coverage.Note]: how complete the rows' columns are.
    coverage: object = None
    # A page's rows found by their keys first (paging.py), where joining what
    # the page shows makes the database sort every row.
    page_by_keys: bool = False

    def __post_init__(self):
        self.template_name = self.template_name or f"agreements/{self.stem}_list.html"

    @property
    def list_url_name(self):
        return f"agreements:{self.stem}-list"

    @property
    def export_url_name(self):
        return f"agreements:{self.stem}-export"

    @property
    def list_url(self):
        return reverse(self.list_url_name)

    @property
    def export_url(self):
        return reverse(self.export_url_name)

    @property
    def api_url(self):
        return reverse(f"api:{self.stem}-list")

    @property
    def jsonl_url(self):
        return reverse(f"api:{self.stem}-lines")

    def noun(self, count):
        return self.nouns[0] if count == 1 else self.nouns[1]

    def base_queryset(self):
        return self.model.objects.for_list()

    def filterset(self, data):
        return self.filterset_class(data or None, queryset=self.base_queryset())

    def coverage_notes(self, filterset):
        return self.coverage(filterset) if self.coverage else []

    def columns(self, base_url="", vendor=None):
        """The export columns; URLs start with `base_url`; on PostgreSQL
        (`vendor`) cells that the database keeps on the row are read."""
        return self.column_spec(base_url, vendor)


# The clause facets cost most per row: each joins the 500,000 bench clauses
# again and, for a search, repeats the text search (about 5 ms per facet per
# 1,000 matching clauses at benchmark size). Lists without a limit have small
# tables (hundreds of countries and sources, thousands of agreements).
AGREEMENTS = Listing(
    "agreements",
    Agreement,
    filters.AgreementFilter,
    stem="agreement",
    label="Agreements",
    nouns=("agreement", "agreements"),
    column_spec=columns.agreement_columns,
    coverage=coverage.agreement_notes,
    facets=(
        Facet("status", "status", choices=tuple(Agreement.Status.choices)),
        Facet("kind", "kind", choices=tuple(Agreement.Kind.choices)),
        Facet(
            "group",
            "country__groups__slug",
            "country__groups__name",
            distinct=True,  # two parties of one agreement can share a group
            via=(Party, "agreement"),
        ),
        Facet("year", "signed_year", newest_first=True),
        # One Party row per agreement and country: counted without DISTINCT.
        Facet("country", "country__slug", "country__name", via=(Party, "agreement")),
    ),
)
COUNTRIES = Listing(
    "countries",
    Country,
    filters.CountryListFilter,
    stem="country",
    label="Countries",
    nouns=("country or organisation", "countries and organisations"),
    column_spec=columns.country_columns,
    facets=(
        Facet("group", "groups__slug", "groups__name"),
        Facet("kind", "kind", choices=tuple(Country.Kind.choices)),
    ),
)
CLAUSES = Listing(
    "clauses",
    Clause,
    filters.ClauseFilter,
    stem="clause",
    key="pk",
    label="Clauses",
    nouns=("clause", "clauses"),
    column_spec=columns.clause_columns,
    coverage=coverage.clause_notes,
    facets=(
        Facet("topic", "topics__slug", "topics__name"),
        Facet("agreement", "agreement__slug", "agreement__title", open_ended=True),
        party_facet("agreement__"),
    ),
    facet_max_rows=2_000,
)
PLEDGES = Listing(
    "pledges",
    Pledge,
    filters.PledgeFilter,
    stem="pledge",
    key="pk",
    label="Pledges",
    nouns=("pledge", "pledges"),
    column_spec=columns.pledge_columns,
    facets=(
        Facet("category", "category", choices=tuple(Pledge.Category.choices)),
        Facet("kind", "kind", choices=tuple(Pledge.Kind.choices)),
        Facet("currency", "currency"),
        Facet("donor", "donor__slug", "donor__name"),
        Facet("recipient", "recipient__slug", "recipient__name"),
    ),
    facet_max_rows=20_000,
    page_by_keys=True,
)
EVENTS = Listing(
    "events",
    SigningEvent,
    filters.SigningEventFilter,
    stem="event",
    key="pk",
    label="Events",
    nouns=("event", "events"),
    column_spec=columns.event_columns,
    facets=(
        Facet("kind", "kind", choices=tuple(SigningEvent.Kind.choices)),
        Facet("year", "occurred_year", newest_first=True),
        Facet("agreement", "agreement__slug", "agreement__title", open_ended=True),
        party_facet("agreement__"),
    ),
    facet_max_rows=20_000,
)
SOURCES = Listing(
    "sources",
    Source,
    filters.SourceFilter,
    stem="source",
    label="Sources",
    nouns=("source", "sources"),
    column_spec=columns.source_columns,
    facets=(
        Facet("language", "language"),
        Facet("publisher", "publisher"),
        Facet("damaged", "is_damaged", choices=(("true", "Yes"), ("false", "No"))),
    ),
)

# In the order of the navigation and the home page's counts.
LISTINGS = (AGREEMENTS, COUNTRIES, CLAUSES, PLEDGES, EVENTS, SOURCES)
BY_NAME = {listing.name: listing for listing in LISTINGS}
BY_MODEL = {listing.model: listing for listing in LISTINGS}
