"""What each public list shows: its FilterSet and base queryset.

The list pages and their CSV exports both take their rows from `rows()`, so
an export holds exactly the rows of the filtered list, in the same order.
"""

from dataclasses import dataclass

from . import filters
from .models import Agreement, Clause, Country, Pledge, SigningEvent, Source


@dataclass(frozen=True)
class Listing:
    name: str
    model: type
    filterset_class: type

    def base_queryset(self):
        return self.model.objects.for_list()

    def filterset(self, data):
        return self.filterset_class(data or None, queryset=self.base_queryset())


AGREEMENTS = Listing("agreements", Agreement, filters.AgreementFilter)
COUNTRIES = Listing("countries", Country, filters.CountryListFilter)
CLAUSES = Listing("clauses", Clause, filters.ClauseFilter)
PLEDGES = Listing("pledges", Pledge, filters.PledgeFilter)
EVENTS = Listing("events", SigningEvent, filters.SigningEventFilter)
SOURCES = Listing("sources", Source, filters.SourceFilter)
