from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
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
    path(
        "sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"
    ),
]
