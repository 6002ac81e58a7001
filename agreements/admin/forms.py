"""Admin forms: checks across inline rows, and the concurrent-edit guard.

Each row's own rules are the models' named constraints, which the admin
forms already run. What a single row cannot see is checked here: two new
rows that clash with each other, and a colleague's save since the form was
opened.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from ..models import Citation, Participation, Person, Source
from ..models.sources import FACT_LABELS

# The form field holding the people in each role of an event.
ROLE_FIELDS = {role: f"people_{role}" for role in Participation.Role.values}


# The hidden field that carries the version a form was opened at.
OPENED = "opened_version"


class OpenedVersionField(forms.IntegerField):
    """The version of the record when the form was opened. It says how old
    the form is, not what to change: on its own it does not make a row
    count as changed (an inline row left as it is is not saved)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


def by_whom_and_when(record):
    """Who made a history record, and when, as the refusals say it:
    ' by alice at 03 December 2026, 17:06:02 UTC'."""
    if record is None:
        return " by someone else"
    who = record.history_user or "someone else"
    when = timezone.localtime(record.history_date)
    return f" by {who} at {when:%d %B %Y, %H:%M:%S %Z}"


class VersionedForm(forms.ModelForm):
    """Refuses a save when the record changed since the form was opened.

    The form carries the record's `version` (models/base.py, Versioned). On
    save the row is locked (SELECT … FOR UPDATE inside the admin's
    transaction), so of two editors saving at once the second waits, sees
    the new version and is refused. A stale form is refused when saving it
    would write something: when what it posts differs from the record as it
    now is (the colleague's change would be undone). The same form checks
    each row of an inline (VersionedFormSet), so a stale row of an
    agreement's page is refused on that row and nothing of the page is
    saved; a row whose record was deleted since is refused too.
    """

    opened_version = OpenedVersionField(required=False)
    # {pk: version} of every row of the formset, read at once
    # (VersionedFormSet); a form on its own reads its own row.
    current_versions = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[OPENED].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            self.refuse_if_deleted()
            return cleaned_data
        current = self.current_version()
        if current is None:
            raise ValidationError(
                self.deleted_message(self.instance.pk), code="deleted"
            )
        if cleaned_data.get(OPENED) != current and self.has_changed():
            raise ValidationError(self.conflict_message(), code="stale")
        return cleaned_data

    def current_version(self):
        if self.current_versions is not None:
            return self.current_versions.get(self.instance.pk)
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def refuse_if_deleted(self):
        """An inline row posted with the id of a record that no longer
        exists: Django says only "Select a valid choice" on the hidden id
        field, which the admin does not show; say what happened instead."""
        pk = self._meta.model._meta.pk
        if self.has_error(pk.name, code="invalid_choice"):
            del self._errors[pk.name]
            raise ValidationError(
                self.deleted_message(self.data.get(self.add_prefix(pk.name))),
                code="deleted",
            )

    def deleted_message(self, pk):
        model = self._meta.model
        try:
            pk = model._meta.pk.to_python(pk)
        except ValidationError:
            record = None
        else:
            record = (
                model.history.filter(**{model._meta.pk.attname: pk}, history_type="-")
                .select_related("history_user")
                .first()
            )
        return (
            f"This {model._meta.verbose_name} was deleted{by_whom_and_when(record)} "
            "since you opened it, and your changes were not saved. Reload the "
            "page to see what is there now."
        )

    def conflict_message(self):
        latest = self.instance.history.select_related("history_user").first()
        return (
            f"This {self.instance._meta.verbose_name} was changed"
            f"{by_whom_and_when(latest)} since you opened it, and your changes "
            "were not saved. Reload the page to see their change, then make "
            "yours again."
        )


class VersionedFormSet(BaseInlineFormSet):
    """Inline rows checked as on their record's own page (VersionedForm).

    The current version of every row is read, and on PostgreSQL locked, in
    one query in primary key order before the rows are checked. A row ticked
    for deletion that a colleague changed since is not deleted either.
    """

    def full_clean(self):
        if self.is_bound:
            versions = self.locked_versions()
            for form in self.initial_forms:
                form.current_versions = versions
        super().full_clean()

    def locked_versions(self):
        pks = [f.instance.pk for f in self.initial_forms if f.instance.pk is not None]
        rows = self.model._default_manager.filter(pk__in=pks).order_by("pk")
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return dict(rows.values_list("pk", "version"))

    def clean(self):
        super().clean()
        stale = [
            form
            for form in self.deleted_forms
            if form.has_error(NON_FIELD_ERRORS, code="stale")
        ]
        if stale:
            raise ValidationError(
                f"{len(stale)} of the {self.model._meta.verbose_name_plural} "
                "ticked for deletion changed since you opened the page (see "
                "the row), so nothing was deleted or saved."
            )


class RowsFormSet(VersionedFormSet):
    """An inline formset that knows which rows will be kept."""

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.is_valid()
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        # Our messages first: Django's own duplicate check says only
        # "Please correct the duplicate data".
        self.check_rows()
        super().clean()

    def check_rows(self):
        pass


class PartyFormSet(RowsFormSet):
    def check_rows(self):
        countries = [form.cleaned_data.get("country") for form in self.kept_forms()]
        countries = [country for country in countries if country]
        twice = sorted({c.name for c in countries if countries.count(c) > 1})
        if twice:
            raise ValidationError(
                f"{', '.join(twice)} is listed more than once: an agreement "
                "needs different parties."
            )
        if len(countries) < 2:
            raise ValidationError("An agreement needs at least two parties.")
        self.number_in_row_order()

    def number_in_row_order(self):
        """Parties keep the order entered: rows ranked by the position given
        and, where positions tie (every new row offers 0), by row order."""
        rows = [form for form in self.kept_forms() if form.cleaned_data.get("country")]
        ranked = sorted(
            enumerate(rows),
            key=lambda pair: (pair[1].cleaned_data.get("position") or 0, pair[0]),
        )
        for position, (_, form) in enumerate(ranked):
            form.cleaned_data["position"] = position
            form.instance.position = position


# The fields of a row that cites a source for one of its facts.
CITE_FIELDS = ("cite_source", "cite_field", "cite_quote")


class CitingRowForm(VersionedForm):
    """A row of the agreement page (a clause, pledge or event) that can cite
    a source for one of its facts without leaving the page: choose the
    source, the fact it supports and paste its words. Saving the row adds
    the citation (an existing one of the same source and fact gets the new
    quote); the record's own page lists and edits them all."""

    kind = None  # the citation target: "clause", "pledge" or "event"

    cite_source = forms.ModelChoiceField(
        queryset=Source.objects.all(), required=False, label="Cite a source"
    )
    cite_field = forms.ChoiceField(required=False, label="It supports")
    cite_quote = forms.CharField(
        required=False,
        label="Its words",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
        help_text="The source's words that state it, verbatim.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cite_field"].choices = list(FACT_LABELS[self.kind].items())

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("cite_quote") and not cleaned_data.get("cite_source"):
            self.add_error(
                "cite_source", "Choose the source these words are quoted from."
            )
        return cleaned_data

    def save(self, commit=True):
        record = super().save(commit=commit)
        if commit:
            self.after_save()
        else:
            save_m2m = self.save_m2m

            def save_m2m_and_after():
                save_m2m()
                self.after_save()

            self.save_m2m = save_m2m_and_after
        return record

    def after_save(self):
        source = self.cleaned_data.get("cite_source")
        if source is None:
            return
        citation, created = Citation.objects.get_or_create(
            source=source,
            field=self.cleaned_data.get("cite_field") or "",
            **{self.kind: self.instance},
            defaults={"quote": self.cleaned_data.get("cite_quote", "")},
        )
        quote = self.cleaned_data.get("cite_quote", "")
        if not created and quote and citation.quote != quote:
            citation.quote = quote
            citation.save()


class ClauseInlineForm(CitingRowForm):
    kind = "clause"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Left blank: after the last clause."


class PledgeInlineForm(CitingRowForm):
    kind = "pledge"


class ClauseFormSet(RowsFormSet):
    def check_rows(self):
        forms_ = self.kept_forms()
        numbers = [
            f.cleaned_data["number"] for f in forms_ if f.cleaned_data.get("number")
        ]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValidationError(
                f"Clause number {', '.join(twice)} is used twice; each clause "
                "of an agreement needs its own number."
            )
        positions = [f.cleaned_data.get("position") for f in forms_]
        taken = [p for p in positions if p is not None]
        clash = sorted({p for p in taken if taken.count(p) > 1})
        if clash:
            raise ValidationError(
                f"Two clauses cannot share position {', '.join(map(str, clash))}."
            )
        # Blank positions go after the last one, in the order of the rows.
        last = max(taken, default=0)
        for form in forms_:
            if form.cleaned_data.get("position") is None:
                last += 1
                form.cleaned_data["position"] = form.instance.position = last


def people_field(label):
    return forms.ModelMultipleChoiceField(
        queryset=Person.objects.all(), required=False, label=label
    )


class EventInlineForm(CitingRowForm):
    """An event with the people involved, one box per role, and a citation.

    The office each person held is copied from their record; correct it on
    the event's own page when it differed at the time.
    """

    kind = "event"

    people_signatory = people_field("Signatories")
    people_witness = people_field("Witnesses")
    people_negotiator = people_field("Negotiators")
    people_announcer = people_field("Announcers")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for participation in self.instance.participations.all():
                name = ROLE_FIELDS[participation.role]
                self.initial.setdefault(name, []).append(participation.person_id)

    def after_save(self):
        self.save_people()
        super().after_save()

    def save_people(self):
        event = self.instance
        for role, name in ROLE_FIELDS.items():
            chosen = set(self.cleaned_data.get(name) or [])
            current = event.participations.filter(role=role)
            for participation in current.exclude(person__in=chosen):
                participation.delete()  # one by one, so history records each
            present = set(current.values_list("person_id", flat=True))
            for person in chosen:
                if person.pk not in present:
                    Participation.objects.create(
                        event=event, person=person, role=role, office=person.office
                    )
