"""A limit on the query string, before anything else reads the request.

Request bodies are limited by Django (settings DATA_UPLOAD_MAX_*); the
query string was not, and every list page parses it into a filter form
and keys the page cache on it. Past QUERY_STRING_MAX_BYTES (4,096) the
answer is 414 URI Too Long, with the reason, before any database work.
gunicorn takes request lines up to 8,190 bytes (gunicorn.conf.py), so such
a request reaches this answer rather than gunicorn's bare 400.
"""

from django.conf import settings

from .refusals import refusal


def query_string_size(request):
    """Bytes of the query string as sent (WSGI gives it one character per
    byte, still percent-encoded)."""
    return len(request.META.get("QUERY_STRING", ""))


class QueryStringLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size, limit = query_string_size(request), settings.QUERY_STRING_MAX_BYTES
        if size > limit:
            return refusal(
                request,
                414,
                "414.html",
                f"The address is too long: its query string (after the ?) is "
                f"{size:,} bytes, and this site takes at most {limit:,}. Choose "
                "fewer filter values or a shorter search.",
            )
        return self.get_response(request)
