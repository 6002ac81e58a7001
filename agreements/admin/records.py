"""Admins for everything besides the agreement form."""

from django import forms
from django.contrib import admin

from ..models import (
    Citation,
    Clause,
    Country,
    CountryGroup,
    Participation,
    Person,
    Pledge,
    SigningEvent,
    Source,
    Topic,
)
from ..models.sources import CITATION_TARGETS
from .agreements import SMALL_TEXT
from .base import CitationInline, TrackerAdmin, VersionedInline, all_field_choices


@admin.register(CountryGroup)
class CountryGroupAdmin(TrackerAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(TrackerAdmin):
    list_display = ["name", "iso_code", "kind", "member_of"]
    list_filter = ["kind", "groups"]
    search_fields = ["name", "iso_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Member of")
    def member_of(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


@admin.register(Person)
class PersonAdmin(TrackerAdmin):
    list_display = ["name", "native_name", "office", "country"]
    list_select_related = ["country"]
    list_filter = [("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "native_name", "office"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]


@admin.register(Source)
class SourceAdmin(TrackerAdmin):
    list_display = [
        "title",
        "publisher",
        "language",
        "published_on",
        "is_damaged",
        "updated_at",
    ]
    list_filter = ["language", "is_damaged", "publisher"]
    search_fields = ["title", "publisher", "author", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Topic)
class TopicAdmin(TrackerAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Clause)
class ClauseAdmin(TrackerAdmin):
    list_display = ["number", "heading", "agreement", "position", "topic_names"]
    list_select_related = ["agreement"]
    list_filter = ["topics", ("agreement", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "heading", "text", "agreement__title"]
    autocomplete_fields = ["agreement", "parent", "topics"]
    inlines = [CitationInline]
    formfield_overrides = SMALL_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="Topics")
    def topic_names(self, obj):
        return ", ".join(topic.name for topic in obj.topics.all())


@admin.register(Pledge)
class PledgeAdmin(TrackerAdmin):
    list_display = [
        "donor",
        "recipient",
        "figure",
        "category",
        "kind",
        "period_start_year",
        "agreement",
    ]
    list_select_related = ["donor", "recipient", "agreement"]
    list_filter = ["category", "kind", "currency", "per_year"]
    search_fields = ["donor__name", "recipient__name", "description"]
    autocomplete_fields = ["donor", "recipient", "agreement"]
    inlines = [CitationInline]

    @admin.display(description="Figure")
    def figure(self, obj):
        qualifier = obj.get_qualifier_display() if obj.qualifier else ""
        if obj.amount is not None:
            value = f"{obj.currency} {obj.amount:,.0f}"
        else:
            value = f"{obj.gdp_share.normalize()}% of GDP"
        return f"{qualifier} {value}".strip() + (" a year" if obj.per_year else "")


class ParticipationInline(VersionedInline, admin.TabularInline):
    model = Participation
    fields = ["person", "role", "office"]
    autocomplete_fields = ["person"]
    extra = 0
    show_change_link = True  # citations for the person's part


@admin.register(SigningEvent)
class SigningEventAdmin(TrackerAdmin):
    list_display = ["agreement", "kind", "date_label", "place", "people_names"]
    list_select_related = ["agreement"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["agreement__title", "place", "occasion"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["agreement"]
    inlines = [ParticipationInline, CitationInline]
    formfield_overrides = SMALL_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participations__person")

    @admin.display(description="Date", ordering="occurred_on")
    def date_label(self, obj):
        return obj.date_label

    @admin.display(description="People")
    def people_names(self, obj):
        return ", ".join(p.person.name for p in obj.participations.all())


@admin.register(Participation)
class ParticipationAdmin(TrackerAdmin):
    list_display = ["person", "role", "office", "event"]
    list_select_related = ["person", "event__agreement"]
    list_filter = ["role"]
    search_fields = ["person__name", "office", "event__agreement__title"]
    autocomplete_fields = ["person", "event"]
    inlines = [CitationInline]


class CitesFilter(admin.SimpleListFilter):
    title = "cites"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [(name, name.capitalize()) for name in CITATION_TARGETS]

    def queryset(self, request, queryset):
        if self.value() in CITATION_TARGETS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Citation)
class CitationAdmin(TrackerAdmin):
    list_display = ["source", "target", "field", "claim", "short_quote"]
    list_select_related = [
        "source",
        "agreement",
        "clause__agreement",
        "pledge__donor",
        "pledge__recipient",
        "event__agreement",
        "participation__person",
        "participation__event__agreement",
    ]
    list_filter = [CitesFilter, "field"]
    search_fields = ["quote", "claim", "source__title"]
    autocomplete_fields = ["source", *CITATION_TARGETS]
    formfield_overrides = SMALL_TEXT

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The field is a choice of facts, grouped by the kind of record; the
        database refuses one that the record cited does not have."""
        if db_field.name == "field":
            return forms.ChoiceField(
                choices=all_field_choices(),
                required=False,
                label="Supports",
                help_text="The fact this source states, of the kind of record "
                "it cites (or the record as a whole).",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Supports")
    def target(self, obj):
        return obj.target

    @admin.display(description="Quote")
    def short_quote(self, obj):
        return obj.quote[:80]
