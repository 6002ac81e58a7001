"""The agreement's "Import text" page: paste or upload, preview, fix,
confirm; re-import in place; the text kept as a cited Source; bad input
refused with a message and nothing written."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from agreements import text_readers
from agreements.models import Citation, Clause, Source
from agreements.seed import accord
from agreements.text_import import suggest_topics
from tests.factories import make_agreement, make_clause, make_staff

pytestmark = pytest.mark.django_db

TEXT = (
    "Agreement on Security Cooperation\n\n"
    "I. Purpose\n\n"
    "The Parties will cooperate on security.\n\n"
    "II. Sanctions\n\n"
    "(1) Sanctions against the aggressor;\n\n"
    "(2) Cybersecurity cooperation."
)
SOURCE = {
    "title": "Agreement text (press office)",
    "publisher": "Press office",
    "url": "https://example.org/text",
    "published_on": "2024-06-13",
    "language": "en",
}


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Editors", username="erin"))
    return client


def url(agreement):
    return reverse("admin:agreements_agreement_import_text", args=[agreement.pk])


def rows_of(response):
    """The preview's rows as the page would post them back."""
    formset = response.context["rows_formset"]
    data = {
        "rows-TOTAL_FORMS": formset.total_form_count(),
        "rows-INITIAL_FORMS": 0,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 5000,
    }
    for form in formset.forms:
        for name in ("number", "heading", "parent", "text"):
            data[form.add_prefix(name)] = form.initial.get(name, "")
        data[form.add_prefix("topics")] = form.initial.get("topics", [])
    return data


def preview(editor, agreement, text=TEXT, **extra):
    return editor.post(
        url(agreement), {"step": "preview", "text": text, **SOURCE, **extra}
    )


def confirm(editor, agreement, response, **changes):
    data = {"step": "confirm", "text": response.context["body"], **SOURCE}
    data.update(rows_of(response))
    data.update(changes)
    return editor.post(url(agreement), data)


def test_the_preview_shows_the_clauses_and_writes_nothing(editor):
    agreement = make_agreement()
    sources = Source.objects.count()
    response = preview(editor, agreement)
    assert response.status_code == 200
    shown = [
        (row.number, row.parent, row.heading) for _, row, _ in response.context["shown"]
    ]
    assert shown == [
        ("I", None, "Purpose"),
        ("I ¶1", "I", ""),
        ("II", None, "Sanctions"),
        ("II.(1)", "II", ""),
        ("II.(2)", "II", ""),
    ]
    assert response.context["summary"]["added"] == 5
    assertContains(response, "Check the rows again")
    assert agreement.clauses.count() == 0
    assert Source.objects.count() == sources


def test_confirming_writes_clauses_source_citations_and_topics_at_once(editor):
    agreement = make_agreement()
    response = confirm(editor, agreement, preview(editor, agreement))
    assert response.status_code == 302
    source = Source.objects.get(title=SOURCE["title"])
    assert source.text == TEXT and source.url == SOURCE["url"]
    clauses = list(agreement.clauses.order_by("position"))
    assert [c.number for c in clauses] == ["I", "I ¶1", "II", "II.(1)", "II.(2)"]
    assert clauses[3].parent == clauses[2]
    assert all(c.citations.filter(source=source).exists() for c in clauses)
    assert Citation.objects.filter(agreement=agreement, source=source).exists()
    assert [t.slug for t in clauses[3].topics.all()] == ["sanctions"]
    assert [t.slug for t in clauses[4].topics.all()] == ["cybersecurity"]


def test_a_reimport_keeps_unchanged_clauses_and_updates_the_rest_in_place(editor):
    agreement = make_agreement()
    confirm(editor, agreement, preview(editor, agreement))
    kept = agreement.clauses.get(number="II.(1)")
    kept.topics.set([])  # an editor's choice, kept by the re-import
    changed = agreement.clauses.get(number="I ¶1")
    corrected = TEXT.replace("on security.", "on security and defence.").replace(
        "\n\n(2) Cybersecurity cooperation.", ""
    )
    again = preview(editor, agreement, corrected)
    kinds = {row.number: change.kind for _, row, change in again.context["shown"]}
    assert kinds["I ¶1"] == "changed" and kinds["II.(1)"] == "unchanged"
    assert [c.number for c in again.context["removed"]] == ["II.(2)"]
    assert confirm(editor, agreement, again).status_code == 302
    assert agreement.clauses.get(number="II.(1)").pk == kept.pk
    assert agreement.clauses.get(number="II.(1)").topics.count() == 0
    updated = agreement.clauses.get(number="I ¶1")
    assert updated.pk == changed.pk and updated.text.endswith("and defence.")
    assert not agreement.clauses.filter(number="II.(2)").exists()


def test_rows_can_be_renumbered_merged_and_split_in_the_preview(editor):
    agreement = make_agreement()
    first = preview(editor, agreement)
    data = {"step": "recheck", "text": TEXT, **SOURCE, **rows_of(first)}
    data["rows-4-merge"] = "on"  # II.(2) into II.(1)
    data["rows-1-text"] = "The Parties will cooperate.\n\nThey will meet yearly."
    checked = editor.post(url(agreement), data)
    shown = [(row.number, row.text) for _, row, _ in checked.context["shown"]]
    assert shown[1:3] == [
        ("I ¶1", "The Parties will cooperate."),
        ("I ¶1 (split 2)", "They will meet yearly."),
    ]
    assert shown[-1] == (
        "II.(1)",
        "Sanctions against the aggressor; Cybersecurity cooperation.",
    )
    rows = rows_of(checked)
    rows["rows-2-number"] = "I ¶2"
    done = editor.post(
        url(agreement), {"step": "confirm", "text": TEXT, **SOURCE, **rows}
    )
    assert done.status_code == 302
    assert list(agreement.clauses.values_list("number", flat=True)) == [
        "I",
        "I ¶1",
        "I ¶2",
        "II",
        "II.(1)",
    ]


def test_a_repeated_number_is_refused_and_nothing_is_written(editor):
    agreement = make_agreement()
    response = preview(editor, agreement, "I. A\n\n(1) One.\n\n(1) Again.")
    assertContains(response, "is used twice")  # flagged in the preview
    refused = confirm(editor, agreement, response)
    assert refused.status_code == 200
    assertContains(refused, "Number I.(1) is used more than once.")
    assert agreement.clauses.count() == 0
    assert not Source.objects.filter(title=SOURCE["title"]).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "file is empty."),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary, not text"),
        ("big.txt", b"a" * (text_readers.MAX_BYTES + 1), "the limit is 2 MB"),
        ("text.pdf", b"%PDF-1.4", "is not a .txt, .html or .docx file"),
        ("fake.docx", b"not a zip", "not a Word .docx document"),
    ],
)
def test_bad_files_get_a_message_and_write_nothing(editor, name, data, message):
    agreement = make_agreement()
    upload = SimpleUploadedFile(name, data)
    response = editor.post(
        url(agreement), {"step": "preview", "upload": upload, **SOURCE}
    )
    assert response.status_code == 200
    assertContains(response, message)
    assert response.context["rows_formset"] is None
    assert agreement.clauses.count() == 0


def test_text_without_numbering_is_offered_one_clause_per_paragraph(editor):
    agreement = make_agreement()
    plain = "We agree to talk.\n\nWe agree to help."
    refused = preview(editor, agreement, plain)
    assertContains(refused, "one clause per paragraph")
    accepted = preview(editor, agreement, plain, as_paragraphs="on")
    assert [row.number for _, row, _ in accepted.context["shown"]] == ["¶1", "¶2"]
    assertContains(preview(editor, agreement, "   "), "Paste the agreement")


def test_html_and_docx_uploads_are_read_as_paragraphs(editor):
    agreement = make_agreement()
    html = (
        "<html><head><style>p{}</style><script>x()</script></head><body>"
        "<h2>I. Purpose</h2><p>The Parties&nbsp;will cooperate.</p></body></html>"
    )
    response = editor.post(
        url(agreement),
        {
            "step": "preview",
            "upload": SimpleUploadedFile("a.html", html.encode()),
            **SOURCE,
        },
    )
    assert [(r.number, r.text) for _, r, _ in response.context["shown"]] == [
        ("I", ""),
        ("I ¶1", "The Parties\u00a0will cooperate."),
    ]
    document = docx.Document()
    document.add_paragraph("I. Purpose")
    document.add_paragraph("(1) Cooperation on training.")
    buffer = io.BytesIO()
    document.save(buffer)
    response = editor.post(
        url(agreement),
        {
            "step": "preview",
            "upload": SimpleUploadedFile("a.docx", buffer.getvalue()),
            **SOURCE,
        },
    )
    assert [r.number for _, r, _ in response.context["shown"]] == ["I", "I.(1)"]


def test_the_japan_accord_imports_onto_its_own_clauses_unchanged(editor):
    agreement = make_agreement()
    numbers = {}
    for position, clause in enumerate(accord.CLAUSES, start=1):
        numbers[clause.number] = make_clause(
            agreement=agreement,
            number=clause.number,
            heading=clause.heading,
            text=clause.text,
            position=position,
            parent=numbers.get(clause.parent),
        )
    response = preview(editor, agreement, accord.printed_text())
    assert response.context["summary"] == {
        "added": 0,
        "changed": 0,
        "unchanged": 96,
        "removed": 0,
    }
    ids = set(agreement.clauses.values_list("pk", flat=True))
    assert confirm(editor, agreement, response).status_code == 302
    assert set(agreement.clauses.values_list("pk", flat=True)) == ids


def test_topics_are_suggested_from_the_words():
    assert suggest_topics("Sanctions and cyber attacks") == [
        "cybersecurity",
        "sanctions",
    ]
    assert suggest_topics("The weather.") == []


def test_only_editors_reach_the_import_page(client):
    agreement = make_agreement()
    client.force_login(make_staff("Viewers", username="vera"))
    assert client.get(url(agreement)).status_code == 403
    assert Clause.objects.count() == 0


def test_a_failure_while_writing_leaves_nothing_behind(editor, monkeypatch):
    agreement = make_agreement()
    response = preview(editor, agreement)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Citation.objects, "get_or_create", broken)
    with pytest.raises(RuntimeError):
        confirm(editor, agreement, response)
    assert agreement.clauses.count() == 0
    assert not Source.objects.filter(title=SOURCE["title"]).exists()
