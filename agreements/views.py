"""Public pages: thin class-based views that pick a queryset."""

from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import lists
from .models import Agreement, Country, Source


class HomeView(TemplateView):
    template_name = "agreements/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreement_count"] = Agreement.objects.count()
        context["country_count"] = Country.objects.count()
        context["source_count"] = Source.objects.count()
        return context


class ListingView(FilterView):
    """A filtered, paginated list; `listing` says which (see lists.py)."""

    listing = None
    paginate_by = 50
    template_name = "agreements/listing.html"

    def get_filterset_class(self):
        return self.listing.filterset_class

    def get_queryset(self):
        return self.listing.base_queryset()


class AgreementListView(ListingView):
    listing = lists.AGREEMENTS
    template_name = "agreements/agreement_list.html"


class CountryListView(ListingView):
    listing = lists.COUNTRIES


class ClauseListView(ListingView):
    listing = lists.CLAUSES


class PledgeListView(ListingView):
    listing = lists.PLEDGES


class EventListView(ListingView):
    listing = lists.EVENTS


class SourceListView(ListingView):
    listing = lists.SOURCES


class AgreementDetailView(DetailView):
    queryset = Agreement.objects.prefetch_related("parties")


class CountryDetailView(DetailView):
    model = Country


class SourceDetailView(DetailView):
    model = Source
