"""HTTP caching a proxy or CDN can use, from the data version.

Every public answer (pages, CSV and JSON Lines exports; the JSON API sets its
own, the same way, in api/views.py) of a GET or HEAD carries

- `ETag: "v<version>"` and `Last-Modified: <when the data last changed>`:
  the data version (models/versions.py) changes with every committed edit,
  so an edit changes the validators at once;
- `Cache-Control: public, max-age=0, s-maxage=<SHARED_CACHE_SECONDS>`:
  browsers revalidate every time, a shared cache may serve its copy for that
  many seconds (`TRACKER_SHARED_CACHE_SECONDS`, default 60; 0 sends
  `no-cache`, so every use revalidates).

A request whose `If-None-Match` (or `If-Modified-Since`) matches gets
`304 Not Modified` before anything is rendered: one indexed read of the
version row. The stamp read here is kept on the request for the page cache
(pagecache.py), so a page costs that one read either way.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date

from .models import DataVersion
from .unavailable import DATABASE_ERRORS

logger = logging.getLogger(__name__)

SKIP_PREFIXES = ("/admin/", "/static/", "/api/")


def applies(request):
    return request.method in ("GET", "HEAD") and not request.path.startswith(
        SKIP_PREFIXES
    )


def stamp_of(request):
    """(version, changed_at) of the data, read once per request; None when
    the row is missing, or when the database cannot be reached, which
    `request.database_unreachable` then says: the page cache may still
    serve its copy, anything else that reads the database answers 503."""
    if not hasattr(request, "data_stamp"):
        try:
            request.data_stamp = DataVersion.stamp()
        except DATABASE_ERRORS as error:
            logger.warning("Database unreachable (%s): %s", request.path, error)
            request.data_stamp = None
            request.database_unreachable = True
    return request.data_stamp


def validators(stamp):
    value, changed_at = stamp
    return quote_etag(f"v{value}"), changed_at.timestamp() if changed_at else None


def cache_control():
    seconds = settings.SHARED_CACHE_SECONDS
    if seconds <= 0:
        return "public, no-cache"
    return f"public, max-age=0, s-maxage={seconds}"


class HttpValidatorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not applies(request):
            return self.get_response(request)
        try:
            request.get_host()  # a spoofed host gets Django's 400, never a copy
        except DisallowedHost:
            return self.get_response(request)
        stamp = stamp_of(request)
        if stamp is None:
            return self.get_response(request)
        etag, last_modified = validators(stamp)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            not_modified["Cache-Control"] = cache_control()
            return not_modified
        response = self.get_response(request)
        if response.status_code == 200 and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = cache_control()
        return response
