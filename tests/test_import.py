"""manage.py import_agreements: the cell grammar, idempotence, updates, and bad
input that must abort the whole import with a clear message."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from agreements.models import (
    Agreement,
    Citation,
    Participation,
    Person,
    Pledge,
    SigningEvent,
    Source,
)
from agreements.seed import research
from tests.factories import make_source

pytestmark = pytest.mark.django_db

ROW = {
    "ordinal": "3rd",
    "partner": "Freedonia",
    "partner_iso2": "FD",
    "date_signed": "2024-02-16",
    "place": "Fredville, Freedonia",
    "ukraine_signatory": "President Rufus Firefly",
    "partner_signatory": "Prime Minister Gloria Teasdale",
    "title": "Agreement on security cooperation between Freedonia and Ukraine",
    "term_years": "10",
    "pledge_amount": "up to 3 billion",
    "pledge_currency": "EUR",
    "pledge_period": "2024 (other source: 2024-25)",
    "pledge_note": "Military aid in 2024.",
    "source_urls": "https://news.example.org/en/freedonia-signs-pact | "
    "https://gov.example.fd/ukraine",
    "evidence_snippet": "Freedonia and Ukraine signed on 16 February 2024",
    "confidence": "2+ sources",
    "notes": "Third by date.",
}


def second_row(**changes):
    return {
        **ROW,
        "ordinal": "4th",
        "partner": "Sylvania",
        "partner_iso2": "SY",
        "date_signed": "2024-02-23",
        "partner_signatory": "President Trentino Ambassador",
        "source_urls": "https://news.example.org/en/sylvania",
        **changes,
    }


def write_csv(path, rows, columns=research.COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(path):
    out = io.StringIO()
    call_command("import_agreements", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts():
    return [
        model.objects.count()
        for model in (Agreement, Pledge, SigningEvent, Participation, Source, Citation)
    ]


def test_a_row_becomes_an_agreement_with_event_people_pledge_and_citations(tmp_path):
    run_import(write_csv(tmp_path / "a.csv", [ROW]))

    agreement = Agreement.objects.get()
    assert agreement.title == ROW["title"]
    assert (agreement.ordinal, agreement.signed_on) == (3, datetime.date(2024, 2, 16))
    assert agreement.expires_on == datetime.date(2034, 2, 16)
    assert sorted(agreement.parties.values_list("iso_code", flat=True)) == ["FD", "UA"]
    signing = agreement.events.get()
    assert (signing.kind, signing.place) == ("signed", "Fredville, Freedonia")
    assert {(p.person.name, p.office) for p in signing.participations.all()} == {
        ("Rufus Firefly", "President"),
        ("Gloria Teasdale", "Prime Minister"),
    }
    pledge = agreement.pledges.get()
    assert (pledge.amount, pledge.currency, pledge.qualifier) == (
        Decimal("3000000000.00"),
        "EUR",
        "up_to",
    )
    assert (pledge.period_start_year, pledge.category) == (2024, "military")
    assert Source.objects.count() == 2
    # Each listed page is cited for the agreement as a whole, unquoted: the
    # file does not say which page states which fact, so no snippet is
    # copied under every page; quotes of single facts come from elsewhere.
    assert agreement.citations.count() == 2
    assert all(not c.quote for c in agreement.citations.all())
    assert "not quoted" in agreement.citations.first().note
    assert "16 February 2024" not in agreement.citations.first().note
    for record in (signing, pledge, *signing.participations.all()):
        assert record.citations.count() == 0


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "a.csv", [ROW, second_row()])
    run_import(path)
    before = counts()
    stamps = list(Agreement.objects.values_list("updated_at", flat=True))

    output = run_import(path)

    assert counts() == before
    assert list(Agreement.objects.values_list("updated_at", flat=True)) == stamps
    assert "0 created, 0 updated, 2 unchanged" in output


def test_an_edited_cell_updates_its_record_without_duplicating(tmp_path):
    run_import(write_csv(tmp_path / "a.csv", [ROW]))
    before = counts()

    edited = {**ROW, "pledge_amount": "at least 3.5 billion", "title": "New title"}
    output = run_import(write_csv(tmp_path / "b.csv", [edited]))

    assert counts() == before
    assert "1 updated" in output
    assert Agreement.objects.get().title == "New title"
    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.qualifier) == (Decimal("3500000000.00"), "at_least")


def test_a_changed_signatory_replaces_the_old_participation(tmp_path):
    run_import(write_csv(tmp_path / "a.csv", [ROW]))
    edited = {**ROW, "partner_signatory": "Prime Minister Chicolini Ravelli"}
    run_import(write_csv(tmp_path / "b.csv", [edited]))

    names = set(Participation.objects.values_list("person__name", flat=True))
    assert names == {"Rufus Firefly", "Chicolini Ravelli"}


def test_a_curated_field_is_not_overwritten_by_a_later_import(tmp_path):
    run_import(write_csv(tmp_path / "a.csv", [ROW]))
    agreement = Agreement.objects.get()
    agreement.title = "Title as printed in the signed text"
    agreement.save()
    Citation.objects.create(agreement=agreement, source=make_source(), field="title")

    run_import(write_csv(tmp_path / "b.csv", [{**ROW, "title": "Reported title"}]))

    assert Agreement.objects.get().title == "Title as printed in the signed text"


def test_a_bad_row_aborts_the_whole_import_with_its_row_number(tmp_path):
    rows = [ROW, second_row(date_signed="soon")]
    with pytest.raises(CommandError) as error:
        run_import(write_csv(tmp_path / "a.csv", rows))

    assert "Row 2 (line 3): date_signed 'soon' is not an ISO date (YYYY-MM-DD)" in str(
        error.value
    )
    assert counts() == [0, 0, 0, 0, 0, 0]


def test_a_row_the_models_reject_rolls_back_the_rows_before_it(tmp_path):
    rows = [ROW, second_row(partner="S" * 130)]
    with pytest.raises(CommandError, match=r"Row 2 \(line 3\): country .* not valid"):
        run_import(write_csv(tmp_path / "a.csv", rows))

    assert counts() == [0, 0, 0, 0, 0, 0]


def test_the_line_number_counts_multi_line_cells(tmp_path):
    rows = [{**ROW, "notes": "one\ntwo\nthree"}, second_row(partner_iso2="sy")]
    with pytest.raises(CommandError, match=r"Row 2 \(line 5\): partner_iso2 'sy'"):
        run_import(write_csv(tmp_path / "a.csv", rows))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"partner": '=HYPERLINK("http://evil.example")'}, "formula"),
        ({"title": "@SUM(A1:A2)"}, "formula"),
        ({"notes": "x" * 5000}, "5000 characters long"),
        ({"pledge_amount": "lots"}, "does not follow the grammar"),
        ({"pledge_currency": "EURO"}, "not an ISO 4217 code"),
        ({"pledge_currency": ""}, "pledge_currency is empty"),
        ({"pledge_amount": "0.25% of GDP annually"}, "takes no pledge_currency"),
        ({"ordinal": "first"}, "neither like '16th'"),
        ({"term_years": "ten"}, "not a whole number"),
        ({"date_signed": "2024-02-30"}, "not a real date"),
        ({"source_urls": "javascript:alert(1)"}, "not an http(s) URL"),
        ({"source_urls": ""}, "every row needs at least one source"),
        ({"partner_signatory": "President 1234"}, "names no person"),
        ({"partner": ""}, "partner is empty"),
    ],
)
def test_hostile_or_malformed_cells_are_refused_with_a_reason(
    tmp_path, changes, message
):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        run_import(write_csv(tmp_path / "a.csv", [{**ROW, **changes}]))

    assert str(error.value).startswith("Row 1 (line 2): ")
    assert counts() == [0, 0, 0, 0, 0, 0]


def test_a_file_that_is_not_utf8_gives_a_clear_error(tmp_path):
    path = tmp_path / "latin1.csv"
    write_csv(path, [{**ROW, "partner": "Freedonia"}])
    path.write_bytes(
        path.read_bytes().replace(b"Freedonia", "Fréedonia".encode("latin-1"))
    )

    with pytest.raises(CommandError, match="is not UTF-8 text: byte 0xe9 on line 2"):
        run_import(path)


def test_a_file_missing_columns_is_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", [ROW], columns=research.COLUMNS[:5])

    with pytest.raises(CommandError, match="lacks the column"):
        run_import(path)


def test_a_missing_file_gives_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "absent.csv")


def test_the_same_agreement_twice_in_one_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="already row 1"):
        run_import(write_csv(tmp_path / "a.csv", [ROW, ROW]))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("at least 1.8 billion", [(Decimal("1800000000.00"), None, "at_least", False)]),
        ("up to 3 billion", [(Decimal("3000000000.00"), None, "up_to", False)]),
        ("0.25% of GDP annually", [(None, Decimal("0.25"), "", True)]),
        (
            "75 billion (approx. EUR 6.5 billion)",
            [(Decimal("75000000000.00"), None, "", False)],
        ),
        (
            "128 million + at least 40 million",
            [
                (Decimal("128000000.00"), None, "", False),
                (Decimal("40000000.00"), None, "at_least", False),
            ],
        ),
        (
            "at least 4 billion per year (almost USD 30 million)",
            [(Decimal("4000000000.00"), None, "at_least", True)],
        ),
        ("3.02 billion", [(Decimal("3020000000.00"), None, "", False)]),
    ],
)
def test_pledge_amount_grammar(cell, expected):
    parts = research.parse_pledges(cell, "Military aid in 2024.")
    assert [(p.amount, p.gdp_share, p.qualifier, p.per_year) for p in parts] == expected


def test_a_parenthesised_approximation_is_a_note_not_a_second_pledge():
    (part,) = research.parse_pledges("75 billion (approx. EUR 6.5 billion)", "")
    assert part.note == "approx. EUR 6.5 billion"


def test_split_pledges_take_their_category_from_their_part_of_the_note():
    parts = research.parse_pledges(
        "128 million + at least 40 million",
        "EUR 128m non-lethal military support plus at least EUR 40m humanitarian aid",
    )
    assert [p.category for p in parts] == ["military", "humanitarian"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024", (2024, 2024, False)),
        ("2024-2026", (2024, 2026, False)),
        ("2024 (impactnews: 2024-25)", (2024, 2024, False)),
        ("annually 2024-2028", (2024, 2028, True)),
        ("annual (Baltic Times: 'by 2026'); ~EUR 112m in 2024", (None, None, True)),
        ("each year over the next four years", (None, None, True)),
        ("", (None, None, False)),
    ],
)
def test_pledge_period_grammar(cell, expected):
    assert research.parse_period(cell) == expected


def test_signatory_cells_give_signatories_witnesses_and_native_names():
    people = research.parse_people(
        "Ambassador to Ukraine Masashi Nakagome (中込正志), in the presence of "
        "Foreign Minister Takeshi Iwaya (per MOFA)",
        "partner_signatory",
    )
    assert [(p.name, p.office, p.role, p.native_name) for p in people] == [
        ("Masashi Nakagome", "Ambassador to Ukraine", "signatory", "中込正志"),
        ("Takeshi Iwaya", "Foreign Minister", "witness", ""),
    ]
    assert people[0].attribution == "per MOFA"
    (first, second) = research.parse_people(
        "Serhii Andrushchenko, First Deputy Head of the SBU, in the presence of "
        "PM Denys Shmyhal",
        "ukraine_signatory",
    )
    assert (first.name, first.office) == (
        "Serhii Andrushchenko",
        "First Deputy Head of the SBU",
    )
    assert (second.name, second.office, second.role) == (
        "Denys Shmyhal",
        "Prime Minister",
        "witness",
    )


def test_two_signatories_in_one_cell_and_an_office_with_a_gloss():
    people = research.parse_people(
        "European Council President Charles Michel; Prime Minister (Presidente del "
        "Consiglio) Giorgia Meloni",
        "partner_signatory",
    )
    assert [(p.name, p.office) for p in people] == [
        ("Charles Michel", "European Council President"),
        ("Giorgia Meloni", "Prime Minister (Presidente del Consiglio)"),
    ]


def test_url_sources_say_the_title_is_derived_and_guess_only_evident_languages():
    assert research.language_of("https://www.ilpost.it/2024/02/24/x/") == "it"
    assert research.language_of("https://www.swissinfo.ch/ger/auch-estland/1") == "de"
    assert research.language_of("https://newsukraine.rbc.ua/news/a-b-c") == "en"
    title = research.title_from_url(
        "https://kyivindependent.com/poland-ukraine-sign-pact/"
    )
    assert (
        title
        == "poland ukraine sign pact — kyivindependent.com (title derived from the URL)"
    )


def test_an_organisation_without_iso_code_is_imported_as_an_organisation(tmp_path):
    row = {**ROW, "partner": "Union of Freedonian States", "partner_iso2": ""}
    run_import(write_csv(tmp_path / "a.csv", [row]))

    union = Agreement.objects.get().parties.get(name="Union of Freedonian States")
    assert (union.kind, union.iso_code) == ("organisation", "")
    assert Person.objects.get(name="Gloria Teasdale").country == union
