"""The JSON API: for every list of the registry a page of rows and a JSON
Lines download, and every record with what belongs to it.

Rows have the fields of the list's CSV columns with JSON types (see
export/json_cells.py). Responses carry an ETag and Last-Modified from the
data version, and a matching conditional request gets 304 Not Modified.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import lists
from ..export import writer
from ..export_views import file_name
from ..http_validators import cache_control
from ..limits import rate_limited, searching
from ..models import DataVersion
from . import pages, records
from .schema import IndexSchema


def validation_errors(filterset):
    """{parameter: [message]} for each invalid filter, as the form says,
    named by the query parameter that was sent: a date range's error goes to
    `signed_after` or `signed_before`, not to the filter (`signed`)."""
    errors = {}
    form = filterset.form
    for name, messages in form.errors.items():
        messages = [str(message) for message in messages]
        for parameter in parameters_at_fault(form, name):
            errors[parameter] = messages
    return errors


def parameters_at_fault(form, name):
    """The query parameters behind the form field `name`: itself, or for a
    field of several parameters (a range) those whose own value is invalid,
    else all of them that were sent (the pair is wrong together)."""
    field = form.fields.get(name)
    suffixes = getattr(getattr(field, "widget", None), "suffixes", None)
    if not suffixes or not hasattr(field, "fields"):
        return [name]
    sent, invalid = [], []
    for suffix, part in zip(suffixes, field.fields, strict=True):
        parameter = f"{name}_{suffix}" if suffix else name
        value = form.data.get(parameter)
        if value in (None, ""):
            continue
        sent.append(parameter)
        try:
            part.clean(value)
        except ValidationError:
            invalid.append(parameter)
    return invalid or sent or [name]


class VersionedView(APIView):
    """An API view whose answers change only with the data version."""

    authentication_classes = ()
    permission_classes = ()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        stamp = getattr(self, "stamp", None)
        if stamp and response.status_code == 200:
            value, changed_at = stamp
            response["ETag"] = quote_etag(f"v{value}")
            if changed_at:
                response["Last-Modified"] = http_date(changed_at.timestamp())
        if stamp and response.status_code in (200, 304):
            response["Cache-Control"] = cache_control()
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.stamp = DataVersion.stamp()

    def handle_conditional(self, request):
        """304 Not Modified when the client's copy is current, else None."""
        if not self.stamp:
            return None
        value, changed_at = self.stamp
        response = get_conditional_response(
            request,
            etag=quote_etag(f"v{value}"),
            last_modified=changed_at.timestamp() if changed_at else None,
        )
        return response  # 304, or 412 for a failed If-Match; None: go on


@method_decorator(rate_limited("search", applies=searching), name="get")
class ListingPage(VersionedView):
    """GET /api/<list>/: a page of the filtered list's rows."""

    listing = None

    def get(self, request):
        if (cached := self.handle_conditional(request)) is not None:
            return cached
        data = request.GET.copy()
        for name in ("page", "page_size", "format"):
            data.pop(name, None)
        filterset = self.listing.filterset(data)
        errors = {}
        if filterset.is_bound and not filterset.is_valid():
            errors.update(validation_errors(filterset))
        try:
            number, size = pages.page_numbers(request.GET)
        except pages.PageError as error:
            errors.update(error.errors)
        if errors:
            return Response({"errors": errors}, status=400)
        return Response(pages.page(request, filterset.qs, number, size))


@method_decorator(rate_limited("export"), name="get")
class ListingLines(VersionedView):
    """GET /api/<list>.jsonl: every row of the filtered list, streamed."""

    listing = None

    def get(self, request):
        if (cached := self.handle_conditional(request)) is not None:
            return cached
        data = request.GET.copy()
        data.pop("page", None)
        filterset = self.listing.filterset(data)
        if filterset.is_bound and not filterset.is_valid():
            return Response({"errors": validation_errors(filterset)}, status=400)
        return writer.jsonl_response(
            filterset.qs, file_name(self.listing, filterset), request=request
        )


class RecordView(VersionedView):
    """GET /api/<list>/<key>/: one record and what belongs to it."""

    listing = None

    def get(self, request, key):
        if (cached := self.handle_conditional(request)) is not None:
            return cached
        record = records.find(self.listing, key)
        if record is None:
            raise Http404(f"No {self.listing.nouns[0]} {key!r}.")
        base_url = request.build_absolute_uri("/").rstrip("/")
        return Response(records.document(self.listing, record, base_url))


class Index(VersionedView):
    """GET /api/: the lists, their URLs and the schema."""

    schema = IndexSchema()

    def get(self, request):
        absolute = request.build_absolute_uri
        return Response(
            {
                "lists": [
                    {
                        "name": listing.name,
                        "count": listing.model.objects.count(),
                        "api_url": absolute(reverse(f"api:{listing.stem}-list")),
                        "jsonl_url": absolute(reverse(f"api:{listing.stem}-lines")),
                        "html_url": absolute(listing.list_url),
                        "csv_url": absolute(listing.export_url),
                    }
                    for listing in lists.LISTINGS
                ],
                "schema_url": absolute(reverse("api:schema")),
                "docs_url": absolute(reverse("api:docs")),
            }
        )
