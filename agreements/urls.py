from django.urls import path

from . import export_views, views

app_name = "agreements"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path(
        "agreements.csv",
        export_views.AgreementExportView.as_view(),
        name="agreement-export",
    ),
    path(
        "agreements/<slug:slug>/",
        views.AgreementDetailView.as_view(),
        name="agreement-detail",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path(
        "countries.csv", export_views.CountryExportView.as_view(), name="country-export"
    ),
    path(
        "countries/<slug:slug>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path("clauses/", views.ClauseListView.as_view(), name="clause-list"),
    path("clauses.csv", export_views.ClauseExportView.as_view(), name="clause-export"),
    path("pledges/", views.PledgeListView.as_view(), name="pledge-list"),
    path("pledges.csv", export_views.PledgeExportView.as_view(), name="pledge-export"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events.csv", export_views.EventExportView.as_view(), name="event-export"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources.csv", export_views.SourceExportView.as_view(), name="source-export"),
    path(
        "sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"
    ),
]
