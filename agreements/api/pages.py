"""A page of a list's JSON rows: the count, the rows and links to the next
and previous pages. Rows are the export's JSON objects (writer.json_rows),
so a page holds what the CSV holds for those rows."""

import json

from django.http import QueryDict

from ..export import writer

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PageError(ValueError):
    """A `page` or `page_size` that is not a page: {parameter: [message]}."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def _positive(raw, maximum=None):
    """The whole number in `raw`, or the message saying why it is not one."""
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        return None, "Enter a whole number from 1."
    if maximum is not None and int(raw) > maximum:
        return None, f"At most {maximum}."
    return int(raw), None


def page_numbers(data):
    """(page, page_size) from the query string; PageError naming each
    invalid one."""
    chosen, errors = {}, {}
    for name, default, maximum in (
        ("page", 1, None),
        ("page_size", PAGE_SIZE, MAX_PAGE_SIZE),
    ):
        raw = data.get(name, "")
        chosen[name], error = _positive(raw, maximum) if raw else (default, None)
        if error:
            errors[name] = [error]
    if errors:
        raise PageError(errors)
    return chosen["page"], chosen["page_size"]


def rows(queryset, base_url=""):
    """The JSON objects of `queryset` (a page or a record's related rows,
    already in its order), parsed."""
    lines = writer.json_rows(queryset, base_url, few=True)
    return [json.loads(line) for line in lines]


def page_rows(queryset, number, size, base_url=""):
    """The rows of page `number`: the page's keys first (one cheap query in
    the list's order), then their JSON rows, put back in that order."""
    start = (number - 1) * size
    keys = list(queryset.values_list("pk", flat=True)[start : start + size])
    if not keys:
        return []
    chosen = queryset.model._default_manager.filter(pk__in=keys).order_by()
    by_id = {row["id"]: row for row in rows(chosen, base_url)}
    return [by_id[key] for key in keys]


def link(request, number):
    """The absolute URL of the same request at page `number`."""
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key != "page":
            query.setlist(key, values)
    if number > 1:
        query["page"] = str(number)
    encoded = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{encoded}" if encoded else ""))


def page(request, queryset, number, size):
    """The JSON page: count, page, page_size, next, previous and results."""
    count = queryset.count()
    last = max(1, -(-count // size))
    base_url = request.build_absolute_uri("/").rstrip("/")
    found = number <= last
    return {
        "count": count,
        "page": number,
        "page_size": size,
        "next": link(request, number + 1) if number < last else None,
        "previous": link(request, min(number, last + 1) - 1) if number > 1 else None,
        "results": page_rows(queryset, number, size, base_url) if found else [],
    }
