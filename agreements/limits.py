"""Per-client rate limits on exports and searches, with django-ratelimit.

An export (a list's CSV, /compare.csv, the API's JSON Lines) reads every
matching row; a search runs full-text queries on every kind of record.
Past settings.RATE_LIMITS for its address (30 exports and 60 searches a
minute by default: TRACKER_EXPORT_RATE, TRACKER_SEARCH_RATE), a client gets
429 Too Many Requests with Retry-After (the seconds left in its window) and
a message saying so: a page, text for a CSV, JSON for the API
(refusals.py). Only what is computed is counted: a page the page cache
serves, or a 304, costs nothing and is not counted.

django-ratelimit counts in fixed windows in the "limits" cache: each
worker's memory by default, so with W workers a client may get up to W
times the limit; with TRACKER_CACHE_URL (Redis) every worker counts
together. A cache that cannot be reached lets requests through, logged.
"""

import functools
import ipaddress
import logging

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from .refusals import refusal

logger = logging.getLogger(__name__)

NOUNS = {"export": "exports", "search": "searches"}
PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}
IPV6_PREFIX = 64  # one client's network: a host may use any address in it


def client_address(request):
    """The connection's address (REMOTE_ADDR); behind TRACKER_PROXY_COUNT
    proxies, the address the outermost one saw: that many entries from the
    right of X-Forwarded-For, each proxy having appended the address it was
    reached from. A header too short or not an address: REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRACKER_PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def limit_key(group, request):
    """Whom a limit counts: an IPv4 address, or an IPv6 address's /64."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def searching(request):
    return bool(request.GET.get("q", "").strip())


def refused(request, group):
    """The 429 for a client past its limit for `group`, or None (counted)."""
    rate = settings.RATE_LIMITS.get(group)
    if rate is None:
        return None
    try:
        usage = get_usage(
            request,
            group=f"tracker.{group}",
            key=limit_key,
            rate=rate,
            method=ALL,
            increment=True,
        )
    except Exception:  # Redis unreachable: serve rather than fail
        logger.warning("Rate limit %r not counted", group, exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    wait = max(1, usage["time_left"])
    count, period = rate.split("/")
    return refusal(
        request,
        429,
        "429.html",
        f"Too many {NOUNS[group]} from your address: this site answers "
        f"{count} {NOUNS[group]} a {PERIODS[period]} from one address. Please "
        f"try again in {wait} second{'' if wait == 1 else 's'}.",
        wait,
    )


def rate_limited(group, applies=None):
    """Decorates a view function (or, with method_decorator, a view's get):
    counts each request for which `applies(request)` holds, and answers
    429 past the client's limit for `group`."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if applies is None or applies(request):
                answer = refused(request, group)
                if answer is not None:
                    return answer
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
