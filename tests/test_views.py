import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from pytest_django.asserts import assertContains, assertNotContains

from agreements import lists
from agreements.models import (
    Agreement,
    Clause,
    Coding,
    CountryGroup,
    Participation,
    Provision,
    SigningEvent,
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
    topics,
)

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse_lazy("agreements:agreement-list")
LIST_URLS = {
    listing.name: reverse_lazy(listing.list_url_name) for listing in lists.LISTINGS
}


def titles(response):
    """Agreement titles in the order the list shows them."""
    return [agreement.title for agreement in response.context["object_list"]]


@pytest.fixture
def pact_pair():
    freedonia = make_country("Freedonia", iso_code="FD", slug="freedonia")
    sylvania = make_country("Sylvania", iso_code="SY", slug="sylvania")
    fenwick = make_country("Fenwick", iso_code="FW", slug="fenwick")
    freedonia.groups.add(CountryGroup.objects.get(slug="g7"))
    old = make_agreement(
        parties=[freedonia, sylvania],
        title="Freedonia–Sylvania accord",
        signed_on=datetime.date(2023, 7, 12),
        status=Agreement.Status.IN_FORCE,
        in_force_on=datetime.date(2023, 7, 12),
    )
    new = make_agreement(
        parties=[fenwick, sylvania],
        title="Fenwick–Sylvania agreement",
        signed_on=datetime.date(2024, 2, 16),
    )
    return old, new


# Each list gets a different number of rows, so that a page showing the
# count of another list (or of its own page only) fails.
ROWS = {
    "countries": 3,
    "agreements": 2,
    "clauses": 4,
    "pledges": 5,
    "events": 6,
    "sources": 7,
}


@pytest.mark.parametrize("name", list(LIST_URLS))
def test_every_list_opens_and_counts_its_rows(client, name):
    a, b, _ = (make_country() for _ in range(ROWS["countries"]))
    first, _ = (make_agreement(parties=[a, b]) for _ in range(ROWS["agreements"]))
    for _ in range(ROWS["clauses"]):
        make_clause(agreement=first)
    for _ in range(ROWS["pledges"]):
        make_pledge(donor=a, recipient=b)
    for _ in range(ROWS["events"]):
        make_event(agreement=first)
    for _ in range(ROWS["sources"]):
        make_source()
    response = client.get(LIST_URLS[name])
    assertContains(response, f'role="status"><strong>{ROWS[name]}</strong>')


def test_filtering_by_year_and_status_changes_the_count(client, pact_pair):
    assertContains(client.get(AGREEMENTS), "<strong>2</strong> agreements")
    response = client.get(AGREEMENTS, {"year": 2024})
    assertContains(response, "<strong>1</strong> agreement<")
    assert titles(response) == ["Fenwick–Sylvania agreement"]
    response = client.get(AGREEMENTS, {"year": 2023, "status": "in_force"})
    assert titles(response) == ["Freedonia–Sylvania accord"]
    response = client.get(AGREEMENTS, {"year": 2024, "status": "in_force"})
    assertContains(response, "<strong>0</strong> agreements")
    assertContains(response, "Nothing matches these filters")


@pytest.mark.parametrize("key", ["FD", "fd", "freedonia"])
def test_country_filter_takes_an_iso_code_or_a_slug(client, pact_pair, key):
    assert titles(client.get(AGREEMENTS, {"country": key})) == [
        "Freedonia–Sylvania accord"
    ]


def test_group_and_date_range_filters_combine(client, pact_pair):
    assert titles(client.get(AGREEMENTS, {"group": "g7"})) == [
        "Freedonia–Sylvania accord"
    ]
    response = client.get(
        AGREEMENTS, {"signed_after": "2024-01-01", "signed_before": "2024-12-31"}
    )
    assert titles(response) == ["Fenwick–Sylvania agreement"]
    assert titles(client.get(AGREEMENTS, {"group": "g7", "year": 2024})) == []


def test_bad_filter_values_show_form_errors_not_rows(client, pact_pair):
    response = client.get(AGREEMENTS, {"signed_after": "soon", "status": "lost"})
    assert response.status_code == 200
    assertContains(response, "Enter a valid date")
    assertContains(response, "Select a valid choice")
    assert titles(response) == []
    response = client.get(AGREEMENTS, {"country": "atlantis"})
    assertContains(response, "Unknown country")


def test_filters_in_use_are_listed_with_links_to_remove_each_and_clear_all(
    client, pact_pair
):
    response = client.get(AGREEMENTS, {"year": 2024, "status": "signed"})
    assertContains(response, '<span class="chip-label">Status:</span> Signed')
    assertContains(response, 'href="/agreements/?status=signed"')  # without year
    assertContains(response, 'href="/agreements/?year=2024"')  # without status
    assertContains(response, 'class="clear-link" href="/agreements/"')


def test_status_facet_counts_follow_the_other_filters_but_not_its_own(
    client, pact_pair
):
    response = client.get(AGREEMENTS, {"status": "in_force"})
    status = {f.value: f.count for f in response.context["facets"]["status"]}
    assert status["in_force"] == 1
    assert status["signed"] == 1  # what choosing "signed" instead would give
    assertContains(response, "In force (1)")
    response = client.get(AGREEMENTS, {"year": 2024})
    status = {f.value: f.count for f in response.context["facets"]["status"]}
    assert status == {
        "negotiating": 0,
        "signed": 1,
        "in_force": 0,
        "expired": 0,
        "terminated": 0,
    }
    years = {f.value: f.count for f in response.context["facets"]["year"]}
    assert years == {"2023": 1, "2024": 1}


def test_group_and_topic_facets_count_each_record_once(client):
    g7 = CountryGroup.objects.get(slug="g7")
    both = [make_country(), make_country()]
    for country in both:
        country.groups.add(g7)
    agreement = make_agreement(parties=both)
    make_clause(agreement=agreement).topics.set(
        topics("security-defence", "humanitarian")
    )
    groups = client.get(AGREEMENTS).context["facets"]["group"]
    assert [(f.value, f.count) for f in groups] == [("g7", 1)]
    counted = client.get(LIST_URLS["clauses"]).context["facets"]["topic"]
    assert sorted(f.count for f in counted) == [1, 1]


def test_clicking_a_column_sorts_and_a_second_click_reverses(client, pact_pair):
    response = client.get(AGREEMENTS, {"sort": "title"})
    assert titles(response) == [
        "Fenwick–Sylvania agreement",
        "Freedonia–Sylvania accord",
    ]
    assertContains(response, 'aria-sort="ascending"><a href="?sort=-title"')
    response = client.get(AGREEMENTS, {"sort": "-title"})
    assert titles(response) == [
        "Freedonia–Sylvania accord",
        "Fenwick–Sylvania agreement",
    ]
    assertContains(response, 'aria-sort="descending"><a href="?sort=title"')


def test_sorting_keeps_a_stable_order_between_equal_values(client):
    for n in range(6):
        make_agreement(title=f"Accord {n}", status=Agreement.Status.SIGNED)
    first = titles(client.get(AGREEMENTS, {"sort": "status"}))
    assert first == titles(client.get(AGREEMENTS, {"sort": "status"}))
    assert first == titles(client.get(AGREEMENTS))  # default order breaks ties


def test_list_pages_and_out_of_range_pages_show_the_nearest_page(client):
    for n in range(51):
        make_agreement(title=f"Accord {n:02}")
    assert len(titles(client.get(AGREEMENTS))) == 50
    response = client.get(AGREEMENTS, {"page": 2})
    assert len(titles(response)) == 1
    assertContains(response, "Showing 51–51 of 51")
    assert client.get(AGREEMENTS, {"page": 10**30}).context["page_obj"].number == 2
    assert client.get(AGREEMENTS, {"page": "abc"}).context["page_obj"].number == 1
    assertContains(
        client.get(AGREEMENTS, {"page": 1, "year": 2024}),
        'href="?year=2024&amp;page=2"',
    )


@pytest.mark.parametrize("name", list(LIST_URLS))
def test_list_rows_are_exactly_the_filtersets_rows_in_order(client, name):
    for _ in range(3):
        make_clause()
        make_pledge()
        make_event()
        make_source()
    listing = next(
        item for item in vars(lists).values() if getattr(item, "name", None) == name
    )
    response = client.get(LIST_URLS[name], {"sort": ""})
    expected = list(listing.filterset({"sort": ""}).qs[:50])
    assert list(response.context["object_list"]) == expected


def test_each_list_links_to_its_csv_export_with_the_same_filters(client, pact_pair):
    response = client.get(AGREEMENTS, {"year": 2024})
    assertContains(response, 'href="/agreements.csv?year=2024">Export CSV')
    assertContains(
        response, 'href="/agreements.csv?year=2024&amp;bom=1">Excel-friendly CSV'
    )


def test_search_box_finds_agreements_and_clauses(client, pact_pair):
    make_clause(
        agreement=pact_pair[0],
        number="III ¶1",
        text="The Participants will hold consultations within 24 hours.",
    )
    response = client.get(reverse("agreements:search"), {"q": "consultations"})
    assertContains(response, "<mark>consultations</mark>")
    assertContains(response, "#clause-III-p1")
    response = client.get(reverse("agreements:search"), {"q": "Fenwick"})
    assertContains(response, "<mark>Fenwick</mark>–Sylvania agreement")


def test_navigation_links_every_list_and_marks_the_current_one(client):
    response = client.get(LIST_URLS["pledges"])
    for label in ["Agreements", "Countries", "Clauses", "Pledges", "Events", "Sources"]:
        assertContains(response, f">{label}</a></li>")
    assertContains(response, 'href="/pledges/" aria-current="page">Pledges')


@pytest.fixture
def accord():
    japan = make_country("Japan", iso_code="JP", slug="japan")
    ukraine = make_country("Ukraine", iso_code="UA", slug="ukraine")
    framework = make_agreement(
        parties=[japan, ukraine],
        title="Joint Declaration",
        slug="joint-declaration",
        kind=Agreement.Kind.JOINT_DECLARATION,
        signed_on=datetime.date(2023, 7, 12),
    )
    accord = make_agreement(
        parties=[ukraine, japan],
        title="Japan–Ukraine Accord",
        slug="japan-ukraine-accord",
        signed_on=datetime.date(2024, 6, 13),
        in_force_on=datetime.date(2024, 6, 13),
        status=Agreement.Status.IN_FORCE,
        term_years=10,
        termination_notice_months=6,
        place_signed="Apulia, Italy",
        languages="uk ja en",
        prevailing_language="en",
        framework=framework,
    )
    section = make_clause(
        agreement=accord, number="III", heading="Future armed attack", text=""
    )
    clause = make_clause(
        agreement=accord,
        parent=section,
        number="III ¶1",
        text="In the event of future armed attack the Participants will hold "
        "consultations within 24 hours.",
    )
    clause.topics.set(topics("security-defence"))
    make_pledge(
        donor=japan,
        recipient=ukraine,
        agreement=accord,
        amount=Decimal("4500000000"),
        currency="USD",
    )
    make_pledge(
        donor=japan, recipient=ukraine, amount=Decimal("500000000"), currency="USD"
    )
    signed = make_event(
        agreement=accord,
        kind=SigningEvent.Kind.SIGNED,
        occurred_on=datetime.date(2024, 6, 13),
        place="Apulia",
    )
    person = make_person(name="Fumio Kishida", country=japan)
    make_participation(
        event=signed, person=person, role=Participation.Role.SIGNATORY, office="PM"
    )
    source = make_source(title="Accord text", text="The Accord, verbatim.")
    other = make_source(title="A news report")
    make_citation(source=source, clause=clause, quote="within 24 hours")
    make_citation(source=source, agreement=accord, field="ordinal", claim="16")
    make_citation(source=other, agreement=accord, field="ordinal", claim="15")
    return accord


def test_agreement_page_shows_facts_clauses_pledges_events_and_sources(client, accord):
    response = client.get(accord.get_absolute_url())
    for text in [
        "Japan–Ukraine Accord",
        "In force",
        "13 June 2024",
        "13 June 2034",
        "days remaining",
        "Ends 6 months after written notice",
        "Apulia, Italy",
        "the en text prevails",
        'href="/agreements/joint-declaration/"',
        'id="clause-III-p1"',
        'href="#clause-III-p1"',
        "consultations within 24 hours",
        "Security and defence",
        "USD 4.5 billion",
        "Fumio Kishida",
        "signatory, PM",
        "<blockquote>within 24 hours</blockquote>",
        "Last updated",
    ]:
        assertContains(response, text)
    assertNotContains(response, "USD 500 million")  # not tied to this agreement


def test_agreement_page_says_where_sources_differ(client, accord):
    response = client.get(accord.get_absolute_url())
    assertContains(response, "Sources differ")
    assertContains(response, "“16” (<a href=")
    assertContains(response, "“15” (<a href=")
    # The fact's group in the evidence block says so too, with both claims.
    assertContains(response, 'id="fact-agreement-')
    assertContains(response, '<strong class="differ-flag">sources differ</strong>')


def test_a_source_quoted_twice_for_a_claim_is_listed_once(client, accord):
    source = accord.citations.get(claim="16").source
    make_citation(
        source=source, agreement=accord, field="ordinal", claim="16", quote="16th"
    )

    page = client.get(accord.get_absolute_url()).content.decode()

    aside = page.split('id="differ-heading"')[1].split("</aside>")[0]
    assert aside.count(">Accord text</a>") == 1


def test_agreement_clauses_nest_under_their_sections(client, accord):
    response = client.get(accord.get_absolute_url())
    assert re.search(
        r'class="clause depth-1" id="clause-III-p1"', response.content.decode()
    )


def test_country_page_lists_agreements_pledge_sums_events_and_people(client, accord):
    response = client.get(reverse("agreements:country-detail", args=["japan"]))
    assertContains(response, "Japan–Ukraine Accord")
    assertContains(response, "Pledged by Japan")
    assertContains(response, "USD 5 billion")  # 4.5 billion + 0.5 billion
    assertContains(response, "Fumio Kishida")
    assertContains(response, 'class="timeline"')
    assertContains(response, "13 June 2024")


def test_source_page_shows_the_verbatim_text_and_the_facts_citing_it(client, accord):
    source = accord.citations.get(claim="16").source
    response = client.get(source.get_absolute_url())
    assertContains(response, "The Accord, verbatim.")
    assertContains(response, 'href="/agreements/japan-ukraine-accord/#clause-III-p1"')
    assertContains(response, "Last updated")
    assertNotContains(response, "Damaged text")


def test_damaged_source_is_flagged_on_its_page_and_in_the_list(client):
    source = make_source(
        title="Garbled copy",
        text="coeration",
        is_damaged=True,
        damage_note="op dropped",
    )
    assertContains(client.get(source.get_absolute_url()), "Damaged text")
    response = client.get(LIST_URLS["sources"], {"damaged": "true"})
    assertContains(response, "Garbled copy")
    assertContains(response, "flag-damaged")


def test_home_page_charts_signings_per_month_with_links_into_the_list(
    client, pact_pair
):
    response = client.get(reverse("agreements:home"))
    assertContains(response, "<strong>2</strong> agreements")
    assertContains(response, '<svg viewBox="0 0')
    assertContains(response, "July 2023: 1 signed")
    assertContains(
        response, "/agreements/?signed_after=2024-02-01&amp;signed_before=2024-02-29"
    )
    # Its bars are links, so it is a labelled group, not an image (an image
    # with links inside is axe's "nested-interactive").
    assertContains(response, 'role="group" aria-labelledby="chart-title chart-desc"')
    assertNotContains(response, 'role="img"')


@pytest.mark.parametrize(
    "url",
    ["/agreements/no-such-pact/", "/countries/atlantis/", "/sources/nothing/"],
)
def test_unknown_slugs_are_a_styled_404(client, url):
    assertContains(client.get(url), "There is no page at this address", status_code=404)


def add_rows(japan, size):
    """`size` more agreements of Japan's, each with a clause, pledge, event,
    participant and citations."""
    for n in range(size):
        agreement = make_agreement(parties=[japan, make_country()])
        clause = make_clause(agreement=agreement, text="Consultations within hours.")
        clause.topics.set(topics("security-defence", "humanitarian"))
        pledge = make_pledge(donor=japan, agreement=agreement)
        # No ECB rate: the page says why, naming its agreement's signing day.
        make_pledge(donor=japan, agreement=agreement, currency="UAH")
        event = make_event(agreement=agreement)
        make_participation(event=event)
        source = make_source(text=f"Text {n}")
        for target in ("agreement", "clause", "pledge", "event"):
            make_citation(source=source, **{target: locals()[target]})
    return japan


PAGES = [
    ("/", {}),
    ("/agreements/", {}),
    ("/agreements/", {"country": "JP", "year": 2024, "sort": "-clauses"}),
    ("/countries/", {"group": "g7"}),
    ("/clauses/", {"q": "consultations", "topic": "humanitarian"}),
    ("/pledges/", {"donor": "japan", "currency": "eur"}),
    ("/events/", {"kind": "signed"}),
    ("/sources/", {"damaged": "false"}),
    ("/search/", {"q": "consultations"}),
    ("/agreements/", {"country": ["JP", "japan"], "status": ["signed", "in_force"]}),
    ("/clauses/", {"topic": ["humanitarian", "security-defence"], "country": "JP"}),
    ("/pledges/", {"donor": ["japan", "Japan"], "kind": ["new", "cumulative"]}),
    ("/countries/japan/", {}),
    ("/agreements/first/", {}),
    ("/sources/first/", {}),
]
# The data version read for the HTTP validators (http_validators.py) included,
# and the labels of each facet counted by a related row's key (facets.py; the
# clause list counts three: topic, agreement, country).
QUERY_BUDGET = 17


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("url", "params"), PAGES)
def test_pages_run_a_fixed_number_of_queries_whatever_the_rows(
    client, django_assert_max_num_queries, url, params
):
    japan = make_country("Japan", iso_code="JP", slug="japan")
    add_rows(japan, 2)
    Agreement.objects.filter(pk=japan.agreements.first().pk).update(slug="first")
    source = make_source(slug="first")
    make_citation(source=source, agreement=japan.agreements.first())
    count_queries(client, url, params)  # fills per-process caches, not counted
    few = count_queries(client, url, params)
    add_rows(japan, 8)
    for agreement in japan.agreements.all():
        make_citation(source=source, agreement=agreement)
    many = count_queries(client, url, params)
    assert many == few
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(url, params)


def grow_accord(accord, size):
    """`size` more clauses (tagged), events (with a participant), pledges
    and provision codings (linking the clause) for `accord`."""
    provisions = Provision.objects.order_by("position")
    start = accord.clauses.count()
    for n in range(start, start + size):
        clause = make_clause(agreement=accord, number=str(n + 1), position=n)
        clause.topics.set(topics("security-defence", "humanitarian"))
        event = make_event(agreement=accord)
        make_participation(event=event)
        make_pledge(agreement=accord)
        coding = Coding.objects.create(
            agreement=accord, provision=provisions[n], text="Yes, in part."
        )
        coding.clauses.set([clause])


def test_agreement_page_reads_its_rows_in_a_fixed_number_of_queries(client):
    accord = make_agreement(title="Accord")
    grow_accord(accord, 2)
    count_queries(client, accord.get_absolute_url(), {})  # per-process caches
    few = count_queries(client, accord.get_absolute_url(), {})
    grow_accord(accord, 6)
    many = count_queries(client, accord.get_absolute_url(), {})

    assert many == few
    response = client.get(accord.get_absolute_url())
    assertContains(response, 'class="tag"', count=16)  # 8 clauses × 2 topics
    assertContains(response, '<ul class="people">', count=8)


def test_rows_read_without_their_prefetch_read_their_lists_themselves():
    accord = make_agreement(parties=[make_country("Japan"), make_country("Chile")])
    grow_accord(accord, 1)
    agreement = Agreement.objects.get(pk=accord.pk)
    clause = Clause.objects.get(agreement=accord)
    event = SigningEvent.objects.get(agreement=accord)
    coding = Coding.objects.get(agreement=accord)

    assert [c.name for c in agreement.party_list] == ["Chile", "Japan"]
    assert [t.slug for t in clause.topic_list] == ["humanitarian", "security-defence"]
    assert event.participation_list == list(event.participations.all())
    assert coding.clause_list == [clause]


def test_agreement_page_cites_every_record_of_the_agreement_and_no_other(client):
    accord = make_agreement(title="Accord")
    event = make_event(agreement=accord)
    cited = {
        "agreement": accord,
        "clause": make_clause(agreement=accord),
        "pledge": make_pledge(agreement=accord),
        "event": event,
        "participation": make_participation(event=event),
    }
    for target, record in cited.items():
        make_citation(source=make_source(title=f"On the {target}"), **{target: record})
    other = make_agreement(title="Other")
    make_citation(
        source=make_source(title="On another clause"),
        clause=make_clause(agreement=other),
    )

    response = client.get(accord.get_absolute_url())

    shown = sorted(source.title for source, _ in response.context["sources"])
    assert shown == sorted(f"On the {target}" for target in cited)
    assertNotContains(response, "On another clause")


def test_clause_facets_are_not_counted_over_more_rows_than_the_limit(
    client, monkeypatch
):
    monkeypatch.setattr(lists.CLAUSES, "facet_max_rows", 2)
    accord = make_agreement(title="Accord")
    make_clause(agreement=accord, text="Maritime security.").topics.set(
        topics("security-defence")
    )
    make_clause(text="Maritime order.")
    make_clause(text="Maritime routes.")

    wide = client.get(LIST_URLS["clauses"], {"q": "maritime"})
    narrow = client.get(
        LIST_URLS["clauses"], {"q": "maritime", "agreement": accord.slug}
    )

    assert wide.context["facets"] == {"topic": None, "agreement": None, "country": None}
    assertContains(wide, "<strong>3</strong> clauses")
    assertContains(wide, "Counts per value (topic, agreement, party) are shown once")
    assertContains(wide, "at most 2 rows match")
    # Under the agreement filter, topics and parties count the one match; the
    # agreement facet would count every match of the search, over the limit.
    assert [(f.label, f.count) for f in narrow.context["facets"]["topic"]] == [
        (accord.clauses.get().topics.get().name, 1)
    ]
    assert narrow.context["facets"]["agreement"] is None
    assertContains(narrow, "Counts per value (agreement) are shown once")


def test_small_lists_count_their_facets_whatever_the_rows(client, monkeypatch):
    monkeypatch.setattr(lists.CLAUSES, "facet_max_rows", 2)
    make_clause()
    response = client.get(LIST_URLS["clauses"])
    assert response.context["facets"]["topic"] is not None
    assertNotContains(response, "Counts per value")


def test_clause_list_suggests_the_agreements_with_most_clauses_in_a_text_box(client):
    busy = make_agreement(title="Busy accord")
    quiet = make_agreement(title="Quiet accord")
    for _ in range(3):
        make_clause(agreement=busy)
    make_clause(agreement=quiet)

    response = client.get(LIST_URLS["clauses"])

    html = response.content.decode()
    assert re.search(
        r'<input type="text" name="agreement"[^>]* list="id_agreement-values"', html
    )
    assert '<select name="agreement"' not in html
    suggestions = re.findall(
        r'<option value="([^"]+)">[^<]*\((\d+)\)</option>',
        html.split('id="id_agreement-values"')[1],
    )
    assert suggestions[:2] == [(busy.slug, "3"), (quiet.slug, "1")]
    by_slug = client.get(LIST_URLS["clauses"], {"agreement": quiet.slug})
    assertContains(by_slug, "<strong>1</strong> clause<")
