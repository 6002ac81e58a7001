"""The answers the site gives when it will not or cannot serve a request
(too long an address, too many requests, no database): a page of the site
for pages, JSON for the API, plain text for a CSV export. Each is rendered
without the database, with `Cache-Control: no-store` so that no cache keeps
it, and, where waiting helps, `Retry-After`."""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from . import lists


def answer_format(request):
    """'json' for the API (its JSON Lines exports included), 'text' for a
    CSV export, 'html' for everything else."""
    if request.path.startswith("/api/"):
        return "json"
    if request.path.endswith(".csv"):
        return "text"
    return "html"


def refusal(request, status, template, message, retry_after=None):
    """The answer `status` saying `message`; pages show `template`, which
    extends base.html and is given `message` and `retry_after` (seconds)."""
    kind = answer_format(request)
    if kind == "json":
        body = {"detail": message}
        if retry_after is not None:
            body["retry_after"] = retry_after
        response = JsonResponse(body, status=status)
    elif kind == "text":
        response = HttpResponse(
            message + "\n", status=status, content_type="text/plain; charset=utf-8"
        )
    else:
        # No request context: the context processors may read the session
        # (the database); the navigation is the one thing base.html needs.
        context = {
            "message": message,
            "retry_after": retry_after,
            "listings": lists.LISTINGS,
        }
        response = HttpResponse(render_to_string(template, context), status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
