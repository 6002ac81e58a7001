from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Security Agreement Tracker — editors"
admin.site.site_title = "Tracker admin"
admin.site.index_title = "Agreements, clauses, pledges, events and sources"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("agreements.api.urls")),
    path("", include("agreements.urls")),
]
