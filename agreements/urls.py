"""The site's URLs: the home page, search, the detail pages, and for every
list in the registry (lists.py) its page, /<name>/, and its CSV, /<name>.csv."""

from django.urls import path

from . import compare_views, export_views, lists, views

app_name = "agreements"


def listing_urls(listing):
    return [
        path(
            f"{listing.name}/",
            views.ListingView.as_view(listing=listing),
            name=f"{listing.stem}-list",
        ),
        path(
            f"{listing.name}.csv",
            export_views.ExportView.as_view(listing=listing),
            name=f"{listing.stem}-export",
        ),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    *(url for listing in lists.LISTINGS for url in listing_urls(listing)),
    path(
        "agreements/<slug:slug>/",
        views.AgreementDetailView.as_view(),
        name="agreement-detail",
    ),
    path(
        "countries/<slug:slug>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path("disputes/", views.DisputeListView.as_view(), name="dispute-list"),
    path("compare/", compare_views.CompareView.as_view(), name="compare"),
    path("compare.csv", compare_views.compare_export, name="compare-export"),
    path(
        "sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"
    ),
]
