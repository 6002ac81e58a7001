"""Pages of a list found by their keys first, then read whole."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A page's rows found in two steps: the keys of the page in the list's
    order (one narrow query, no joins), then those rows with everything the
    page shows (the select_related joins), by key.

    With the joins in the ordered query, SQLite planned the pledge list from
    the donor table and sorted all 50,000 pledges to show 50 (180 ms); the
    keys alone are read from the pledge_list_order index and sorted within
    the newest period only. One more query per page, constant in the data
    size."""

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list.values_list("pk", flat=True))
        found = self.object_list.filter(pk__in=keys).order_by()
        return super()._get_page(in_key_order(found, keys), number, paginator)


def in_key_order(rows, keys):
    """`rows` (read by key, in any order) in the order of `keys`."""
    by_key = {row.pk: row for row in rows}
    return [by_key[key] for key in keys if key in by_key]
