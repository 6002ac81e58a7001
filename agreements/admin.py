"""Admin registrations: every model, with list columns and search."""

from django.contrib import admin

from .models import (
    Agreement,
    Citation,
    Clause,
    Country,
    CountryGroup,
    Participation,
    Party,
    Person,
    Pledge,
    SigningEvent,
    Source,
    Topic,
)


@admin.register(CountryGroup)
class CountryGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "kind"]
    list_filter = ["kind", "groups"]
    search_fields = ["name", "iso_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["groups"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "country"]
    list_select_related = ["country"]
    list_filter = ["country"]
    search_fields = ["name", "native_name", "office"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "language", "published_on", "is_damaged"]
    list_filter = ["language", "is_damaged", "publisher"]
    search_fields = ["title", "publisher", "url", "text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "signed_on", "clause_count"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "short_title", "parties__name"]
    prepopulated_fields = {"slug": ["short_title"]}
    date_hierarchy = "signed_on"
    inlines = [PartyInline]
    autocomplete_fields = ["framework"]
    filter_horizontal = ["related"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.display(description="Clauses", ordering="clause_count")
    def clause_count(self, obj):
        return obj.clause_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ["number", "heading", "agreement", "position"]
    list_select_related = ["agreement"]
    list_filter = ["topics"]
    search_fields = ["number", "heading", "text"]
    autocomplete_fields = ["agreement", "parent"]
    filter_horizontal = ["topics"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["donor", "recipient", "amount", "currency", "gdp_share", "category"]
    list_select_related = ["donor", "recipient"]
    list_filter = ["category", "kind", "currency"]
    search_fields = ["donor__name", "recipient__name", "description"]
    autocomplete_fields = ["donor", "recipient", "agreement"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(SigningEvent)
class SigningEventAdmin(admin.ModelAdmin):
    list_display = ["agreement", "kind", "occurred_on", "date_precision", "place"]
    list_select_related = ["agreement"]
    list_filter = ["kind", "date_precision"]
    search_fields = ["agreement__title", "place", "occasion"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["agreement"]
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "office", "event"]
    list_select_related = ["person", "event__agreement"]
    list_filter = ["role"]
    search_fields = ["person__name", "office"]
    autocomplete_fields = ["person", "event"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["source", "field", "claim", "short_quote"]
    list_select_related = ["source"]
    list_filter = ["field"]
    search_fields = ["quote", "claim", "source__title"]
    autocomplete_fields = [
        "source",
        "agreement",
        "clause",
        "pledge",
        "event",
        "participation",
    ]

    @admin.display(description="Quote")
    def short_quote(self, obj):
        return obj.quote[:80]
