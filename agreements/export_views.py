"""CSV exports of the public lists (placeholders until the export lands)."""

from django.http import HttpResponse
from django.views import View

from . import lists


class ExportView(View):
    listing = None

    def get(self, request):
        return HttpResponse(status=501)


class AgreementExportView(ExportView):
    listing = lists.AGREEMENTS


class CountryExportView(ExportView):
    listing = lists.COUNTRIES


class ClauseExportView(ExportView):
    listing = lists.CLAUSES


class PledgeExportView(ExportView):
    listing = lists.PLEDGES


class EventExportView(ExportView):
    listing = lists.EVENTS


class SourceExportView(ExportView):
    listing = lists.SOURCES
