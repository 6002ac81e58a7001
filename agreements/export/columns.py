"""The columns of every CSV export: a header and the SQL that fills it.

The README ("CSV export") documents these columns; keep the two in step.
Lists inside a cell are joined with `|` (SEPARATOR). Column kinds:

- text: as stored, with the OWASP formula guard;
- number: integers and decimals as plain digits (amounts keep their two
  decimals), never guarded, so a negative number stays a number;
- date: ISO 8601 (YYYY-MM-DD), events at their precision (2024, 2024-09);
- flag: true or false;
- url: addresses built from slugs, absolute when a request is known.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, F, OuterRef, Value
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse

from ..models import (
    Citation,
    Clause,
    Country,
    Participation,
    Party,
)
from ..models.sources import CITATION_TARGETS
from .expressions import (
    Anchor,
    AsText,
    ByteOrder,
    Cat,
    Flag,
    Guarded,
    IsoDate,
    IsoDateTime,
    Joined,
    SitePaths,
)
from .json_cells import JsonArray, JsonDecimal, JsonFlag

TEXT, NUMBER, DATE, FLAG, URL = "text", "number", "date", "flag", "url"


@dataclass(frozen=True)
class Column:
    header: str
    value: object  # a field path or an ORM expression
    kind: str = TEXT
    # Where the database keeps the cell as JSON text already (a list as a
    # JSON array, migration 0014): that field's path (or an expression over
    # it), read by the API.
    json: object = None

    @property
    def is_list(self):
        return isinstance(self.value, ListOf) or self.json is not None

    @property
    def quoted(self):
        """Whether the cell is always written in quotes, by either database:
        text never needs a scan for characters that call for quotes, and
        numbers, dates and flags never have any."""
        return self.kind in (TEXT, URL)

    def expression(self):
        """The SQL for the cell; expressions other than text come formatted."""
        if isinstance(self.value, ListOf):
            return self.value.subquery()  # guards its own result
        if not isinstance(self.value, str):
            return Guarded(self.value) if self.kind == TEXT else self.value
        value = F(self.value)
        wrapper = {TEXT: Guarded, DATE: IsoDate, FLAG: Flag}.get(self.kind)
        return wrapper(value) if wrapper else value

    def json_value(self, model):
        """(expression, fragment) for the cell as a JSON value in a row of
        `model`: text and numbers as they are stored, dates as ISO strings,
        flags, decimals and lists as JSON text (`fragment`). No formula
        guard: JSON is not read by spreadsheets."""
        value = self.value
        if self.json:
            return (F(self.json) if isinstance(self.json, str) else self.json), True
        if isinstance(value, ListOf):
            return JsonArray(value.selected()), True
        if not isinstance(value, str):
            return value, False
        chain = field_chain(model, value)
        field = chain[-1] if chain else None
        if self.kind == FLAG:
            return JsonFlag(F(value)), True
        if self.kind == DATE:
            return IsoDate(F(value)), False
        if isinstance(field, models.DecimalField):
            return JsonDecimal(F(value), field.decimal_places), True
        return F(value), False


def field_chain(model, path):
    """The model fields along `path` (`agreement__slug`, `pk`) from `model`,
    or None where a name is not a field."""
    chain = []
    for name in path.split("__"):
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        chain.append(field)
        model = field.related_model
    return chain


def url_prefix(base_url, name, key="slug"):
    """The parts of a detail URL around its key, e.g. https://…/agreements/
    and /; `name` is a URL name, in the agreements namespace if it has none."""
    marker = "KEYMARKER"
    name = name if ":" in name else f"agreements:{name}"
    before, after = reverse(name, kwargs={key: marker}).split(marker)
    return base_url + before, after


def api_url(base_url, stem, key="slug"):
    """The row's JSON record, /api/<list>/<slug or id>/ (api/urls.py)."""
    before, after = url_prefix(base_url, f"api:{stem}-detail", "key")
    value = F(key) if key == "slug" else AsText(F(key))
    return Column("api_url", Cat(Value(before), value, Value(after)), URL)


def page_url(base_url, name, slug_path, suffix=()):
    """The URL of the detail page whose slug is at `slug_path`; blank if none
    (Cat is NULL when the slug is). Only plain field references, so that an
    export may read the slug from a table it has joined already."""
    before, after = url_prefix(base_url, name)
    return Cat(Value(before), F(slug_path), Value(after), *suffix)


@dataclass(frozen=True)
class ListOf:
    """Values of related rows, joined by `|` into one cell.

    The rows of `model` whose `key` equals the exported row's `outer` field,
    each giving `value`, in `ordering` (code-point order for text, so the
    cell does not depend on the database's collation).
    """

    model: type
    key: str
    outer: str
    value: object
    ordering: tuple = ()
    distinct: bool = False
    exclude: tuple = ()
    unique_order: bool = False  # `ordering` alone never ties: skip the pk

    @property
    def full_ordering(self):
        return self.ordering if self.unique_order else (*self.ordering, "pk")

    def order_keys(self):
        """The ordering as named values ({o0: term, …}): a distinct list
        selects its sort keys, as PostgreSQL requires of SELECT DISTINCT."""
        return {f"o{i}": term for i, term in enumerate(self.ordering)}

    def items(self):
        """The related rows of the exported row (refers to it by OuterRef)."""
        related = self.model.objects.filter(**{self.key: OuterRef(self.outer)})
        for lookup in self.exclude:
            related = related.exclude(**{lookup: ""})
        if self.distinct:
            keys = self.order_keys()
            related = related.annotate(v=self.value, **keys)
            return related.values("v", *keys).distinct().order_by(*keys)
        return related.annotate(v=self.value).order_by(*self.full_ordering)

    def selected(self):
        """items() selecting `v` (and a distinct list's sort keys)."""
        return self.items() if self.distinct else self.items().values("v")

    def subquery(self):
        return Joined(self.selected())


def party_list(outer, value):
    """Parties of the agreement, in the order the text names them."""
    return ListOf(
        Party,
        "agreement_id",
        outer,
        value,
        ("position", ByteOrder(F("country__name"))),
    )


def party_codes(outer):
    """The slugs and ISO codes of the agreement's parties, one column each."""
    return [
        Column("party_slugs", party_list(outer, F("country__slug"))),
        Column("party_iso_codes", party_list(outer, F("country__iso_code"))),
    ]


def source_address(base_url, prefix="source__"):
    """A source's web address or, for a document the site holds without
    one (the seed documents), its page here: /sources/<slug>/."""
    return models.Case(
        models.When(
            **{f"{prefix}url": ""},
            then=page_url(base_url, "source-detail", f"{prefix}slug"),
        ),
        default=F(f"{prefix}url"),
        output_field=models.CharField(),
    )


def citation_urls(key, base_url):
    """Distinct addresses of the sources citing the row (source_address):
    the site's own source pages first, then web addresses, each group in
    code-point order (the order of the site-relative values, which is the
    order PostgreSQL keeps in the clause cells, migration 0018)."""
    return ListOf(
        Citation,
        key,
        "pk",
        source_address(base_url),
        (ByteOrder(source_address("")),),
        distinct=True,
    )


def stored_citation_urls(base_url):
    """The clause's citation URLs as PostgreSQL keeps them on the row (0009,
    0014, 0018), with the site-relative pages made absolute."""
    if not base_url:
        return Column("citation_urls", "citation_urls", json="citation_urls_json")
    prefix, _ = url_prefix("", "source-detail")
    return Column(
        "citation_urls",
        SitePaths(F("citation_urls"), base_url, prefix),
        json=SitePaths(F("citation_urls_json"), base_url, prefix, json=True),
    )


def on_agreement_page(base_url, citations, *anchor):
    """The row's place on its agreement's page (`url`), and its sources
    (`citations`: a `citation_urls()` list, or a Column holding one)."""
    url = page_url(base_url, "agreement-detail", "agreement__slug", suffix=anchor)
    if not isinstance(citations, Column):
        citations = Column("citation_urls", citations)
    return [Column("url", url, URL), citations]


def agreement_columns(base_url, vendor=None):
    return [
        Column("id", "pk", NUMBER),
        Column("slug", "slug"),
        Column("title", "title"),
        Column("short_title", "short_title"),
        Column("kind", "kind"),
        Column("status", "status"),
        Column("ordinal", "ordinal", NUMBER),
        Column("signed_on", "signed_on", DATE),
        Column("in_force_on", "in_force_on", DATE),
        Column("term_years", "term_years", NUMBER),
        Column("expires_on", "expires_on", DATE),
        Column("termination_notice_months", "termination_notice_months", NUMBER),
        Column("place_signed", "place_signed"),
        Column("languages", "languages"),
        Column("prevailing_language", "prevailing_language"),
        Column("framework_slug", "framework__slug"),
        *party_codes("pk"),
        Column("party_names", party_list("pk", F("country__name"))),
        Column(
            "clause_count",
            Coalesce(
                models.Subquery(
                    Clause.objects.filter(agreement=OuterRef("pk"))
                    .order_by()
                    .values("agreement")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            NUMBER,
        ),
        Column("summary", "summary"),
        Column("url", page_url(base_url, "agreement-detail", "slug"), URL),
        Column("citation_urls", citation_urls("agreement_id", base_url)),
        api_url(base_url, "agreement"),
    ]


def country_columns(base_url, vendor=None):
    return [
        Column("id", "pk", NUMBER),
        Column("slug", "slug"),
        Column("name", "name"),
        Column("iso_code", "iso_code"),
        Column("kind", "kind"),
        Column(
            "groups",
            ListOf(
                Country.groups.through,
                "country_id",
                "pk",
                F("countrygroup__slug"),
                (ByteOrder(F("countrygroup__slug")),),
            ),
        ),
        Column("url", page_url(base_url, "country-detail", "slug"), URL),
        api_url(base_url, "country"),
    ]


def clause_columns(base_url, vendor=None):
    """On PostgreSQL (`vendor`), the topic list, the anchor and the citation
    URLs are read from the cells it keeps on each clause (migrations 0008,
    0009 and, for JSON, 0014), not computed."""
    if vendor == "postgresql":
        topics = Column("topics", "topic_slugs", json="topic_slugs_json")
        anchor = F("stored_anchor")
        citations = stored_citation_urls(base_url)
    else:
        topics = Column(
            "topics",
            ListOf(
                Clause.topics.through,
                "clause_id",
                "pk",
                F("topic__slug"),
                ("topic_id",),  # the vocabulary's own order
                unique_order=True,
            ),
        )
        anchor = Anchor(F("number"))
        citations = citation_urls("clause_id", base_url)
    return [
        Column("id", "pk", NUMBER),
        Column("agreement_id", "agreement_id", NUMBER),
        Column("agreement_slug", "agreement__slug"),
        Column("agreement_title", "agreement__title"),
        Column("agreement_signed_on", "agreement__signed_on", DATE),
        *party_codes("agreement_id"),
        Column("number", "number"),
        Column("parent_id", "parent_id", NUMBER),
        Column("position", "position", NUMBER),
        Column("heading", "heading"),
        topics,
        Column("text", "text"),
        *on_agreement_page(base_url, citations, Value("#"), anchor),
        api_url(base_url, "clause", "pk"),
    ]


def pledge_url(base_url):
    """The pledge's row on its agreement's page or, for a pledge made
    outside an agreement, on its donor's page (both list it as #pledge-<id>)."""
    anchor = (Value("#pledge-"), AsText(F("pk")))
    return Coalesce(
        page_url(base_url, "agreement-detail", "agreement__slug", suffix=anchor),
        page_url(base_url, "country-detail", "donor__slug", suffix=anchor),
    )


def pledge_columns(base_url, vendor=None):
    return [
        Column("id", "pk", NUMBER),
        Column("donor_slug", "donor__slug"),
        Column("donor_iso_code", "donor__iso_code"),
        Column("recipient_slug", "recipient__slug"),
        Column("recipient_iso_code", "recipient__iso_code"),
        Column("agreement_slug", "agreement__slug"),
        Column("amount", "amount", NUMBER),
        Column("currency", "currency"),
        Column("amount_eur", "amount_eur", NUMBER),
        Column("eur_rate", "eur_rate", NUMBER),
        Column("eur_rate_date", "eur_rate_date", DATE),
        Column("amount_eur_per_year", "amount_eur_per_year", NUMBER),
        Column("gdp_share_percent", "gdp_share", NUMBER),
        Column("qualifier", "qualifier"),
        Column("per_year", "per_year", FLAG),
        Column("period_start_year", "period_start_year", NUMBER),
        Column("period_end_year", "period_end_year", NUMBER),
        Column("category", "category"),
        Column("kind", "kind"),
        Column("description", "description"),
        Column("url", pledge_url(base_url), URL),
        Column("citation_urls", citation_urls("pledge_id", base_url)),
        api_url(base_url, "pledge", "pk"),
    ]


def event_date():
    """The event's date at its precision: 2024, 2024-09 or 2024-09-09."""
    iso = IsoDate(F("occurred_on"))
    return models.Case(
        models.When(date_precision="year", then=Substr(iso, 1, 4)),
        models.When(date_precision="month", then=Substr(iso, 1, 7)),
        default=iso,
        output_field=models.CharField(),
    )


def participation_list(value):
    """People of the event, by role and name."""
    return ListOf(
        Participation, "event_id", "pk", value, ("role", ByteOrder(F("person__name")))
    )


def event_columns(base_url, vendor=None):
    return [
        Column("id", "pk", NUMBER),
        Column("agreement_slug", "agreement__slug"),
        Column("agreement_title", "agreement__title"),
        Column("kind", "kind"),
        Column("date", event_date(), DATE),
        Column("date_precision", "date_precision"),
        Column("place", "place"),
        Column("occasion", "occasion"),
        Column("description", "description"),
        Column("people", participation_list(F("person__name"))),
        Column("people_native_names", participation_list(F("person__native_name"))),
        Column("roles", participation_list(F("role"))),
        *on_agreement_page(
            base_url,
            citation_urls("event_id", base_url),
            Value("#event-"),
            AsText(F("pk")),
        ),
        api_url(base_url, "event", "pk"),
    ]


def source_columns(base_url, vendor=None):
    return [
        Column("id", "pk", NUMBER),
        Column("slug", "slug"),
        Column("title", "title"),
        Column("publisher", "publisher"),
        Column("author", "author"),
        Column("document_url", "url"),
        Column("language", "language"),
        Column("published_on", "published_on", DATE),
        Column("is_damaged", "is_damaged", FLAG),
        Column("damage_note", "damage_note"),
        Column("url", page_url(base_url, "source-detail", "slug"), URL),
        api_url(base_url, "source"),
    ]


def citation_columns(base_url, vendor=None):
    """A citation: the fact it supports (one of the five targets, by id, and
    the field), the claim where sources differ, its source and the quote."""
    return [
        Column("id", "pk", NUMBER),
        *[
            Column(f"{target}_id", f"{target}_id", NUMBER)
            for target in CITATION_TARGETS
        ],
        Column("field", "field"),
        Column("claim", "claim"),
        Column("quote", "quote"),
        Column("note", "note"),
        Column("source_slug", "source__slug"),
        Column("source_title", "source__title"),
        Column("source_document_url", "source__url"),
        Column("source_url", page_url(base_url, "source-detail", "source__slug"), URL),
    ]


def generic_columns(model):
    """Every concrete field of `model`, for tables without their own spec."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.name == "version":
            continue  # the record's edit counter (models/base.py), not data
        if field.is_relation or isinstance(
            field, models.AutoField | models.IntegerField | models.DecimalField
        ):
            columns.append(Column(field.attname, field.attname, NUMBER))
        elif isinstance(field, models.DateTimeField):
            columns.append(Column(field.name, IsoDateTime(F(field.name)), DATE))
        elif isinstance(field, models.DateField):
            columns.append(Column(field.name, field.name, DATE))
        elif isinstance(field, models.BooleanField):
            columns.append(Column(field.name, field.name, FLAG))
        elif isinstance(field, models.CharField | models.TextField):
            columns.append(Column(field.name, field.name))
        else:
            columns.append(Column(field.name, AsText(F(field.name))))
    return columns


def columns_for(model, base_url="", vendor=None):
    """The export columns of `model`: its list's (lists.py), or every field.
    URLs start with `base_url`; on PostgreSQL (`vendor`), cells the database
    keeps on the row are read."""
    from ..lists import BY_MODEL

    listing = BY_MODEL.get(model)
    if listing is not None:
        return listing.columns(base_url, vendor)
    if model is Citation:
        return citation_columns(base_url)
    return generic_columns(model)
