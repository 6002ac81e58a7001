"""What every admin of the tracker shares."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from ..models import Citation, Provision
from ..models.sources import CITATION_TARGETS, FACT_LABELS
from .forms import OPENED, VersionedForm, VersionedFormSet

# The kind of record each admin page's citations cite.
KIND_OF = {
    "agreement": "agreement",
    "clause": "clause",
    "pledge": "pledge",
    "signingevent": "event",
    "participation": "participation",
}


def field_choices(kind):
    """The facts a citation of a `kind` record can support, in plain words;
    an agreement's coded provisions too."""
    choices = [(name, label) for name, label in FACT_LABELS[kind].items()]
    if kind == "agreement":
        choices += [
            (p.citation_field, f"Provision: {p.name}") for p in Provision.objects.all()
        ]
    return choices


def all_field_choices():
    """Every kind's facts, grouped by kind (the citation's own page)."""
    return [(kind.capitalize(), field_choices(kind)) for kind in FACT_LABELS]


class GuardsStaleSaves:
    """A change page or inline whose forms carry the version of the record
    they were opened at (forms.VersionedForm): a save over a colleague's
    newer one is refused. Readers, who cannot save, are not sent it."""

    form = VersionedForm

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != OPENED]
        if self.has_change_permission(request, obj):
            fields.append(OPENED)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets and self.has_change_permission(request, obj):
            # Declared fieldsets do not ask get_fields(): the first holds it.
            (name, options), *others = fieldsets
            fields = [*options["fields"], OPENED]
            fieldsets = [(name, {**options, "fields": fields}), *others]
        return fieldsets


class VersionedInline(GuardsStaleSaves):
    """An inline whose every row is checked as on its own page."""

    formset = VersionedFormSet


class TrackerAdmin(GuardsStaleSaves, SimpleHistoryAdmin):
    """History per object (who, when, what changed), a CSV export action and
    the stale-save guard."""

    actions = ["export_csv"]
    list_per_page = 50

    @admin.action(description="Export selected as CSV")
    def export_csv(self, request, queryset):
        from .. import export  # the one CSV writer; imported late on purpose

        name = self.model._meta.verbose_name_plural.replace(" ", "-")
        response = export.csv_response(queryset, f"{name}.csv", request=request)
        response["Cache-Control"] = "private, no-store"  # behind the login
        return response

    def revert_disabled(self, request, obj=None):
        """History is for reading: a revert would skip the inlines' checks
        and the concurrent-edit guard, so editors change the record instead."""
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class CitationInline(VersionedInline, admin.TabularInline):
    """The sources behind the record, each with its supporting quote."""

    model = Citation
    fields = ["source", "field", "claim", "quote", "note"]
    autocomplete_fields = ["source"]
    extra = 0
    classes = ["citations"]

    def get_queryset(self, request):
        # The row's title names the source and the record it supports.
        return super().get_queryset(request).select_related("source", *CITATION_TARGETS)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The field is a choice of the facts of the record cited."""
        if db_field.name == "field":
            kind = KIND_OF[self.parent_model._meta.model_name]
            return forms.ChoiceField(
                choices=field_choices(kind),
                required=False,
                label="Supports",
                help_text="The fact this source states (or the record as a whole).",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
