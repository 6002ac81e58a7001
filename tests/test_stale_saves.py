"""No lost edits in the admin: a save from a page opened before a colleague's
save of the same record is refused, with their name and the time, on the
record's own page and on each inline row of an agreement's page; a row a
colleague deleted is refused with a message; nothing of a refused page is
saved; every other way of writing a record (Import text, a fixture, a link
made from the other end) makes open pages stale too."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from agreements.models import (
    Agreement,
    Clause,
    Coding,
    CountryGroup,
    Provision,
    Topic,
)
from tests.factories import (
    make_agreement,
    make_citation,
    make_clause,
    make_country,
    make_event,
    make_participation,
    make_person,
    make_pledge,
    make_source,
    make_staff,
)
from tests.test_admin import change_url, unchanged_post
from tests.test_text_import import confirm, preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client):
    client.force_login(make_staff("Editors", username="alice"))
    return client


@pytest.fixture
def bob():
    other = Client()
    other.force_login(make_staff("Editors", username="bob"))
    return other


def make_coding(agreement=None):
    """A coding of the Term, with the citation its saves need."""
    agreement = agreement or make_agreement()
    term = Provision.objects.get(slug="term")
    make_citation(agreement=agreement, field=term.citation_field)
    return Coding.objects.create(agreement=agreement, provision=term, number=10)


def texts():
    return "Alice's words", "Bob's words"


def years():
    return "2024", "2025"


def countries():
    return str(make_country("Alicia").pk), str(make_country("Bobia").pk)


@dataclass
class Kind:
    """How a test makes a record of a kind and changes it."""

    field: str  # changed on the record's page (and in its row)
    make: object = None  # () -> a record with its own page
    row_of: object = None  # (agreement) -> a record inline on its page
    values: object = texts  # () -> (Alice's value, Bob's value), as posted


KINDS = {
    "clause": Kind("text", make_clause, make_clause),
    "pledge": Kind(
        "period_start_year",
        make_pledge,
        lambda agreement: make_pledge(agreement=agreement),
        values=years,
    ),
    "event": Kind("place", make_event, make_event),
    "party": Kind(
        "country",
        row_of=lambda agreement: agreement.party_links.order_by("position").last(),
        values=countries,
    ),
    "citation": Kind(
        "quote", make_citation, lambda agreement: make_citation(agreement=agreement)
    ),
    "provision": Kind("question", lambda: Provision.objects.get(slug="term")),
    "source": Kind("publisher", make_source),
    "country": Kind("name", make_country),
    # Edited in the admin as well, so guarded as well.
    "coding": Kind("condition", make_coding, make_coding),
    "participation": Kind("office", make_participation),
    "person": Kind("office", make_person),
    "topic": Kind("description", lambda: Topic.objects.get(slug="humanitarian")),
    "country group": Kind("name", lambda: CountryGroup.objects.order_by("pk")[0]),
}
OWN_PAGE = sorted(name for name, kind in KINDS.items() if kind.make)
INLINE = sorted(name for name, kind in KINDS.items() if kind.row_of)
BOTH = sorted(set(OWN_PAGE) & set(INLINE))


def stored(record, name):
    """The value of field `name` now in the database, as a form posts it."""
    record = type(record).objects.get(pk=record.pk)
    return str(getattr(record, record._meta.get_field(name).attname))


def by_alice(record, history_type="~"):
    """How a refusal names Alice's last change of `record` and its time."""
    latest = (
        type(record)
        .history.filter(id=record.pk, history_type=history_type)
        .select_related("history_user")
        .first()
    )
    assert latest.history_user.username == "alice"
    when = timezone.localtime(latest.history_date)
    return f"by alice at {when:%d %B %Y, %H:%M:%S}"


def rows(page, model):
    """The forms of the rows of `model` on an agreement's page."""
    for inline in page.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.forms
    raise AssertionError(f"no rows of {model.__name__}")


def row(page, record):
    """The form of `record`'s row on an agreement's page."""
    return next(f for f in rows(page, type(record)) if f.instance.pk == record.pk)


def row_post(page, record, **changes):
    """The agreement page's data as shown, with `changes` to `record`'s row."""
    form = row(page, record)
    return unchanged_post(
        page, **{form.add_prefix(name): value for name, value in changes.items()}
    )


# A record's own page


@pytest.mark.parametrize("kind", OWN_PAGE)
def test_a_stale_save_of_a_records_own_page_is_refused(alice, bob, kind):
    spec = KINDS[kind]
    record = spec.make()
    alices, bobs = spec.values()
    url = change_url(record)
    alice_page, bob_page = alice.get(url), bob.get(url)

    saved = alice.post(url, unchanged_post(alice_page, **{spec.field: alices}))
    assert saved.status_code == 302, saved.context["errors"]
    refused = bob.post(url, unchanged_post(bob_page, **{spec.field: bobs}))

    assert refused.status_code == 200
    assertContains(refused, f"was changed {by_alice(record)}")
    assertContains(refused, "since you opened it")
    assert stored(record, spec.field) == alices


@pytest.mark.parametrize("kind", OWN_PAGE)
def test_saves_from_fresh_pages_go_through_and_move_the_version_on(alice, kind):
    spec = KINDS[kind]
    record = spec.make()
    url = change_url(record)
    for value in spec.values():
        data = unchanged_post(alice.get(url), **{spec.field: value})
        response = alice.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        assert stored(record, spec.field) == value
    assert type(record).objects.get(pk=record.pk).version == record.version + 2


# Rows of an agreement's page


@pytest.mark.parametrize("kind", INLINE)
def test_a_stale_row_of_an_agreements_page_is_refused_and_nothing_saved(
    alice, bob, kind
):
    spec = KINDS[kind]
    agreement = make_agreement(title="Original")
    record = spec.row_of(agreement)
    alices, bobs = spec.values()
    url = change_url(agreement)
    alice_page, bob_page = alice.get(url), bob.get(url)

    saved = alice.post(url, row_post(alice_page, record, **{spec.field: alices}))
    assert saved.status_code == 302, saved.context["errors"]
    # Bob's page, opened before: his change of the agreement's title and of
    # the same row.
    data = row_post(bob_page, record, **{spec.field: bobs})
    refused = bob.post(url, {**data, "title": "Bob's title"})

    assert refused.status_code == 200
    form = row(refused, record)
    assert f"was changed {by_alice(record)}" in str(form.non_field_errors())
    assert stored(record, spec.field) == alices
    assert Agreement.objects.get(pk=agreement.pk).title == "Original"


@pytest.mark.parametrize("kind", BOTH)
def test_an_agreements_page_opened_before_a_rows_own_save_is_refused(alice, bob, kind):
    spec = KINDS[kind]
    agreement = make_agreement(title="Original")
    record = spec.row_of(agreement)
    alices, _ = spec.values()
    bob_page = bob.get(change_url(agreement))

    own = change_url(record)
    saved = alice.post(own, unchanged_post(alice.get(own), **{spec.field: alices}))
    assert saved.status_code == 302, saved.context["errors"]
    # Bob changes only the title: his page still holds the row as it was.
    refused = bob.post(
        change_url(agreement), unchanged_post(bob_page, title="Bob's title")
    )

    assert refused.status_code == 200
    form = row(refused, record)
    assert f"was changed {by_alice(record)}" in str(form.non_field_errors())
    assert stored(record, spec.field) == alices
    assert Agreement.objects.get(pk=agreement.pk).title == "Original"


@pytest.mark.parametrize("kind", INLINE)
def test_rows_saved_from_fresh_pages_go_through_and_move_the_version_on(alice, kind):
    spec = KINDS[kind]
    agreement = make_agreement()
    record = spec.row_of(agreement)
    url = change_url(agreement)
    for value in spec.values():
        data = row_post(alice.get(url), record, **{spec.field: value})
        response = alice.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        assert stored(record, spec.field) == value
    assert type(record).objects.get(pk=record.pk).version == record.version + 2


def test_a_row_changed_only_where_the_page_does_not_show_it_is_left_alone(alice, bob):
    """The parent of a clause is set on the clause's own page: an agreement
    page opened before still saves, and does not write that row again."""
    agreement = make_agreement(title="Original")
    section, clause = make_clause(agreement), make_clause(agreement)
    bob_page = bob.get(change_url(agreement))
    own = change_url(clause)
    saved = alice.post(own, unchanged_post(alice.get(own), parent=section.pk))
    assert saved.status_code == 302

    data = unchanged_post(bob_page, title="Bob's title")
    assert bob.post(change_url(agreement), data).status_code == 302

    clause.refresh_from_db()
    assert (clause.parent, clause.version) == (section, 2)
    assert Agreement.objects.get(pk=agreement.pk).title == "Bob's title"


@pytest.mark.parametrize(
    ("kind", "model_name"),
    [
        ("clause", "clause"),
        ("pledge", "pledge"),
        ("event", "signingevent"),
        ("citation", "citation"),
    ],
)
def test_a_row_deleted_since_the_page_was_opened_is_refused(
    alice, bob, kind, model_name
):
    agreement = make_agreement(title="Original")
    record = KINDS[kind].row_of(agreement)
    bob_page = bob.get(change_url(agreement))
    index = rows(bob_page, type(record)).index(row(bob_page, record))
    delete = reverse(f"admin:agreements_{model_name}_delete", args=[record.pk])
    assert alice.post(delete, {"post": "yes"}).status_code == 302
    when = by_alice(record, history_type="-")

    data = unchanged_post(bob_page, title="Bob's title")
    refused = bob.post(change_url(agreement), data)

    assert refused.status_code == 200
    errors = rows(refused, type(record))[index].non_field_errors()
    assert f"was deleted {when}" in str(errors)
    assert Agreement.objects.get(pk=agreement.pk).title == "Original"


def test_a_row_a_colleague_changed_is_not_deleted_from_a_stale_page(alice, bob):
    agreement = make_agreement()
    clause = make_clause(agreement)
    bob_page = bob.get(change_url(agreement))
    own = change_url(clause)
    alice.post(own, unchanged_post(alice.get(own), text="Alice's words"))

    form = row(bob_page, clause)
    data = unchanged_post(bob_page, **{form.add_prefix("DELETE"): "on"})
    refused = bob.post(change_url(agreement), data)

    assert refused.status_code == 200
    assertContains(refused, "ticked for deletion changed since you opened")
    assertContains(refused, f"was changed {by_alice(clause)}")
    assert Clause.objects.get(pk=clause.pk).text == "Alice's words"


# Writes other than the change pages


def test_import_text_makes_pages_opened_before_it_stale(alice, bob):
    agreement = make_agreement()
    clause = make_clause(agreement, number="I ¶1", text="Old words.", position=2)
    url = change_url(clause)
    bob_page = bob.get(url)

    imported = confirm(alice, agreement, preview(alice, agreement))
    assert imported.status_code == 302
    imported_text = Clause.objects.get(pk=clause.pk).text
    assert imported_text == "The Parties will cooperate on security."
    assert Clause.objects.get(pk=clause.pk).version > clause.version
    refused = bob.post(url, unchanged_post(bob_page, text="Bob's words"))

    assertContains(refused, f"was changed {by_alice(clause)}")
    assert Clause.objects.get(pk=clause.pk).text == imported_text


def test_a_fixture_loaded_over_a_record_makes_pages_opened_before_it_stale(
    bob, tmp_path
):
    clause = make_clause(text="Before.")
    url = change_url(clause)
    bob_page = bob.get(url)
    records = json.loads(serializers.serialize("json", [clause]))
    records[0]["fields"]["text"] = "Loaded."
    fixture = Path(tmp_path, "clause.json")
    fixture.write_text(json.dumps(records), encoding="utf-8")

    call_command("loaddata", str(fixture), verbosity=0)
    clause_now = Clause.objects.get(pk=clause.pk)
    assert (clause_now.text, clause_now.version) == ("Loaded.", 2)
    refused = bob.post(url, unchanged_post(bob_page, heading="Bob's heading"))

    assertContains(refused, "since you opened it")
    assert Clause.objects.get(pk=clause.pk).heading == ""


def test_update_and_bulk_update_move_the_versions_on():
    first, second = make_clause(), make_clause()
    Clause.objects.filter(pk=first.pk).update(heading="Updated")
    second.heading = "Bulk"
    Clause.objects.bulk_update([second], ["heading"])
    assert [Clause.objects.get(pk=c.pk).version for c in (first, second)] == [2, 2]


def test_a_related_agreement_linked_from_the_other_page_makes_its_page_stale(
    alice, bob
):
    first, second = make_agreement(title="First"), make_agreement(title="Second")
    bob_page = bob.get(change_url(second))
    alice_page = alice.get(change_url(first))
    saved = alice.post(
        change_url(first), unchanged_post(alice_page, related=[second.pk])
    )
    assert saved.status_code == 302

    data = unchanged_post(bob_page, summary="Bob's summary")
    refused = bob.post(change_url(second), data)

    assertContains(refused, f"was changed {by_alice(second)}")
    assert list(Agreement.objects.get(pk=second.pk).related.all()) == [first]
