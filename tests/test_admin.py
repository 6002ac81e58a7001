import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agreements.models import (
    Agreement,
    Clause,
    Country,
    Pledge,
    Provision,
    SigningEvent,
    Source,
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

pytestmark = pytest.mark.django_db

ADD_AGREEMENT = reverse("admin:agreements_agreement_add")


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Editors", username="alice"))
    return client


@pytest.fixture
def viewer(client):
    client.force_login(make_staff("Viewers", username="victor"))
    return client


def formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def new_pact(parties, **changes):
    """What the add form posts for a complete pact, with `changes` applied."""
    ukraine, partner = parties
    person, source = make_person(office="Prime Minister"), make_source()
    data = {
        "title": "Agreement on Security Cooperation between Ukraine and Sylvania",
        "short_title": "Ukraine–Sylvania",
        "slug": "ukraine-sylvania",
        "kind": "security",
        "status": "signed",
        "signed_on": "2024-06-13",
        "in_force_on": "2024-06-13",
        "term_years": "10",
        **formset(
            "party_links",
            [
                {"country": ukraine.pk, "position": 0},
                {"country": partner.pk, "position": 1},
            ],
        ),
        **formset(
            "clauses",
            [
                {"number": "I.1", "text": "The Participants will cooperate."},
                {"number": "I.2", "text": "Sylvania will train soldiers."},
            ],
        ),
        **formset(
            "pledges",
            [
                {
                    "donor": partner.pk,
                    "recipient": ukraine.pk,
                    "amount": "4500000000",
                    "currency": "EUR",
                    "category": "military",
                    "kind": "new",
                }
            ],
        ),
        **formset(
            "events",
            [
                {
                    "kind": "signed",
                    "occurred_on": "2024-06-13",
                    "date_precision": "day",
                    "place": "Apulia",
                    "people_signatory": [person.pk],
                }
            ],
        ),
        **formset("citations", [{"source": source.pk, "quote": "signed today"}]),
        **formset(
            "codings",
            [
                {
                    "provision": Provision.objects.get(slug="term").pk,
                    "status": "provided",
                    "number": "10",
                    "source": source.pk,
                    "quote": "valid for ten years",
                }
            ],
        ),
        "_save": "Save",
    }
    data.update(changes)
    return data


def unchanged_post(response, **changes):
    """The data a change page posts when saved as shown, with `changes` applied."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {"_save": "Save"}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = (
                [str(v) for v in value] if isinstance(value, list) else str(value)
            )
    data.update(changes)
    return data


# Change lists and add pages


def agreements_with_everything(n):
    for _ in range(n):
        agreement = make_agreement()
        make_clause(agreement)
        make_pledge(agreement=agreement)
        make_participation(event=make_event(agreement))
        make_citation(agreement=agreement)


def citations_of_every_kind(n):
    for _ in range(n):
        make_citation()
        make_citation(clause=make_clause())
        make_citation(pledge=make_pledge())
        make_citation(event=make_event())
        make_citation(participation=make_participation())


def people_with_countries(n):
    for _ in range(n):
        make_person(country=make_country())


CHANGE_LISTS = {
    "agreement": agreements_with_everything,
    "clause": agreements_with_everything,
    "pledge": agreements_with_everything,
    "signingevent": agreements_with_everything,
    "participation": agreements_with_everything,
    "country": agreements_with_everything,
    "source": agreements_with_everything,
    "citation": citations_of_every_kind,
    "person": people_with_countries,
    "topic": agreements_with_everything,
    "countrygroup": agreements_with_everything,
}


@pytest.mark.parametrize("model", sorted(CHANGE_LISTS))
def test_change_list_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model
):
    url = reverse(f"admin:agreements_{model}_changelist")
    counts = []
    for rows in (1, 12):
        CHANGE_LISTS[model](rows)
        with django_assert_max_num_queries(12) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("model", sorted(CHANGE_LISTS))
def test_add_page_opens_for_an_editor(editor, model):
    assert editor.get(reverse(f"admin:agreements_{model}_add")).status_code == 200


def test_agreement_change_page_costs_only_a_query_per_filled_search_box(
    admin_client,
):
    # Django's autocomplete widget loads its selected option itself; every
    # other row of the page comes from one query per inline.
    agreement = make_agreement()
    # Content types are cached per process as pages ask for them, whichever
    # test ran before: fill the cache for every model, so none is counted.
    ContentType.objects.get_for_models(*apps.get_models())
    counts = []
    for _ in range(3):
        make_clause(agreement)
        make_pledge(agreement=agreement)  # donor and recipient boxes
        make_participation(event=make_event(agreement))  # one signatory box
        make_citation(agreement=agreement)  # one source box
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(change_url(agreement)).status_code == 200
        counts.append(len(queries))
    assert counts[2] - counts[1] == counts[1] - counts[0] == 4


def test_change_list_searches_and_filters_agreements_by_party(admin_client):
    freedonia = make_country("Freedonia")
    make_agreement(title="Freedonia accord", parties=[freedonia, make_country()])
    make_agreement(title="Other accord")
    url = reverse("admin:agreements_agreement_changelist")
    assertContains(admin_client.get(url, {"q": "Freedonia"}), "Freedonia accord")
    by_party = admin_client.get(url, {"parties__id__exact": freedonia.pk})
    assertContains(by_party, "Freedonia accord")
    assertNotContains(by_party, "Other accord")


@pytest.mark.parametrize("model", sorted(CHANGE_LISTS))
def test_export_action_downloads_only_the_selected_rows(viewer, model):
    CHANGE_LISTS[model](2)
    model_class = apps.get_model("agreements", model)
    chosen = model_class.objects.order_by("pk").first()
    response = viewer.post(
        reverse(f"admin:agreements_{model}_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert [row["id"] for row in rows] == [str(chosen.pk)]


def test_add_form_offers_popups_for_new_countries_people_and_sources(editor):
    response = editor.get(ADD_AGREEMENT)
    for popup in (
        "add_id_party_links-0-country",
        "add_id_events-__prefix__-people_signatory",
        "add_id_citations-__prefix__-source",
    ):
        assertContains(response, popup)
    # The slug is proposed from the parties and the date (admin_slug.js).
    assertContains(response, "js/admin_slug.js")


# Entering a pact


def test_editor_enters_a_complete_pact_in_one_form(editor):
    ukraine, partner = make_country("Ukraine"), make_country("Sylvania")
    response = editor.post(ADD_AGREEMENT, new_pact([ukraine, partner]))
    assert response.status_code == 302, response.context["errors"]

    agreement = Agreement.objects.get(slug="ukraine-sylvania")
    assert set(agreement.parties.all()) == {ukraine, partner}
    assert [(c.number, c.position) for c in agreement.clauses.all()] == [
        ("I.1", 1),
        ("I.2", 2),
    ]
    assert agreement.pledges.get().amount == 4500000000
    event = agreement.events.get()
    participation = event.participations.get()
    assert participation.role == "signatory"
    assert participation.office == "Prime Minister"
    assert agreement.citations.get(field="").quote == "signed today"
    assert agreement.expires_on == datetime.date(2034, 6, 13)
    # The provision coded in the same form, with its citation in its row.
    assert agreement.codings.get().number == 10
    assert agreement.citations.get(field="provision:term").quote == (
        "valid for ten years"
    )


def test_a_citations_field_is_a_choice_of_the_records_facts(editor):
    page = editor.get(ADD_AGREEMENT).content.decode()
    assert '<option value="signed_on">Signed on</option>' in page
    assert '<option value="provision:term">Provision: Term</option>' in page
    ukraine, partner = make_country("Ukraine"), make_country("Sylvania")
    data = new_pact([ukraine, partner], **{"citations-0-field": "signd_on"})
    response = editor.post(ADD_AGREEMENT, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Agreement.objects.filter(slug="ukraine-sylvania").exists()


def test_parties_keep_the_order_entered_when_positions_are_left_at_0(editor):
    ukraine, partner = make_country("Ukraine"), make_country("Sylvania")
    data = new_pact([ukraine, partner])
    data.update(
        {
            "party_links-0-country": partner.pk,
            "party_links-0-position": 0,
            "party_links-1-country": ukraine.pk,
            "party_links-1-position": 0,
        }
    )
    assert editor.post(ADD_AGREEMENT, data).status_code == 302
    agreement = Agreement.objects.get(slug="ukraine-sylvania")
    assert [link.country for link in agreement.party_links.order_by("position")] == [
        partner,
        ukraine,
    ]


def test_people_removed_from_an_event_box_leave_the_event(editor):
    event = make_event()
    stays, goes = make_person(), make_person()
    make_participation(event=event, person=stays)
    make_participation(event=event, person=goes)
    page = editor.get(change_url(event.agreement))
    data = unchanged_post(page, **{"events-0-people_signatory": [str(stays.pk)]})
    assert editor.post(change_url(event.agreement), data).status_code == 302
    assert list(event.people.all()) == [stays]


# Validation speaks the editor's language, and nothing is saved


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"in_force_on": "2024-06-01"}, "It cannot take effect before it is signed."),
        (
            {"term_years": "", "expires_on": "2024-01-01"},
            "Expiry must come after signing.",
        ),
        (
            {"pledges-0-gdp_share": "0.25"},
            "Give either an amount or a share of GDP, not both and not neither.",
        ),
        (
            {"clauses-1-number": "I.1"},
            "Clause number I.1 is used twice; each clause of an agreement "
            "needs its own number.",
        ),
        ({"clauses-1-position": "1", "clauses-0-position": "1"}, "share position 1"),
        ({"party_links-1-country": "UKRAINE"}, "is listed more than once"),
        ({"party_links-TOTAL_FORMS": "1"}, "An agreement needs at least two parties."),
        ({"status": "signed", "signed_on": "", "in_force_on": ""}, "signing date"),
        (
            {"languages": "uk en", "prevailing_language": "fr"},
            "The prevailing language must be one of the languages of the text.",
        ),
        (
            {"pledges-0-recipient": "PARTNER"},
            "Donor and recipient must differ.",
        ),
    ],
)
def test_bad_entry_shows_its_message_and_saves_nothing(editor, changes, message):
    ukraine, partner = make_country("Ukraine"), make_country("Sylvania")
    aliases = {"UKRAINE": str(ukraine.pk), "PARTNER": str(partner.pk)}
    changes = {key: aliases.get(value, value) for key, value in changes.items()}
    response = editor.post(ADD_AGREEMENT, new_pact([ukraine, partner], **changes))

    assertContains(response, message)
    assertContains(response, "Please correct the error")
    assert not Agreement.objects.exists()
    assert not Clause.objects.exists()
    assert not Pledge.objects.exists()
    assert not SigningEvent.objects.exists()


def test_a_clause_number_already_used_on_the_agreement_is_refused(editor):
    agreement = make_agreement()
    make_clause(agreement, number="II.1")
    page = editor.get(change_url(agreement))
    page_data = unchanged_post(page)
    page_data.update(
        {
            "clauses-TOTAL_FORMS": "2",
            "clauses-1-number": "II.1",
            "clauses-1-text": "Again.",
        }
    )
    assertContains(editor.post(change_url(agreement), page_data), "used twice")
    assert agreement.clauses.count() == 1


@pytest.mark.parametrize(
    ("model", "data", "message"),
    [
        (
            "country",
            {"name": "Freedonia", "slug": "freedonia", "kind": "state"},
            "A state needs its ISO 3166-1 alpha-2 code.",
        ),
        (
            "source",
            {
                "title": "Report",
                "slug": "report",
                "language": "en",
                "url": "https://example.org/r",
                "is_damaged": "on",
            },
            "Say what is wrong with a damaged source.",
        ),
    ],
)
def test_database_constraint_messages_appear_on_the_form(editor, model, data, message):
    response = editor.post(reverse(f"admin:agreements_{model}_add"), data)
    assertContains(response, message)
    assert not Country.objects.exists() and not Source.objects.exists()


# Roles


def test_migration_creates_editors_and_viewers_with_their_permissions():
    editors = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    viewers = set(
        Group.objects.get(name="Viewers").permissions.values_list("codename", flat=True)
    )
    assert {"add_agreement", "change_agreement", "add_country"} <= editors
    assert {"delete_clause", "delete_pledge", "delete_signingevent"} <= editors
    assert "delete_citation" in editors
    assert not {"delete_agreement", "delete_country", "delete_source"} & editors
    assert {"view_agreement", "view_historicalagreement"} <= viewers
    assert all(codename.startswith("view_") for codename in viewers)


def test_viewer_sees_no_save_button_and_cannot_change(viewer):
    agreement = make_agreement(title="Original title")
    signatory = make_person(name="Rufus T. Firefly")
    make_participation(event=make_event(agreement), person=signatory)
    page = viewer.get(change_url(agreement))
    assertContains(page, "Rufus T. Firefly")  # the event's people, read-only
    assertNotContains(page, 'name="_save"')
    response = viewer.post(change_url(agreement), {"title": "Changed"})
    assert response.status_code == 403
    assert viewer.get(ADD_AGREEMENT).status_code == 403
    agreement.refresh_from_db()
    assert agreement.title == "Original title"


def test_editor_cannot_delete_an_agreement_but_can_delete_a_clause(editor):
    clause = make_clause()
    agreement_delete = reverse(
        "admin:agreements_agreement_delete", args=[clause.agreement.pk]
    )
    assert editor.post(agreement_delete, {"post": "yes"}).status_code == 403
    clause_delete = reverse("admin:agreements_clause_delete", args=[clause.pk])
    assert editor.post(clause_delete, {"post": "yes"}).status_code == 302
    assert Agreement.objects.exists()
    assert not Clause.objects.exists()


def test_admin_sends_anonymous_and_non_staff_users_to_the_login(client):
    from django.contrib.auth.models import User

    assert "/admin/login/" in client.get("/admin/")["Location"]
    client.force_login(User.objects.create_user("reader", password="x"))
    assert "/admin/login/" in client.get(ADD_AGREEMENT)["Location"]


def test_admin_is_titled_as_the_tracker_admin(editor):
    response = editor.get("/admin/")
    assertContains(response, "Security Agreement Tracker")
    assertContains(response, "admin-tracker.css")


# History


def test_each_change_is_recorded_field_by_field_with_who_made_it(editor):
    agreement = make_agreement(title="Old title", summary="")
    page = editor.get(change_url(agreement))
    data = unchanged_post(page, title="New title", summary="A summary.")
    assert editor.post(change_url(agreement), data).status_code == 302

    latest = agreement.history.first()
    assert latest.history_user.username == "alice"
    changes = {
        c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes
    }
    assert changes == {
        "title": ("Old title", "New title"),
        "summary": ("", "A summary."),
    }

    history = editor.get(
        reverse("admin:agreements_agreement_history", args=[agreement.pk])
    )
    assertContains(history, "alice")
    assertContains(history, "<strong>Title:</strong>")
    assertContains(history, "New title")


def test_history_of_a_deleted_clause_keeps_its_text(editor):
    clause = make_clause(text="Words to remember.")
    editor.post(
        reverse("admin:agreements_clause_delete", args=[clause.pk]), {"post": "yes"}
    )
    deleted = Clause.history.get(history_type="-")
    assert deleted.text == "Words to remember."
    assert deleted.history_user.username == "alice"


def test_history_cannot_be_reverted_by_post(editor):
    agreement = make_agreement(title="Kept")
    record = agreement.history.first()
    url = reverse(
        "admin:agreements_agreement_simple_history", args=[agreement.pk, record.pk]
    )
    assert editor.post(url, {"title": "Sneaky"}).status_code == 403


# Concurrent edits


def test_second_of_two_concurrent_saves_is_refused_and_the_first_survives(client):
    from django.test import Client

    agreement = make_agreement(title="Original", summary="")
    alice, bob = client, Client()
    alice.force_login(make_staff("Editors", username="alice"))
    bob.force_login(make_staff("Editors", username="bob"))
    alice_page = alice.get(change_url(agreement))
    bob_page = bob.get(change_url(agreement))

    saved = alice.post(change_url(agreement), unchanged_post(alice_page, title="Alice"))
    assert saved.status_code == 302
    refused = bob.post(change_url(agreement), unchanged_post(bob_page, summary="Bob"))

    assertContains(refused, "was changed by alice at")
    assertContains(refused, "since you opened it")
    agreement.refresh_from_db()
    assert (agreement.title, agreement.summary) == ("Alice", "")


def test_saving_twice_in_a_row_from_fresh_pages_is_not_a_conflict(editor):
    agreement = make_agreement(title="One")
    for title in ("Two", "Three"):
        page = editor.get(change_url(agreement))
        data = unchanged_post(page, title=title)
        assert editor.post(change_url(agreement), data).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("Three", 3)


def test_an_invalid_save_does_not_use_up_the_version(editor):
    agreement = make_agreement(title="One")
    page = editor.get(change_url(agreement))
    bad = editor.post(
        change_url(agreement), unchanged_post(page, in_force_on="2000-01-01")
    )
    assertContains(bad, "It cannot take effect before it is signed.")
    good = editor.post(change_url(agreement), unchanged_post(page, title="Two"))
    assert good.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("Two", 2)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_pass(client):
    """Two editors press Save at the same moment: the row lock lets one win."""
    import threading

    from django.db import connections
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; it serialises whole writes")
    agreement = make_agreement(title="Original")
    clients, pages = [], []
    for name in ("alice", "bob"):
        editor_client = Client()
        editor_client.force_login(make_staff("Editors", username=name))
        clients.append(editor_client)
        pages.append(editor_client.get(change_url(agreement)))
    start, results = threading.Barrier(2), {}

    def save(editor_client, page, title):
        start.wait()
        data = unchanged_post(page, title=title)
        results[title] = editor_client.post(change_url(agreement), data).status_code
        connections.close_all()  # this thread's connection

    threads = [
        threading.Thread(target=save, args=(c, p, t))
        for c, p, t in zip(clients, pages, ("Alice", "Bob"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [200, 302]
    winner = next(title for title, status in results.items() if status == 302)
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == (winner, 2)


def test_clause_topics_and_citations_of_rows_are_set_on_the_agreement_page(editor):
    ukraine, partner = make_country("Ukraine"), make_country("Sylvania")
    source = make_source(title="Sylvania accord text")
    humanitarian = Topic.objects.get(slug="humanitarian")
    data = new_pact(
        [ukraine, partner],
        **{
            "clauses-0-topics": [humanitarian.pk],
            "clauses-0-cite_source": source.pk,
            "clauses-0-cite_quote": "will cooperate",
            "pledges-0-cite_source": source.pk,
            "pledges-0-cite_field": "amount",
            "pledges-0-cite_quote": "EUR 4.5 billion",
            "events-0-cite_source": source.pk,
            "events-0-cite_field": "place",
            "events-0-cite_quote": "in Apulia",
        },
    )
    response = editor.post(ADD_AGREEMENT, data)
    assert response.status_code == 302, response.context["errors"]
    agreement = Agreement.objects.get(slug="ukraine-sylvania")
    first = agreement.clauses.get(number="I.1")
    assert list(first.topics.all()) == [humanitarian]
    assert (first.citations.get().field, first.citations.get().quote) == (
        "",
        "will cooperate",
    )
    assert agreement.clauses.get(number="I.2").citations.count() == 0
    assert agreement.pledges.get().citations.get().field == "amount"
    assert agreement.events.get().citations.get().quote == "in Apulia"

    # Citing the same source for the same fact again corrects its quote.
    page = editor.get(change_url(agreement))
    assertContains(page, "Sylvania accord text")  # the row lists its citations
    again = unchanged_post(
        page,
        **{
            "clauses-0-cite_source": str(source.pk),
            "clauses-0-cite_quote": "will cooperate closely",
        },
    )
    assert editor.post(change_url(agreement), again).status_code == 302
    assert first.citations.get().quote == "will cooperate closely"


def test_words_without_their_source_are_refused_and_nothing_is_saved(editor):
    ukraine, partner = make_country("Ukraine"), make_country("Sylvania")
    data = new_pact([ukraine, partner], **{"clauses-0-cite_quote": "orphan words"})
    response = editor.post(ADD_AGREEMENT, data)
    assert response.status_code == 200
    assertContains(response, "Choose the source these words are quoted from.")
    assert not Agreement.objects.filter(slug="ukraine-sylvania").exists()
    bad_fact = new_pact(
        [ukraine, partner],
        **{"pledges-0-cite_source": make_source().pk, "pledges-0-cite_field": "signd"},
    )
    assertContains(editor.post(ADD_AGREEMENT, bad_fact), "Select a valid choice")


def test_a_viewer_sees_the_rows_citations_but_no_citing_boxes(viewer):
    clause = make_clause(text="Cited clause.")
    make_citation(source=make_source(title="Seen source"), clause=clause)
    page = viewer.get(change_url(clause.agreement))
    assert page.status_code == 200
    assertContains(page, "Seen source")
    assertNotContains(page, "cite_source")


def test_an_agreement_with_many_clauses_saves_as_shown(editor):
    """A browser posts every control of the page (the seeded Japan accord's,
    96 clauses, has 1,917), past Django's default limit of 1,000 fields,
    which refused the save with a 400. This sends only the filled ones:
    more than 1,000 at 200 clauses."""
    accord = make_agreement(title="Long accord")
    for n in range(1, 201):
        make_clause(agreement=accord, number=f"{n}", text=f"Clause {n}.", position=n)
    page = editor.get(change_url(accord))
    # As the browser sends it: urlencoded, one field per value.
    body = urlencode(unchanged_post(page), doseq=True)
    assert body.count("&") + 1 > 1_000
    response = editor.post(
        change_url(accord), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302, response.content[:300]
