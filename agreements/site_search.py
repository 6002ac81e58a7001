"""The site search (/search/): every kind of record, found by one rule.

Each kind is searched as its list's `q` searches it (agreements/search.py:
every word or "quoted phrase", any order; ranked full text on PostgreSQL),
so a group's count is the count its "see all" link shows.
"""

from . import lists
from .models import Agreement, Clause, Pledge, SigningEvent, Source
from .search import search_rows


def site_search(text):
    """(listing, rows best first) for each kind, in the navigation's order."""
    return [
        (
            lists.AGREEMENTS,
            search_rows(Agreement, text).prefetch_related(
                Agreement.prefetch_party_list()
            ),
        ),
        (lists.CLAUSES, Clause.objects.for_list().search(text)),
        (
            lists.PLEDGES,
            search_rows(Pledge, text).select_related("donor", "recipient", "agreement"),
        ),
        (lists.EVENTS, search_rows(SigningEvent, text).select_related("agreement")),
        (lists.SOURCES, search_rows(Source, text).defer("text")),
    ]
