"""Whole-page cache for anonymous readers, retired by any change to the data.

Rendering a list page costs about 20 ms of Python (filter forms, facets,
rows); the data changes rarely. Rendered pages are kept under the data
version and a hash of the host and full URL (one indexed read per request),
so an edit in any process, committed, makes every worker render afresh. The
pages live in each worker's memory, or in one Redis server every worker and
machine shares (TRACKER_CACHE_URL; settings.page_cache). Signed-in editors
and everything but a plain GET or HEAD of a public page bypass the cache; a
session cookie that names no signed-in session does not. PAGE_CACHE_SECONDS = 0 turns
it off.

While the database cannot be reached, the version cannot be read. Each
process remembers the last version it read, and serves the copy of the
page kept under it, marked `X-Page-Cache: stale` and `Cache-Control:
no-store` (no proxy keeps it); a page it holds no copy of gets the 503
page (unavailable.py) without trying the database again. Nobody can edit
while the database is down, so such a copy is out of date only by the
edits committed elsewhere after this process last read the version, and
for PAGE_CACHE_SECONDS at most. A worker started during the outage has
read no version and serves no copy; with Redis, a copy that another worker
stored under the version this one read is served.
"""

import hashlib
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches

from .http_validators import stamp_of
from .unavailable import unavailable

CACHE_ALIAS = "pages"
SKIP_PREFIXES = ("/admin/", "/static/")
# With MAX_ENTRIES (settings) this bounds a worker's cache at about 120 MB.
MAX_BYTES = 400_000
# The data version this process read last (None before the first read):
# the key of the copies it serves while the database cannot be reached.
last_version = None


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(SKIP_PREFIXES)
        and not request.path.endswith((".csv", ".jsonl"))
        and not wants_json_page(request)
        and not signed_in(request)
    )


def signed_in(request):
    """True when the request's session cookie names a signed-in user's
    session. A stray or expired cookie (`sessionid=x`) reads as no session,
    so it cannot make every page a first visit."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return store.get(SESSION_KEY) is not None


def wants_json_page(request):
    """A page asked for by a client that prefers JSON to HTML: its answer
    (a redirect to the API) differs from the page cached under the URL."""
    if request.path.startswith("/api/"):
        return False
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


def cacheable_response(response):
    return (
        response.status_code in (200, 404)
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_BYTES
        and "no-store" not in response.get("Cache-Control", "")
    )


def page_key(request, version):
    """page:<data version>:<sha256 of host, path and query>: short, of safe
    characters for any backend, whatever the visitor sent."""
    address = f"{request.get_host()}\n{request.get_full_path()}"
    return f"page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def kept_copy(request):
    """While the database cannot be reached: the page as kept under the
    last version this process read, marked stale, or else the 503 page."""
    if last_version is not None:
        response = caches[CACHE_ALIAS].get(page_key(request, last_version))
        if response is not None:
            response["X-Page-Cache"] = "stale"
            response["Cache-Control"] = "no-store"
            return response
    return unavailable(request)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global last_version
        if not cacheable_request(request):
            return self.get_response(request)
        stamp = stamp_of(request)
        if stamp is None:
            if getattr(request, "database_unreachable", False):
                return kept_copy(request)
            return self.get_response(request)
        version = last_version = stamp[0]
        cache = caches[CACHE_ALIAS]
        key = page_key(request, version)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
