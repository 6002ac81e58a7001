"""The agreement form: one page to enter a pact with everything in it."""

import copy

from django.contrib import admin
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.db import models
from django.forms import Textarea
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ..models import Agreement, Citation, Clause, Party, Person, Pledge, SigningEvent
from ..models.sources import FACT_LABELS
from .base import KIND_OF, CitationInline, TrackerAdmin, VersionedInline
from .forms import (
    CITE_FIELDS,
    ROLE_FIELDS,
    ClauseFormSet,
    ClauseInlineForm,
    EventInlineForm,
    PartyFormSet,
    PledgeInlineForm,
)
from .provisions import AgreementCodingInline
from .text_import import import_text_view

SMALL_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 50})}}


class PartyInline(VersionedInline, admin.TabularInline):
    model = Party
    formset = PartyFormSet
    fields = ["country", "position"]
    autocomplete_fields = ["country"]
    min_num = 2
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


def with_widget(formset, name, widget):
    """Gives the formset's form field `name` (a declared, non-model field,
    absent for readers) the admin's `widget`, on a copy of the field."""
    if name in formset.form.base_fields:
        field = copy.deepcopy(formset.form.base_fields[name])
        field.widget = widget
        formset.form.base_fields[name] = field


class CitingInline:
    """Rows that cite a source for one of their facts on the agreement's
    page (forms.CitingRowForm): the source box searches as you type, and
    each row lists the citations it has, each a link to edit it."""

    def get_fields(self, request, obj=None):
        fields = [*super().get_fields(request, obj)]
        if not self.has_change_permission(request, obj):
            fields = [f for f in fields if f != CITE_FIELDS and f not in CITE_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "evidence"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations__source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        source = Citation._meta.get_field("source")
        with_widget(formset, "cite_source", AutocompleteSelect(source, self.admin_site))
        return formset

    @admin.display(description="Cited")
    def evidence(self, record):
        labels = FACT_LABELS[KIND_OF[record._meta.model_name]]
        citations = list(record.citations.all()) if record.pk else []
        if not citations:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:agreements_citation_change", args=[c.pk]),
                    c.source.title[:40],
                    labels.get(c.field, c.field).lower(),
                )
                for c in citations
            ),
        )


class ClauseInline(CitingInline, VersionedInline, admin.TabularInline):
    model = Clause
    form = ClauseInlineForm
    formset = ClauseFormSet
    fields = [
        "position",
        "number",
        "heading",
        "text",
        "topics",
        *CITE_FIELDS,
        "evidence",
    ]
    autocomplete_fields = ["topics"]
    formfield_overrides = SMALL_TEXT
    extra = 0
    show_change_link = True  # the parent clause is set on its own page

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agreement")
            .prefetch_related("topics")
        )


class PledgeInline(CitingInline, VersionedInline, admin.TabularInline):
    model = Pledge
    form = PledgeInlineForm
    fields = [
        "donor",
        "recipient",
        "amount",
        "currency",
        "gdp_share",
        "qualifier",
        "per_year",
        "period_start_year",
        "period_end_year",
        "category",
        "kind",
        *CITE_FIELDS,
        "evidence",
    ]
    autocomplete_fields = ["donor", "recipient"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("donor", "recipient")


class EventInline(CitingInline, VersionedInline, admin.StackedInline):
    model = SigningEvent
    form = EventInlineForm
    fields = [
        ("kind", "occurred_on", "date_precision"),
        ("place", "occasion"),
        *ROLE_FIELDS.values(),
        "description",
        CITE_FIELDS,
        "evidence",
    ]
    formfield_overrides = SMALL_TEXT
    extra = 0
    show_change_link = True  # offices held and the event's citations

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agreement")
            .prefetch_related("participations__person")
        )

    def get_formset(self, request, obj=None, **kwargs):
        """Give each people box the admin's search-as-you-type and "+" button."""
        formset = super().get_formset(request, obj, **kwargs)
        people = SigningEvent._meta.get_field("people")
        can_add = self.admin_site._registry[Person].has_add_permission(request)
        for name in ROLE_FIELDS.values():
            widget = RelatedFieldWidgetWrapper(
                AutocompleteSelectMultiple(people, self.admin_site),
                people.remote_field,
                self.admin_site,
                can_add_related=can_add,
            )
            with_widget(formset, name, widget)
        return formset


def _people_in(role):
    """Read-only display of the people in `role` (for Viewers)."""

    def people(self, event):
        names = [p.person.name for p in event.participations.all() if p.role == role]
        return ", ".join(names) or "—"

    return people


for _role, _name in ROLE_FIELDS.items():
    setattr(EventInline, _name, _people_in(_role))


@admin.register(Agreement)
class AgreementAdmin(TrackerAdmin):
    list_display = [
        "__str__",
        "party_names",
        "kind",
        "status",
        "signed_on",
        "in_force_on",
        "clause_count",
        "updated_at",
    ]
    list_filter = ["status", "kind", "parties__groups", "parties"]
    search_fields = ["title", "short_title", "slug", "parties__name"]
    date_hierarchy = "signed_on"
    # The slug is proposed as ukraine-<partner>-<signed date> by
    # static/js/admin_slug.js (Django's own prepopulation would drop the en
    # dash of a short title and know nothing of the date).
    autocomplete_fields = ["framework", "related"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = SMALL_TEXT
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    ("short_title", "slug"),
                    ("kind", "status", "ordinal"),
                    "framework",
                    "summary",
                ]
            },
        ),
        (
            "Dates and term",
            {
                "fields": [
                    ("signed_on", "in_force_on"),
                    ("term_years", "expires_on"),
                    "termination_notice_months",
                ]
            },
        ),
        ("Text", {"fields": ["place_signed", ("languages", "prevailing_language")]}),
        (
            "Related agreements and record",
            {
                "classes": ["collapse"],
                "fields": ["related", "created_at", "updated_at"],
            },
        ),
    ]
    inlines = [
        PartyInline,
        ClauseInline,
        PledgeInline,
        EventInline,
        AgreementCodingInline,
        CitationInline,
    ]

    def get_urls(self):
        """Adds <id>/import-text/ (agreements/admin/text_import.py)."""
        view = self.admin_site.admin_view(self.import_text)
        return [
            path(
                "<path:object_id>/import-text/",
                view,
                name="agreements_agreement_import_text",
            ),
            *super().get_urls(),
        ]

    def import_text(self, request, object_id):
        return import_text_view(self, request, object_id)

    class Media:
        js = ["js/admin_slug.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.display(description="Parties")
    def party_names(self, obj):
        return ", ".join(country.name for country in obj.party_list)

    @admin.display(description="Clauses", ordering="clause_count")
    def clause_count(self, obj):
        return obj.clause_count
