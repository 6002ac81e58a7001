"""Public pages: thin class-based views that pick a queryset."""

from django.views.generic import DetailView, ListView, TemplateView

from .models import Agreement, Country, Source


class HomeView(TemplateView):
    template_name = "agreements/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreement_count"] = Agreement.objects.count()
        context["country_count"] = Country.objects.count()
        context["source_count"] = Source.objects.count()
        return context


class AgreementListView(ListView):
    queryset = Agreement.objects.for_list()
    paginate_by = 50


class AgreementDetailView(DetailView):
    queryset = Agreement.objects.prefetch_related("parties")


class CountryDetailView(DetailView):
    model = Country


class SourceDetailView(DetailView):
    model = Source
