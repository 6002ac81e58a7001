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

from .facets import is_multiple
from .templatetags.browse import with_query

# Values shown before "more"; the rest wait behind a disclosure.
SHOWN = 5
# A facet with thousands of values (agreements of the clause list) shows
# this many, those with the most rows.
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
        links = []
        for value in values:
            selected = unseen.pop(value.value.casefold(), None) is not None
            if selected or value.count:
                links.append(
                    toggle.link(value.value, value.label, value.count, selected)
                )
        for key in unseen.values():  # chosen, but no row has it now
            links.append(toggle.link(key, str(names.get(key, chosen[key])), 0, True))
        if not links:
            continue
        if not facet.choices and not facet.newest_first:
            links.sort(key=lambda link: -link.count)  # stable: by name within
        links.sort(key=lambda link: not link.selected)
        if facet.open_ended:
            links = links[:LONGEST]
        blocks.append(
            FacetBlock(facet.param, str(field.label), links[:SHOWN], links[SHOWN:])
        )
    return blocks
