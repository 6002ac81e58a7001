import csv
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import Agreement, Citation, Country
from agreements.seed import accord
from tests.factories import make_agreement, make_country, make_person, make_source
from tests.factories import make_staff as _make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
roles = importlib.import_module("agreements.migrations.0004_editor_groups")


@pytest.fixture(autouse=True)
def editor_and_viewer_groups():
    """The flush between transactional tests empties what data migrations made."""
    roles.add_groups(django_apps, None)


PASSWORD = "correct-horse-battery"


def log_in(page, live_server, group):
    user = _make_staff(group, password=PASSWORD)
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text(user.username)


def choose(page, select_id, text):
    """Pick `text` in one of the admin's search-as-you-type boxes."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_enters_a_pact_that_appears_on_the_public_list(page, live_server):
    make_country("Ukraine", iso_code="UA", slug="ukraine")
    make_person(name="Rufus T. Firefly", office="Prime Minister")
    make_source(title="Freedonia press release")
    log_in(page, live_server, "Editors")

    page.goto(live_server.url + reverse("admin:agreements_agreement_add"))
    page.locator("#id_title").fill("Agreement on Security Cooperation with Freedonia")
    page.locator("#id_short_title").fill("Ukraine–Freedonia")
    page.locator("#id_signed_on").fill("2024-06-13")
    expect(page.locator("#id_slug")).to_have_value("ukraine-2024-06-13")

    choose(page, "id_party_links-0-country", "Ukraine")
    with page.expect_popup() as popup_info:
        page.locator("#add_id_party_links-1-country").click()
    popup = popup_info.value
    popup.locator("#id_name").fill("Freedonia")
    popup.locator("#id_iso_code").fill("XF")
    expect(popup.locator("#id_slug")).to_have_value("freedonia")
    # Listen before clicking: the admin closes the popup as soon as the saved
    # page loads, which on a busy machine can be before a wait that starts
    # after the click has registered.
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    expect(page.locator("#select2-id_party_links-1-country-container")).to_contain_text(
        "Freedonia"
    )
    page.locator("#id_party_links-1-position").fill("1")
    # The slug is proposed as the seed data spells them.
    expect(page.locator("#id_slug")).to_have_value("ukraine-freedonia-2024-06-13")

    for number, text in (("1", "The Participants will cooperate."), ("2", "Training.")):
        page.get_by_role("button", name="Add another Clause").click()
        row = int(number) - 1
        page.locator(f"#id_clauses-{row}-number").fill(number)
        page.locator(f"#id_clauses-{row}-text").fill(text)

    page.get_by_role("button", name="Add another Pledge").click()
    choose(page, "id_pledges-0-donor", "Freedonia")
    choose(page, "id_pledges-0-recipient", "Ukraine")
    page.locator("#id_pledges-0-amount").fill("1000000000")
    page.locator("#id_pledges-0-currency").fill("EUR")
    page.locator("#id_pledges-0-category").select_option("military")

    page.get_by_role("button", name="Add another Event").click()
    page.locator("#id_events-0-kind").select_option("signed")
    page.locator("#id_events-0-occurred_on").fill("2024-06-13")
    choose(page, "id_events-0-people_signatory", "Rufus")

    page.get_by_role("button", name="Add another Citation").click()
    choose(page, "id_citations-0-source", "Freedonia press release")
    page.locator("#id_citations-0-quote").fill("signed today")

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added")

    agreement = Agreement.objects.get(slug="ukraine-freedonia-2024-06-13")
    assert agreement.clauses.count() == 2
    assert agreement.events.get().people.get().name == "Rufus T. Firefly"
    assert agreement.citations.get().source.title == "Freedonia press release"

    page.goto(live_server.url + reverse("agreements:agreement-list") + "?country=XF")
    expect(
        page.get_by_role(
            "link", name="Agreement on Security Cooperation with Freedonia"
        )
    ).to_be_visible()

    url = reverse("agreements:agreement-export") + "?country=XF"
    response = page.request.get(live_server.url + url)
    rows = list(csv.DictReader(io.StringIO(response.text())))
    assert [(row["title"], row["party_iso_codes"]) for row in rows] == [
        ("Agreement on Security Cooperation with Freedonia", "UA|XF")
    ]


def test_the_agreement_form_stays_within_the_window_whatever_rows_are_added(
    page, live_server
):
    log_in(page, live_server, "Editors")
    page.goto(live_server.url + reverse("admin:agreements_agreement_add"))
    for inline in ("Pledge", "Provision coded", "Citation", "Clause", "Event"):
        page.get_by_role("button", name=f"Add another {inline}").click()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, (inline, width)


def test_a_slug_typed_by_the_editor_is_kept(page, live_server):
    make_country("Ukraine", iso_code="UA", slug="ukraine")
    make_country("Sylvania", iso_code="XS", slug="sylvania")
    log_in(page, live_server, "Editors")
    page.goto(live_server.url + reverse("admin:agreements_agreement_add"))
    page.locator("#id_slug").fill("my-own-slug")
    page.locator("#id_signed_on").fill("2024-06-13")
    choose(page, "id_party_links-0-country", "Sylvania")
    expect(page.locator("#id_slug")).to_have_value("my-own-slug")


def test_viewer_can_read_but_not_change(page, live_server):
    agreement = make_agreement(title="Freedonia accord")
    log_in(page, live_server, "Viewers")

    page.goto(live_server.url + reverse("admin:agreements_agreement_changelist"))
    expect(page.get_by_role("link", name="Add agreement")).to_have_count(0)
    page.get_by_role("link", name="Freedonia accord").click()
    expect(page.locator("h1")).to_contain_text("View agreement")
    expect(page.locator("input[name=_save]")).to_have_count(0)
    expect(page.locator("#id_title")).to_have_count(0)
    # A save sent anyway, with the page's own CSRF token, is refused.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        page.url,
        form={"csrfmiddlewaretoken": token, "title": "Changed by a viewer"},
        headers={"Referer": page.url},
    )
    assert response.status == 403
    agreement.refresh_from_db()
    assert agreement.title == "Freedonia accord"


def test_bad_entry_shows_its_message_and_saves_nothing(page, live_server):
    ukraine = make_country("Ukraine")
    log_in(page, live_server, "Editors")

    page.goto(live_server.url + reverse("admin:agreements_agreement_add"))
    page.locator("#id_title").fill("Backdated accord")
    page.locator("#id_short_title").fill("Backdated")
    page.locator("#id_signed_on").fill("2024-06-13")
    page.locator("#id_in_force_on").fill("2024-01-01")
    choose(page, "id_party_links-0-country", "Ukraine")
    choose(page, "id_party_links-1-country", "Ukraine")
    page.locator("input[name=_save]").click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(
        page.get_by_text("It cannot take effect before it is signed.")
    ).to_be_visible()
    expect(page.get_by_text("Ukraine is listed more than once")).to_be_visible()
    assert not Agreement.objects.exists()
    assert list(Country.objects.all()) == [ukraine]


class Actions:
    """The editor's actions on the page (a field filled or chosen, a button
    or link clicked, a page opened), counted as they are taken."""

    def __init__(self, page):
        self.page, self.count, self.pages = page, 0, set()

    def goto(self, url):
        self.count += 1
        self.pages.add(url.split("?")[0])
        self.page.goto(url)

    def fill(self, selector, value):
        self.count += 1
        self.page.locator(selector).fill(value)

    def select(self, selector, value):
        self.count += 1
        self.page.locator(selector).select_option(value)

    def click(self, role_name):
        self.count += 1
        self.page.get_by_role("button", name=role_name).click()

    def choose(self, select_id, text):
        self.count += 1
        choose(self.page, select_id, text)


def test_one_page_takes_a_pact_with_its_topics_and_a_citation_per_fact(
    page, live_server
):
    """2 parties, 5 clauses (each with a topic and its source's words), 1
    pledge and 1 event, each cited: one page, one save (the closing note of
    issue 17 gives the count before, when topics and citations of clauses,
    pledges and events each needed their record's own page)."""
    make_country("Ukraine", iso_code="UA", slug="ukraine")
    make_country("Freedonia", iso_code="XF", slug="freedonia")
    make_person(name="Rufus T. Firefly", office="Prime Minister")
    source = make_source(title="Freedonia accord text")
    log_in(page, live_server, "Editors")
    act = Actions(page)

    act.goto(live_server.url + reverse("admin:agreements_agreement_add"))
    act.fill("#id_title", "Accord between Ukraine and Freedonia")
    act.fill("#id_short_title", "Ukraine–Freedonia")
    act.fill("#id_signed_on", "2024-06-13")
    act.choose("id_party_links-0-country", "Ukraine")
    act.choose("id_party_links-1-country", "Freedonia")
    for row in range(5):
        act.click("Add another Clause")
        act.fill(f"#id_clauses-{row}-number", str(row + 1))
        act.fill(f"#id_clauses-{row}-text", f"The Participants will do {row + 1}.")
        act.choose(f"id_clauses-{row}-topics", "Humanitarian")
        act.choose(f"id_clauses-{row}-cite_source", "Freedonia accord text")
        act.fill(f"#id_clauses-{row}-cite_quote", f"will do {row + 1}")
    act.click("Add another Pledge")
    act.choose("id_pledges-0-donor", "Freedonia")
    act.choose("id_pledges-0-recipient", "Ukraine")
    act.fill("#id_pledges-0-amount", "1000000000")
    act.fill("#id_pledges-0-currency", "EUR")
    act.select("#id_pledges-0-category", "military")
    act.choose("id_pledges-0-cite_source", "Freedonia accord text")
    act.select("#id_pledges-0-cite_field", "amount")
    act.fill("#id_pledges-0-cite_quote", "EUR 1 billion")
    act.click("Add another Event")
    act.select("#id_events-0-kind", "signed")
    act.fill("#id_events-0-occurred_on", "2024-06-13")
    act.choose("id_events-0-people_signatory", "Rufus")
    act.choose("id_events-0-cite_source", "Freedonia accord text")
    act.select("#id_events-0-cite_field", "occurred_on")
    act.fill("#id_events-0-cite_quote", "Done on 13 June 2024")
    act.click("Save and continue editing")
    expect(page.locator(".messagelist .success")).to_contain_text("was added")

    agreement = Agreement.objects.get(slug="ukraine-freedonia-2024-06-13")
    assert [p.country.iso_code for p in agreement.party_links.order_by("position")] == [
        "UA",
        "XF",
    ]
    clauses = agreement.clauses.order_by("position")
    assert [c.topics.get().slug for c in clauses] == ["humanitarian"] * 5
    assert [c.citations.get().quote for c in clauses] == [
        f"will do {n}" for n in range(1, 6)
    ]
    pledge, event = agreement.pledges.get(), agreement.events.get()
    assert (pledge.citations.get().field, pledge.citations.get().source) == (
        "amount",
        source,
    )
    assert event.citations.get().field == "occurred_on"
    assert act.pages == {live_server.url + reverse("admin:agreements_agreement_add")}
    assert act.count == 53  # 21 of them for the topics and the 7 citations

    # Saved rows and their citations stay within the window too.
    expect(page.locator("#clauses-0 .field-evidence")).to_contain_text(
        "Freedonia accord text"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.get_by_role("button", name="Add another Clause").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_editor_pastes_the_japan_accord_and_gets_its_96_clauses(page, live_server):
    """From the agreement's page: Import text, paste, name the source,
    Preview, Import (6 actions); the clauses appear with their citation."""
    agreement = make_agreement(title="Japan accord")
    log_in(page, live_server, "Editors")
    act = Actions(page)
    act.goto(
        live_server.url
        + reverse("admin:agreements_agreement_change", args=[agreement.pk])
    )
    page.get_by_role("link", name="Import text").click()
    act.count += 1
    act.fill("#id_text", accord.printed_text())
    act.fill("#id_title", "Accord text")
    act.click("Preview")
    expect(page.locator(".import-summary")).to_contain_text("96 added")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    act.click("Import")
    expect(page.locator(".messagelist .success")).to_contain_text("96 clauses added")
    assert act.count == 6
    assert agreement.clauses.count() == 96
    assert Citation.objects.filter(clause__agreement=agreement).count() == 96
