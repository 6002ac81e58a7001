"""Coding provisions: inline on an agreement's page (every provision of one
agreement) and on a provision's page (one provision down every agreement,
for a coder working a column). Each row carries its citation: a coding is
saved only with a source (and the quote that states it) or with one
already cited; the citation is an ordinary Citation of the agreement whose
field is `provision:<slug>`."""

from django import forms
from django.contrib import admin

from ..models import Citation, Coding, Provision, Source
from .base import TrackerAdmin, VersionedInline
from .forms import VersionedForm

CODING_FIELDS = [
    "status",
    "flag",
    "number",
    "amount",
    "currency",
    "text",
    "condition",
    "clauses",
]


class CodingForm(VersionedForm):
    """A coding and, in the same row, the citation that states it."""

    source = forms.ModelChoiceField(
        Source.objects.order_by("title"),
        required=False,
        help_text="The source that states the value (needed for a new coding).",
    )
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text="Its words that state it, verbatim (a sentence or less).",
    )
    claim = forms.CharField(
        required=False,
        max_length=300,
        help_text="Where sources differ: the value this source gives.",
    )

    class Meta:
        model = Coding
        fields = ["agreement", "provision", *CODING_FIELDS]

    def already_cited(self):
        coding = self.instance
        if coding.agreement_id is None or coding.provision_id is None:
            return False
        return Citation.objects.filter(
            agreement_id=coding.agreement_id,
            field=coding.provision.citation_field,
        ).exists()

    def clean(self):
        cleaned_data = super().clean()
        if self.errors or not self.has_changed():
            return cleaned_data
        if cleaned_data.get("source") is None and not self.already_cited():
            self.add_error(
                "source",
                "A coding needs its evidence: choose the source that states this "
                "value (and give its words as the quote).",
            )
        if cleaned_data.get("quote") and cleaned_data.get("source") is None:
            self.add_error("source", "Name the source the quote is from.")
        return cleaned_data

    def save(self, commit=True):
        coding = super().save(commit=commit)
        source = self.cleaned_data.get("source")
        if commit and source is not None:
            citation, _ = Citation.objects.get_or_create(
                source=source,
                agreement=coding.agreement,
                field=coding.provision.citation_field,
                quote=self.cleaned_data.get("quote", ""),
                defaults={"claim": self.cleaned_data.get("claim", "")},
            )
            citation.full_clean()
        return coding


class AgreementCodingInline(VersionedInline, admin.TabularInline):
    """Every provision coded for this agreement."""

    model = Coding
    form = CodingForm
    fields = ["provision", *CODING_FIELDS, "source", "quote", "claim"]
    extra = 0
    verbose_name = "provision coded"
    verbose_name_plural = "Provisions coded (a row needs a source and its quote)"
    classes = ["codings"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("provision", "agreement")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Only the agreement's own clauses can be linked."""
        if db_field.name == "clauses":
            agreement = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(
                agreement_id=agreement
            ).select_related("agreement")  # each option's label names it
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProvisionCodingInline(VersionedInline, admin.TabularInline):
    """One provision down every agreement coded for it."""

    model = Coding
    form = CodingForm
    fields = ["agreement", *[f for f in CODING_FIELDS if f != "clauses"]]
    fields += ["source", "quote", "claim"]
    autocomplete_fields = ["agreement"]
    extra = 0
    verbose_name = "agreement coded"
    verbose_name_plural = "Agreements coded (a row needs a source and its quote)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("provision", "agreement")


@admin.register(Provision)
class ProvisionAdmin(TrackerAdmin):
    list_display = ["name", "slug", "value_kind", "unit", "position", "coded"]
    search_fields = ["name", "slug", "question"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProvisionCodingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_coded()

    @admin.display(description="Agreements coded", ordering="coded_count")
    def coded(self, provision):
        return provision.coded_count


@admin.register(Coding)
class CodingAdmin(TrackerAdmin):
    form = CodingForm
    list_display = ["agreement", "provision", "status", "flag", "number", "text"]
    list_filter = ["provision", "status"]
    search_fields = ["agreement__title", "provision__name", "text", "condition"]
    autocomplete_fields = ["agreement", "provision"]
    fields = ["agreement", "provision", *CODING_FIELDS, "note"]
    fields += ["source", "quote", "claim"]
