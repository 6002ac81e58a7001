"""The agreement's "Import text" page: paste or upload the text, check the
clauses read from it, fix them, confirm. Nothing is written before the
confirmation, and the confirmation writes everything or nothing
(agreements/text_import.py).

The preview's rows can be corrected: a number, heading, parent or text
edited; "merge into the row above" ticked; a row split by putting a blank
line in its text (the part after it becomes a new row below, to be
numbered). "Check the rows again" applies merges and splits and compares
with the agreement's clauses; "Import" writes them.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .. import clause_parser, text_import, text_readers
from ..models import Agreement, Clause, Topic

NUMBER_MAX = Clause._meta.get_field("number").max_length
HEADING_MAX = Clause._meta.get_field("heading").max_length


class ImportTextForm(forms.Form):
    text = forms.CharField(
        required=False,
        label="Paste the text",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
    )
    upload = forms.FileField(
        required=False,
        label="or upload a file",
        help_text=f".txt, .html or .docx, at most {text_readers.MAX_LABEL}.",
    )
    as_paragraphs = forms.BooleanField(
        required=False,
        label="Import it as one clause per paragraph",
        help_text="For a text without numbering.",
    )
    title = forms.CharField(max_length=500, label="Source: title")
    publisher = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=1000, required=False, label="Address (URL)")
    published_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.RegexField(
        r"^[a-z]{2}$",
        initial="en",
        max_length=2,
        help_text="ISO 639-1, e.g. en.",
        error_messages={"invalid": "Two lower-case letters, e.g. en."},
    )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("upload")
        try:
            if upload:
                body = text_readers.read_upload(
                    upload.name, upload.read(text_readers.MAX_BYTES + 1)
                )
            else:
                body = text_readers.check_pasted(cleaned_data.get("text", ""))
        except text_readers.UnreadableText as error:
            raise forms.ValidationError(str(error)) from error
        if not body.strip():
            raise forms.ValidationError("The file holds no text.")
        parsed = clause_parser.parse(body)
        if cleaned_data.get("as_paragraphs"):
            parsed = clause_parser.one_per_paragraph(body)
        elif not parsed.structured:
            raise forms.ValidationError(
                "No numbering was recognised in this text (no Article 1, I., "
                "1. or (a)). Tick “Import it as one clause per paragraph” to "
                "import each paragraph as a clause ¶1, ¶2 …, or add the numbers."
            )
        cleaned_data["body"], cleaned_data["parsed"] = body, parsed
        return cleaned_data

    def source_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "publisher": data.get("publisher", ""),
            "url": data.get("url", ""),
            "published_on": data.get("published_on"),
            "language": data["language"],
            "text": data["body"],
        }


def topic_choices():
    return [(t.slug, t.name) for t in Topic.objects.order_by("name")]


class RowForm(forms.Form):
    number = forms.CharField(max_length=NUMBER_MAX)
    heading = forms.CharField(max_length=HEADING_MAX, required=False)
    parent = forms.CharField(max_length=NUMBER_MAX, required=False)
    text = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    topics = forms.MultipleChoiceField(
        required=False, widget=forms.SelectMultiple(attrs={"size": 3})
    )
    merge = forms.BooleanField(required=False, label="Merge into the row above")

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topics


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self):
        """clause_parser.Rows from the forms: merges and splits applied,
        positions in the order shown."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            text = data.get("text", "").replace("\r\n", "\n")
            pieces = [p.strip() for p in text.split("\n\n")] if text else [""]
            pieces = [p for p in pieces if p] or [""]
            if data.get("merge") and rows:
                rows[-1].text = " ".join(p for p in (rows[-1].text, *pieces) if p)
                continue
            row = clause_parser.Row(
                data["number"].strip(),
                heading=data.get("heading", "").strip(),
                text=pieces[0],
                parent=data.get("parent", "").strip() or None,
                topics=list(data.get("topics") or []),
            )
            rows.append(row)
            for n, piece in enumerate(pieces[1:], start=2):
                extra = clause_parser.Row(
                    f"{row.number} (split {n})"[:NUMBER_MAX],
                    text=piece,
                    parent=row.parent,
                    topics=list(row.topics),
                )
                extra.flags.append("split from the row above: give it its number")
                rows.append(extra)
        for position, row in enumerate(rows, start=1):
            row.position = position
        return rows


RowFormSet = forms.formset_factory(
    RowForm, formset=BaseRowFormSet, extra=0, max_num=5000, validate_max=True
)


def problems(rows):
    """What stops an import: repeated or missing numbers, unknown parents."""
    found, seen = [], set()
    for row in rows:
        if not row.number:
            found.append(f"Row {row.position} has no number.")
        elif row.number in seen:
            found.append(f"Number {row.number} is used more than once.")
        elif row.parent and row.parent not in seen:
            found.append(
                f"Row {row.number}: its parent {row.parent} is not a row above it."
            )
        if len(row.number) > NUMBER_MAX:
            found.append(f"Number {row.number[:60]} is over {NUMBER_MAX} characters.")
        seen.add(row.number)
    return found


def _topics(row, kept):
    """The row's topics as corrected, else the clause's, else suggested."""
    if row.topics is not None:
        return row.topics
    if row.number in kept:
        return kept[row.number]
    return text_import.suggest_topics(f"{row.heading} {row.text}")


def row_initial(rows, agreement):
    """Initial data of the preview's rows: topics kept for clauses the
    agreement has, suggested from the words for the others."""
    kept = {
        c.number: [t.slug for t in c.topics.all()]
        for c in agreement.clauses.prefetch_related("topics")
    }
    return [
        {
            "number": row.number,
            "heading": row.heading,
            "parent": row.parent or "",
            "text": row.text,
            "topics": _topics(row, kept),
        }
        for row in rows
    ]


def import_text_view(model_admin, request, object_id):
    """GET: the form. POST step "preview" (read the text), "recheck" (the
    rows as corrected) or "confirm" (write them)."""
    agreement = get_object_or_404(Agreement, pk=object_id)
    if not model_admin.has_change_permission(request, agreement):
        raise PermissionDenied
    kwargs = {"prefix": "rows", "form_kwargs": {"topics": topic_choices()}}
    form = ImportTextForm(request.POST or None, request.FILES or None)
    rows, rows_formset, blocking = None, None, []
    if request.method == "POST" and form.is_valid():
        step = request.POST.get("step", "preview")
        if step == "preview" or "rows-TOTAL_FORMS" not in request.POST:
            rows = form.cleaned_data["parsed"].rows
        else:
            rows_formset = RowFormSet(request.POST, **kwargs)
            if rows_formset.is_valid():
                rows = rows_formset.rows()
        if rows is not None:
            blocking = problems(rows)
            if step == "confirm" and not blocking:
                return _confirmed(request, agreement, form, rows)
            rows_formset = RowFormSet(initial=row_initial(rows, agreement), **kwargs)
    changes = text_import.compare(agreement, rows) if rows is not None else []
    shown = list(zip(rows_formset.forms, rows, changes, strict=False)) if rows else []
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Agreement._meta,
        "original": agreement,
        "title": f"Import the text of {agreement}",
        "form": form,
        "body": form.cleaned_data.get("body", "")
        if form.is_bound and form.is_valid()
        else "",
        "rows_formset": rows_formset,
        "shown": shown,
        "removed": [c for c in changes if c.kind == "removed"],
        "summary": text_import.summary(changes) if rows is not None else None,
        "problems": blocking,
    }
    return TemplateResponse(
        request, "admin/agreements/agreement/import_text.html", context
    )


def _confirmed(request, agreement, form, rows):
    source, done = text_import.apply(
        agreement,
        rows,
        form.source_fields(),
        {row.number: row.topics for row in rows},
    )
    counts = text_import.summary(done)
    messages.success(
        request,
        f"Imported the text as the source “{source.title}”: {counts['added']} "
        f"clauses added, {counts['changed']} changed, {counts['unchanged']} "
        f"unchanged, {counts['removed']} removed; each cites the source.",
    )
    return redirect("admin:agreements_agreement_change", agreement.pk)
