"""The rows of the public lists and the agreement page's clauses, rendered
by Jinja2.

Django's template language resolves each variable through a chain of
lookups and escapes through lazy wrappers: a 50-row agreement table cost
about 20 ms to render, more than every query of its page together. The same
markup compiled by Jinja2 into Python costs about a tenth of that. Pages stay
Django templates (blocks, includes, the test client's context); only what
repeats per row lives in `templates/rows/*.jinja`, rendered by the `rows` tag
(templatetags/browse.py) with the same filters the Django templates use.

Autoescaping is on: values are escaped unless they are marked safe, by
Jinja2's Markup or by Django's SafeString (both have `__html__`).
"""

import functools
import itertools
from types import SimpleNamespace

import jinja2
from django.conf import settings
from django.template.defaultfilters import (
    linebreaks_filter,
    pluralize,
    truncatewords_html,
)
from django.utils import dateformat, translation
from markupsafe import Markup

from .html import conditional_escape

ROWS_DIR = settings.BASE_DIR / "templates" / "rows"


@functools.lru_cache(maxsize=4096)
def _formatted_date(value, format_string, language):
    with translation.override(language):
        return dateformat.format(value, format_string)


def date(value, format_string):
    """Django's `date` filter, remembered per date (a page repeats the same
    few hundred days, and Django's date formatting is slow)."""
    if not value:
        return ""
    return _formatted_date(value, format_string, translation.get_language())


def truncate_words_html(value, length):
    """Django's `truncatewords_html` of escaped (or already safe) text.

    Text that cannot hold more than `length` words comes back as it is:
    Django's HTML parser costs about 40 µs a cell even with nothing to cut
    (it would only have joined runs of whitespace). Django counts the runs
    of non-space text between tags, never more than the text's
    whitespace-separated runs plus one per tag, plus one."""
    html = conditional_escape(value)
    if len(html.split()) + html.count("<") + 1 <= length:
        return Markup(html)
    return Markup(truncatewords_html(html, length))


def regroup(items, attribute):
    """Django's `regroup`: runs of consecutive items with the same
    `attribute`, as (grouper, list) pairs in their order (Jinja2's `groupby`
    sorts first)."""
    return [
        SimpleNamespace(grouper=key, list=list(group))
        for key, group in itertools.groupby(
            items, key=lambda item: getattr(item, attribute)
        )
    ]


def _filters(browse, provisions):
    return {
        "date": date,
        "pluralize": pluralize,
        "linebreaks": linebreaks_filter,
        "truncatewords_html": truncate_words_html,
        "highlight": browse.highlight,
        "pledge_figure": browse.pledge_figure,
        "pledge_euros": browse.pledge_euros,
        "pledge_period": browse.pledge_period,
        "marks": browse.marks,
        "any_quoted": browse.any_quoted,
        "fact_kind": browse.fact_kind,
        "field_label": browse.field_label,
        "source_title": browse.source_title,
        "source_credit": browse.source_credit,
        "fact_heading": browse.fact_heading,
        "regroup": regroup,
        "coding_value": provisions.coding_value,
        "coding_euros": provisions.coding_euros,
    }


@functools.cache
def environment():
    # Imported here: the template tags import this module for the `rows` tag.
    from .templatetags import browse, provisions

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROWS_DIR),
        autoescape=True,
        auto_reload=settings.DEBUG,
    )
    env.filters.update(_filters(browse, provisions))
    # The `query` tag's function: the request's query string with changes.
    env.globals["query"] = browse.with_query
    return env


def render(template_name, values):
    """`template_name` (under templates/rows/) rendered with `values`."""
    return Markup(environment().get_template(template_name).render(values))


def cite_marks(record, field=""):
    """The citation marks beside `record` (or its `field`):
    templates/rows/cite_marks.jinja."""
    macros = environment().get_template("cite_marks.jinja").module
    return macros.cite_marks(record, field or "")
