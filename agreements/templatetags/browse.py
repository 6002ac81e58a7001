"""Template helpers for the public pages: query strings, sortable column
headers, filter fields with facet counts, search highlighting and the
signings chart."""

import calendar
import datetime
from urllib.parse import urlencode

from django import forms, template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import evidence
from .. import rows as jinja_rows
from ..html import conditional_escape, escape
from ..search import highlight_pattern

register = template.Library()

# A huge query string is the visitor's own doing; stop copying it into links.
MAX_PARAMS = 40


class QueryString:
    """A request's query string, taken apart once: a page with hundreds of
    links (facet values, sort headers, pages) each a small change of it
    encodes only the parameter it changes."""

    def __init__(self, request):
        params = request.GET
        self.keys = [key for key in list(params)[:MAX_PARAMS] if key != "page"]
        self.encoded = {
            key: urlencode([(key, value) for value in params.getlist(key)])
            for key in self.keys
        }

    def changed(self, drop=(), **changes):
        """The query string with `drop` left out and `changes` applied (in
        place of the parameter they change, else at the end)."""
        parts = []
        for key in self.keys:
            if key in changes:
                parts.append(self._encode(key, changes[key]))
            elif key not in drop:
                parts.append(self.encoded[key])
        for key, value in changes.items():
            if key not in self.encoded:
                parts.append(self._encode(key, value))
        encoded = "&".join(part for part in parts if part)
        return f"?{encoded}" if encoded else "?"

    @staticmethod
    def _encode(key, value):
        if value in (None, "", []):
            return ""
        values = value if isinstance(value, list | tuple) else [value]
        return urlencode([(key, str(item)) for item in values])

    @classmethod
    def of(cls, request):
        """The request's QueryString, made once per request."""
        found = getattr(request, "_query_string", None)
        if found is None:
            found = request._query_string = cls(request)
        return found


def with_query(request, drop=(), **changes):
    """`request`'s query string without the page number and the `drop`ped
    parameters, with `changes` applied (None or "" removes a parameter, a
    list gives its values)."""
    return QueryString.of(request).changed(drop=("page", *drop), **changes)


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with `changes` (None removes a parameter);
    the page number is dropped unless given."""
    return with_query(context["request"], **changes)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string pointing at page `number`."""
    return with_query(context["request"], page=number if number != 1 else None)


@register.simple_tag(takes_context=True)
def sort_header(context, label, key, css_class=""):
    """A column header whose link sorts by `key`, then reverses on a second
    click; announces the current direction to screen readers."""
    current = context["request"].GET.get("sort", "")
    if current == key:
        next_key, state, arrow = f"-{key}", "ascending", " ▲"
    elif current == f"-{key}":
        next_key, state, arrow = key, "descending", " ▼"
    else:
        next_key, state, arrow = key, None, ""
    href = with_query(context["request"], sort=next_key)
    aria = format_html(' aria-sort="{}"', state) if state else ""
    css = format_html(' class="{}"', css_class) if css_class else ""
    return format_html(
        '<th scope="col"{}{}><a href="{}">{}'
        '<span aria-hidden="true">{}</span></a></th>',
        css,
        aria,
        href,
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def rows(context, template_name, **values):
    """What repeats per row of a list, rendered by Jinja2 from
    templates/rows/ (agreements/rows.py says why) with `values` and the
    request."""
    return jinja_rows.render(template_name, {"request": context["request"], **values})


@register.simple_tag
def cite_marks(record, field=""):
    """[1][2] beside a value, linking to its quotes (agreements/rows.py)."""
    return jinja_rows.cite_marks(record, field)


@register.filter
def highlight(text, search):
    """`text` HTML-escaped, with what `search` matched wrapped in <mark>."""
    text = "" if text is None else str(text)
    pattern = highlight_pattern(search) if search else None
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


@register.filter
def search_text(filterset):
    """The valid search text of a filterset, for highlighting."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return ""
    return filterset.form.cleaned_data.get("q") or ""


def _errors(field):
    if not field.errors:
        return ""
    return format_html(
        '<ul class="field-errors" id="{}-errors">{}</ul>',
        field.auto_id,
        format_html_join("", "<li>{}</li>", ((error,) for error in field.errors)),
    )


def _described(field):
    return {"aria-describedby": f"{field.auto_id}-errors"} if field.errors else {}


@register.filter
def field_label(record, field):
    """The human name of `record`'s field `field`: place_signed → place signed."""
    try:
        return str(record._meta.get_field(field).verbose_name)
    except (AttributeError, FieldDoesNotExist):  # e.g. a claim about a count
        return field.replace("_", " ")


@register.filter
def marks(record, field=None):
    """The record's citations to mark beside a value, one per source: those
    of `field`, or with no field given those of the record as a whole (on
    an agreement) or of any of its facts (on a clause, pledge, event)."""
    cited = getattr(record, "cited", None)
    if not cited:
        return []
    if field:
        chosen = [c for c in cited if c.field == field]
    elif record._meta.model_name == "agreement":
        chosen = [c for c in cited if not c.field]
    else:
        chosen = cited
    by_source = {}
    for citation in chosen:
        by_source.setdefault(citation.source_id, citation)
    return sorted(by_source.values(), key=lambda c: getattr(c, "source_number", 0))


@register.filter
def any_quoted(citations):
    return any(c.quote for c in citations)


@register.filter
def fact_kind(record):
    """The citation target name of a record: signingevent → event."""
    name = record._meta.model_name
    return "event" if name == "signingevent" else name


DERIVED_TITLE = " (title derived from the URL)"


@register.filter
def source_title(source):
    """The source's title, or "Title not recorded" and where it is from
    when the title was only made from its address."""
    if source.title.endswith(DERIVED_TITLE):
        where = source.publisher or source.url
        return f"Title not recorded ({where})"
    return source.title


@register.filter
def source_credit(source):
    """Title, publisher and date, as a reference list gives them, the
    publisher not repeated where the title is not recorded."""
    title = source_title(source)
    parts = [title]
    if source.publisher and source.publisher not in title:
        parts.append(source.publisher)
    if source.published_on:
        parts.append(f"{source.published_on:%-d %b %Y}")
    return ", ".join(parts)


@register.filter
def fact_heading(fact):
    """What a fact is, in plain words: "Agreement · Signed on"."""
    record = fact.record
    if fact.kind == "agreement":
        subject = evidence.KIND_NAMES["agreement"]
    elif fact.kind == "pledge":
        subject = f"Pledge {pledge_figure(record)} by {record.donor}"
    elif fact.kind == "participation":
        subject = f"{record.person} ({record.get_role_display().lower()})"
    elif fact.kind == "event":
        subject = f"{record.get_kind_display()} ({record.iso_date})"
    else:
        subject = str(record)
    return f"{subject} · {fact.label}"


@register.filter
def fact_value(fact):
    """The value a page shows for a fact: "17", "USD 12 billion", "witness"."""
    record, name = fact.record, fact.name
    if fact.kind == "pledge" and name in ("", "amount"):
        return pledge_figure(record)
    if fact.kind == "event" and name == "signatories":
        return "; ".join(
            f"{p.person} ({p.get_role_display().lower()})"
            for p in record.participation_list
        )
    display = getattr(record, f"get_{name}_display", None)
    value = display() if display else getattr(record, name, None)
    return "" if value in (None, "") else str(value)


@register.filter
def citation_url(citation):
    """Where the citation is shown with the fact it supports: its entry on
    the agreement's page (#citation-<id>); for a clause, the clause; for a
    pledge made outside an agreement, its row on its donor's page."""
    target = citation.target
    if target is None:
        return ""
    if citation.pledge_id:
        if not target.agreement_id:
            return f"{target.donor.get_absolute_url()}#pledge-{target.pk}"
        page = target.agreement.get_absolute_url()
    elif citation.participation_id:
        page = target.event.get_absolute_url()
    elif citation.clause_id:
        return target.get_absolute_url()  # the clause itself, with its text
    else:
        page = target.get_absolute_url()
    return f"{page.partition('#')[0]}#citation-{citation.pk}"


@register.filter
def citation_label(citation):
    """The fact a citation supports, in plain words ("Signed on"); "" for a
    citation of a record as a whole."""
    if not citation.field:
        return ""
    kind, _ = evidence.target_of(citation, evidence.KIND_NAMES)
    return evidence.fact_label(kind, citation.field)


@register.simple_tag
def facet_links(links, list_url):
    """The <li> of each FacetLink (facet_blocks.py): a facet can have
    hundreds of values, so they are written here rather than by an include
    per value."""
    return mark_safe(
        "".join(
            f"<li{SELECTED_ITEM if link.selected else ''}>"
            f'<a href="{conditional_escape(list_url)}{escape(link.url)}"'
            f"{SELECTED_LINK if link.selected else ''}>"
            f"{conditional_escape(link.label)}{SELECTED_MARK if link.selected else ''}"
            f'</a> <span class="facet-count">{escape(link.count)}</span></li>'
            for link in links
        )
    )  # every value above is escaped


SELECTED_ITEM = mark_safe(' class="selected"')
SELECTED_LINK = mark_safe(' aria-current="true" title="Remove this value"')
SELECTED_MARK = mark_safe(
    ' <span aria-hidden="true">×</span>'
    '<span class="visually-hidden"> (in use; remove)</span>'
)


@register.simple_tag
def filter_field(field):
    """One filter of the form: its label, control, facet suggestions and errors.
    Date ranges become two labelled date inputs (…_after, …_before)."""
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget):
        values = field.value() or ["", ""]
        inputs = []
        for suffix, value, label in zip(
            ("after", "before"), values, ("from", "to"), strict=False
        ):
            name = f"{field.html_name}_{suffix}"
            if isinstance(value, datetime.date):
                value = value.isoformat()
            inputs.append(
                format_html(
                    '<label for="id_{}">{}</label>'
                    '<input type="date" name="{}" id="id_{}" value="{}"{}>',
                    name,
                    label,
                    name,
                    name,
                    value or "",
                    format_html(' aria-describedby="{}-errors"', field.auto_id)
                    if field.errors
                    else "",
                )
            )
        return format_html(
            '<fieldset class="filter filter-range"><legend>{}</legend>'
            '<div class="range">{}</div>{}</fieldset>',
            field.label,
            mark_safe("".join(inputs)),
            _errors(field),
        )
    attrs = _described(field)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return format_html(
            '<fieldset class="filter filter-{} filter-choices"><legend>{}</legend>'
            "{}{}</fieldset>",
            field.name,
            field.label,
            field.as_widget(attrs=attrs),
            _errors(field),
        )
    datalist = ""
    facet_values = getattr(field.field, "facet_values", None)
    if facet_values:
        list_id = f"{field.auto_id}-values"
        attrs["list"] = list_id
        # Up to a hundred options: written as facet_links writes its links.
        options = "".join(
            f'<option value="{conditional_escape(f.value)}">'
            f"{conditional_escape(f.label)} ({escape(f.count)})</option>"
            for f in facet_values
        )
        datalist = format_html(
            '<datalist id="{}">{}</datalist>', list_id, mark_safe(options)
        )  # every value in `options` is escaped
    if field.name == "q":
        widget.input_type = "search"
    control = field.as_widget(attrs=attrs)
    return format_html(
        '<div class="filter filter-{}">{}{}{}{}</div>',
        field.name,
        field.label_tag(label_suffix=""),
        control,
        datalist,
        _errors(field),
    )


SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _amount(value):
    for size, word in SCALES:
        if value >= size:
            figure = f"{value / size:,.2f}".rstrip("0").rstrip(".")
            return f"{figure} {word}"
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


@register.filter
def money(value, currency=""):
    """4500000000 → "4.5 billion", with the currency code in front if given."""
    if value is None:
        return "—"
    return f"{currency} {_amount(value)}".strip()


@register.filter
def pledge_figure(pledge):
    """A pledge's figure as the source qualifies it: "at least EUR 3 billion
    per year" or "0.25% of GDP"."""
    if pledge.amount is not None:
        figure = money(pledge.amount, pledge.currency)
    else:
        figure = f"{pledge.gdp_share.normalize():f}% of GDP"
    if pledge.qualifier:
        figure = f"{pledge.get_qualifier_display().lower()} {figure}"
    if pledge.per_year:
        figure += " per year"
    return figure


def _rate_note(pledge):
    return (
        f"ECB reference rate of {pledge.eur_rate_date:%-d %B %Y}: EUR 1 = "
        f"{pledge.currency} {pledge.eur_rate.normalize():f}"
    )


@register.filter
def pledge_euros(pledge):
    """The pledge's euro equivalent beside its figure: "≈ EUR 4.2 billion"
    with the rate and its day on hover, and the derived yearly figure; or
    why there is none. Nothing for a pledge in euros with no period."""
    if pledge.amount is None:
        return mark_safe('<span class="eur">share of GDP, not converted</span>')
    if pledge.amount_eur is None:
        reason = pledge.why_no_euros()
        return format_html('<span class="eur">no EUR figure: {}</span>', reason)
    parts = []
    if pledge.currency != "EUR":
        parts.append(
            format_html(
                '<abbr class="eur" title="{}">≈ {}</abbr>',
                _rate_note(pledge),
                money(pledge.amount_eur, "EUR"),
            )
        )
    yearly = pledge.amount_eur_per_year
    if yearly is not None and not pledge.per_year and pledge.years > 1:
        parts.append(
            format_html(
                '<span class="eur" title="{}">≈ {} a year over {} years '
                "(derived)</span>",
                "The figure spread evenly over the years of its period.",
                money(yearly, "EUR"),
                pledge.years,
            )
        )
    return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))


@register.filter
def pledge_period(pledge):
    """ "2024", "2024–2028", or "since 2022" for an open-ended running total
    (it covers every year from its start, see PledgeQuerySet.covering)."""
    start, end = pledge.period_start_year, pledge.period_end_year
    if start and not end:
        return f"since {start}"
    if start and end and start != end:
        return f"{start}–{end}"
    return str(start or end or "—")


BAR_WIDTH = 14
GAP = 4
CHART_HEIGHT = 150
TOP = 22
BOTTOM = 36
LEFT = 8
RIGHT = 28  # room for the last year label


def _months(first, last):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@register.inclusion_tag("includes/_signings_chart.html")
def signings_chart(rows, list_url):
    """A bar per month from the first to the last signing, linking each bar
    to the agreements signed that month."""
    counts = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        counts[month.replace(day=1)] = row["count"]
    if not counts:
        return {"bars": []}
    months = list(_months(min(counts), max(counts)))
    peak = max(counts.values())
    bars = []
    for index, month in enumerate(months):
        count = counts.get(month, 0)
        height = round(CHART_HEIGHT * count / peak) if count else 0
        x = LEFT + index * (BAR_WIDTH + GAP)
        last_day = calendar.monthrange(month.year, month.month)[1]
        bars.append(
            {
                "month": month,
                "count": count,
                "x": x,
                "y": TOP + CHART_HEIGHT - height,
                "height": height,
                "label_x": x + BAR_WIDTH / 2,
                "year_tick": month.month == 1 or index == 0,
                "url": f"{list_url}?signed_after={month.isoformat()}"
                f"&signed_before={month.replace(day=last_day).isoformat()}",
            }
        )
    width = LEFT + len(months) * (BAR_WIDTH + GAP) + RIGHT
    return {
        "bars": bars,
        "width": width,
        "max_width": 2 * width,
        "height": TOP + CHART_HEIGHT + BOTTOM,
        "bar_width": BAR_WIDTH,
        "baseline": TOP + CHART_HEIGHT,
        "peak": peak,
    }
