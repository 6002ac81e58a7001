"""503 Service Unavailable, not 500, while the database cannot be reached.

A request that meets a connection failure (django.db.OperationalError or
InterfaceError: the server is down or restarting, refuses connections, or
does not answer within DJANGO_DB_CONNECT_TIMEOUT) anywhere, in a view, in
the HTTP validators' or page cache's read of the data version, or reading
the session or the signed-in user, gets the site's 503 page
(templates/503.html, rendered without the database), JSON for the API or
text for a CSV export, with `Retry-After: 30`. The page cache may serve its
copy of a page instead (pagecache.py).

Django turns an exception into a 500 answer in the layer that raised it,
before any outer middleware sees it. So a receiver of
`got_request_exception` (sent for every uncaught exception, while it is
being handled) marks the request, and DatabaseUnavailableMiddleware,
placed outside every layer that reads the database, replaces that request's
500 with the 503. Django still logs the error with its traceback. A
streamed answer (an export) to a request whose read of the data version
already failed is replaced too, before its first byte: its rows would be
read only as it is sent, after a 200 and its header row.
"""

import sys

from django.db import InterfaceError, OperationalError

from .refusals import refusal

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
MESSAGE = (
    "The tracker cannot reach its database just now, so this cannot be shown. "
    "Please try again in a minute."
)


def note_database_error(sender, request=None, **kwargs):
    """got_request_exception: mark a request whose error is the database's."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request.database_unreachable = True


def unavailable(request):
    return refusal(request, 503, "503.html", MESSAGE, RETRY_AFTER_SECONDS)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "database_unreachable", False):
            return response
        if response.status_code == 500 or response.streaming:
            response.close()  # a stream not begun: let go of what it holds
            return unavailable(request)
        return response
