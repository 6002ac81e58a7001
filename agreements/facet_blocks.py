"""Facet blocks: each facet's values with their counts, as links a reader can
see at a glance (Datasette's facet blocks are the model).

A link adds its value to the filter, or removes it when it is in use. A
filter that takes several values (country, topic, kind, status…) keeps the
others (rows with any of them); a single-valued one (year, group) is set to
the value. Built from the counts facets.py already made: no query of its own.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db import models

from .facets import FacetValue, is_multiple
from .templatetags.browse import with_query

# Values shown before "more"; the rest wait behind a disclosure.
SHOWN = 5
# At most this many values per facet, those with the most rows (and every
# chosen one): Datasette's default_facet_size. The filter form offers every
# value; a block of all 200 countries cost a link per country on every page.
LONGEST = 30


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str  # the query string with this value added, or removed
    selected: bool


@dataclass(frozen=True)
class FacetBlock:
    param: str
    label: str
    shown: list
    more: list
    left_out: int = 0  # values not shown (the filter form offers them)


@dataclass(frozen=True)
class Toggle:
    """Links that add a value to parameter `param`, or remove a chosen one."""

    request: object
    param: str
    chosen: list
    multiple: bool  # the filter keeps several values (else: set to this one)

    def link(self, key, label, count, selected):
        if self.multiple:
            rest = [k for k in self.chosen if k.casefold() != key.casefold()]
            target = rest if selected else [*self.chosen, key]
        else:
            target = None if selected else key
        url = with_query(self.request, **{self.param: target})
        return FacetLink(label, count, url, selected)


def chosen_keys(value):
    """{facet value: label} for the cleaned value of a filter: how each
    chosen value reads among the facet's values (slugs, codes, "true")."""
    values = value if isinstance(value, list | tuple) else [value]
    keys = {}
    for item in values:
        if item in (None, ""):
            continue
        label = str(item)
        if isinstance(item, models.Model):
            item = getattr(item, "slug", None) or item.pk
        elif isinstance(item, bool):
            item = "true" if item else "false"
        elif isinstance(item, Decimal | float):
            item = label = int(item)
        elif isinstance(item, datetime.date):
            item = item.isoformat()
        keys[str(item)] = str(label)
    return keys


def facet_blocks(listing, filterset, counts, request):
    """[FacetBlock] for the facets of `listing` that were counted."""
    if filterset.is_bound and not filterset.is_valid():
        return []
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    blocks = []
    for facet in listing.facets:
        values = counts.get(facet.param)
        field = filterset.form.fields.get(facet.param)
        if values is None or field is None:
            continue
        chosen = chosen_keys(cleaned.get(facet.param))
        names = {}
        if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            names = dict(field.choices)  # a fixed vocabulary: no query
        unseen = {key.casefold(): key for key in chosen}
        toggle = Toggle(request, facet.param, list(chosen), is_multiple(field))
        # (value, selected) first, links only for those shown: each link is
        # a query string of its own.
        found = []
        for value in values:
            selected = unseen.pop(value.value.casefold(), None) is not None
            if selected or value.count:
                found.append((value, selected))
        for key in unseen.values():  # chosen, but no row has it now
            label = str(names.get(key, chosen[key]))
            found.append((FacetValue(key, label, 0), True))
        if not found:
            continue
        if not facet.choices and not facet.newest_first:
            found.sort(key=lambda pair: -pair[0].count)  # stable: by name within
        found.sort(key=lambda pair: not pair[1])
        chosen_count = sum(1 for _, selected in found if selected)
        shown = found[: max(LONGEST, chosen_count)]
        links = [
            toggle.link(value.value, value.label, value.count, selected)
            for value, selected in shown
        ]
        blocks.append(
            FacetBlock(
                facet.param,
                str(field.label),
                links[:SHOWN],
                links[SHOWN:],
                left_out=len(found) - len(shown),
            )
        )
    return blocks
