"""CSV exports of the public lists: the same filters, rows and order."""

import datetime
import re

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from . import export
from .limits import rate_limited

FILE_NAME_MAX = 120


def record_key(record):
    """A chosen record in short: a country's ISO code, else its slug or id."""
    return str(getattr(record, "iso_code", "") or getattr(record, "slug", record.pk))


def filter_summary(cleaned_data):
    """The filters in short, for a file name: country-JP_year-2024."""
    parts = []
    for name, value in cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, slice):  # date ranges: signed_after/…_before
            bounds = [("after", value.start), ("before", value.stop)]
            parts += [f"{name}-{side}-{day}" for side, day in bounds if day]
            continue
        if isinstance(value, models.Model):
            value = record_key(value)
        elif isinstance(value, list | tuple):
            value = "-".join(
                record_key(item) if isinstance(item, models.Model) else str(item)
                for item in value
            )
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        parts.append(f"{name}-{value}")
    summary = "_".join(re.sub(r"[^A-Za-z0-9.-]+", "", part) for part in parts)
    return summary.strip("_-")


def file_name(listing, filterset, today=None):
    """e.g. agreements_country-JP_year-2024_2026-11-23.csv (safe characters)."""
    today = today or timezone.localdate()
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    summary = filter_summary(cleaned)[:FILE_NAME_MAX].rstrip("_-")
    return "_".join(part for part in (listing.name, summary, today.isoformat()) if part)


def bad_filters(filterset):
    """A plain-text explanation of each invalid filter."""
    lines = ["These filters are not valid, so nothing was exported:", ""]
    for name, errors in filterset.errors.items():
        for error in errors:
            lines.append(f"- {name}: {error}")
    return "\n".join(lines) + "\n"


@method_decorator(rate_limited("export"), name="get")
class ExportView(View):
    """Every row of the filtered list (all pages, same order) as CSV;
    `as_view(listing=…)` says which list (lists.py)."""

    listing = None

    def get(self, request):
        data = request.GET.copy()
        bom = data.pop("bom", ["0"])[-1] == "1"
        data.pop("page", None)
        filterset = self.listing.filterset(data)
        if filterset.is_bound and not filterset.is_valid():
            return HttpResponse(
                bad_filters(filterset),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return export.csv_response(
            filterset.qs,
            file_name(self.listing, filterset),
            bom=bom,
            request=request,
        )
