"""The API's URLs, built from the registry (lists.py): for every list
/api/<name>/ (a page of rows), /api/<name>.jsonl (every row) and
/api/<name>/<key>/ (one record); the OpenAPI schema and its documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .. import lists
from . import views
from .schema import ListingSchema

app_name = "api"


def listing_urls(listing):
    return [
        path(
            f"{listing.name}/",
            views.ListingPage.as_view(
                listing=listing, schema=ListingSchema(listing, "page")
            ),
            name=f"{listing.stem}-list",
        ),
        path(
            f"{listing.name}.jsonl",
            views.ListingLines.as_view(
                listing=listing, schema=ListingSchema(listing, "lines")
            ),
            name=f"{listing.stem}-lines",
        ),
        path(
            f"{listing.name}/<str:key>/",
            views.RecordView.as_view(
                listing=listing, schema=ListingSchema(listing, "record")
            ),
            name=f"{listing.stem}-detail",
        ),
    ]


urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
    *(url for listing in lists.LISTINGS for url in listing_urls(listing)),
]
