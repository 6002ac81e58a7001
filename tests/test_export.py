import csv
import datetime
import io
import json
from decimal import Decimal

import psycopg
import pytest
from django.db import connection
from django.db.models import F, Value
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from agreements import lists
from agreements.export import columns_for, csv_response, pgcopy, query, writer
from agreements.export.columns import NUMBER, TEXT, Column
from agreements.export.expressions import CsvLine
from agreements.models import (
    Agreement,
    Clause,
    CountryGroup,
    Person,
    Pledge,
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
)

pytestmark = pytest.mark.django_db

EXPORTS = {
    listing.name: (listing.export_url_name, listing) for listing in lists.LISTINGS
}
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY exists on PostgreSQL only"
)


def body(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def parse(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def export(client, name, query=None):
    return client.get(reverse(EXPORTS[name][0]), query or {})


def exported(client, name, query=None):
    return parse(body(export(client, name, query)))


@pytest.fixture
def world():
    """A few records of every kind, linked the way real ones are."""
    g7 = CountryGroup.objects.get(slug="g7")
    freedonia = make_country("Freedonia", slug="freedonia")
    freedonia.groups.add(g7)
    sylvania = make_country("Sylvania", slug="sylvania")
    latvia = make_country("Latvija", slug="latvija")
    pact = make_agreement(
        title="Freedonia accord",
        parties=[sylvania, freedonia],
        signed_on=datetime.date(2024, 1, 12),
        term_years=10,
    )
    other = make_agreement(
        title="Latvija accord",
        parties=[sylvania, latvia],
        signed_on=datetime.date(2023, 6, 1),
    )
    defence, sanctions = (
        Topic.objects.get(slug=s) for s in ("security-defence", "sanctions")
    )
    for number, agreement in [("I.1", pact), ("I.2", pact), ("II.1.(5)", other)]:
        clause = make_clause(agreement, number=number, text=f"Clause {number}, cyber.")
        clause.topics.add(sanctions, defence)
    cited = Clause.objects.get(number="I.1")
    make_citation(clause=cited, source=make_source(url="https://b.example/2"))
    make_citation(clause=cited, source=make_source(url="https://a.example/1"))
    make_citation(agreement=pact)
    make_pledge(
        donor=freedonia,
        recipient=sylvania,
        agreement=pact,
        amount=Decimal("1500000000"),
        currency="USD",
    )
    make_pledge(
        donor=latvia,
        recipient=sylvania,
        gdp_share=Decimal("0.25"),
        period_start_year=2024,
        period_end_year=2025,
    )
    event = make_event(
        pact, occurred_on=datetime.date(2024, 9, 1), date_precision="month"
    )
    make_participation(event=event, person=make_person(name="Edgars Rinkēvičs"))
    make_participation(
        event=event, person=make_person(name="Masashi Nakagome", native_name="中込正志")
    )
    make_event(other, occurred_on=datetime.date(2023, 1, 1), date_precision="year")
    make_source(title="Damaged text", is_damaged=True, damage_note="Letters lost.")
    return {"freedonia": freedonia, "sylvania": sylvania, "pact": pact, "other": other}


FILTERS = [
    ("agreements", {}),
    ("agreements", {"country": "freedonia"}),
    ("agreements", {"country": "sylvania", "year": "2024"}),
    ("agreements", {"group": "g7"}),
    ("agreements", {"q": "accord", "sort": "-clauses"}),
    ("agreements", {"signed_after": "2023-01-01", "page": "2"}),
    ("countries", {}),
    ("countries", {"group": "g7"}),
    ("countries", {"sort": "-iso"}),
    ("clauses", {}),
    ("clauses", {"topic": "sanctions", "country": "latvija"}),
    ("clauses", {"q": "cyber", "sort": "-position"}),
    ("clauses", {"sort": "signed"}),
    ("clauses", {"sort": "-signed"}),
    ("pledges", {}),
    ("pledges", {"country": "sylvania", "sort": "-amount"}),
    ("pledges", {"year": "2024"}),
    ("pledges", {"sort": "donor"}),
    ("pledges", {"sort": "-donor"}),
    ("events", {}),
    ("events", {"year": "2024"}),
    ("events", {"country": "latvija", "occurred_before": "2023-12-31"}),
    ("sources", {}),
    ("sources", {"damaged": "true"}),
]


@pytest.mark.parametrize(("name", "query"), FILTERS)
def test_export_has_exactly_the_rows_of_the_filtered_list_in_its_order(
    client, world, name, query
):
    listing = EXPORTS[name][1]
    expected = [row.pk for row in listing.filterset(query).qs]

    rows = exported(client, name, query)

    assert [int(row["id"]) for row in rows] == expected


@pytest.mark.parametrize(("name", "query"), FILTERS)
def test_csv_and_json_lines_say_how_many_rows_they_hold(client, world, name, query):
    csv_file = export(client, name, query)
    lines = client.get(f"/api/{name}.jsonl", query)

    assert int(csv_file["X-Row-Count"]) == len(parse(body(csv_file)))
    assert int(lines["X-Row-Count"]) == len(body(lines).splitlines())


def test_export_holds_every_page_of_the_list(client):
    for n in range(55):
        make_source(title=f"Bulletin {n:02d}")

    rows = exported(client, "sources", {"page": "1"})

    assert len(rows) == 55


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_export_streams_utf8_csv_with_its_header_row(client, world, name):
    response = export(client, name)
    data = body(response)
    model = EXPORTS[name][1].model

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert data.split(b"\r\n")[0].decode().split(",") == [
        column.header for column in columns_for(model)
    ]
    assert data.endswith(b"\r\n")


def test_file_name_names_the_table_the_filters_and_the_day(client, world):
    code = world["freedonia"].iso_code
    before = timezone.localdate()
    response = export(client, "agreements", {"country": code.lower(), "year": "2024"})
    body(response)
    after = timezone.localdate()  # the same day, unless midnight came between

    assert response["Content-Disposition"] in {
        f'attachment; filename="agreements_country-{code}_year-2024_{day}.csv"'
        for day in (before, after)
    }


def test_file_name_keeps_only_safe_characters(client, world):
    response = export(client, "clauses", {"q": 'a"b;\r\nc/../d'})
    body(response)

    name = response["Content-Disposition"].split('filename="')[1][:-1]
    assert name.startswith("clauses_q-abc..d_")
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789_.-")


def test_excel_option_adds_a_byte_order_mark_and_filters_nothing(client, world):
    plain = body(export(client, "agreements"))
    excel = body(export(client, "agreements", {"bom": "1"}))

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain


def test_names_in_any_script_survive_a_round_trip(client, world):
    rows = exported(client, "events", {"agreement": world["pact"].slug})
    [row] = [row for row in rows if row["people"]]

    assert row["people"] == "Edgars Rinkēvičs|Masashi Nakagome"
    assert row["people_native_names"] == "|中込正志"
    assert row["date"] == "2024-09"


def test_quotes_commas_and_line_breaks_are_quoted_as_rfc_4180_says(client):
    text = 'He said "no",\r\nthen: yes\nand left.'
    make_clause(text=text)

    data = body(export(client, "clauses"))

    assert b'"He said ""no"",\r\nthen: yes\nand left."' in data
    assert parse(data)[0]["text"] == text


@pytest.mark.parametrize(
    ("heading", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("Plain heading = fine", "Plain heading = fine"),
        ("", ""),
    ],
)
def test_cells_that_would_start_a_formula_are_neutralised(client, heading, cell):
    make_clause(heading=heading, text="Text.")

    assert exported(client, "clauses")[0]["heading"] == cell


def test_lists_and_names_are_guarded_too(client):
    event = make_event()
    make_participation(event=event, person=make_person(name="=cmd|' /C calc'!A0"))

    assert exported(client, "events")[0]["people"] == "'=cmd|' /C calc'!A0"


def test_numeric_columns_keep_negative_numbers(world):
    columns = [
        Column("offset", F("period_start_year") - 2030, NUMBER),
        Column("label", Value("-5"), TEXT),
    ]
    rows = writer.export_rows(Pledge.objects.filter(gdp_share__isnull=False), columns)
    data = b"".join(writer.python_blocks(rows))

    assert data == b"-6,'-5\r\n"


def test_cells_read_the_same_on_every_database(client, world):
    pact = world["pact"]
    [agreement] = exported(client, "agreements", {"country": "freedonia"})
    pledges = {row["currency"]: row for row in exported(client, "pledges")}
    clause = exported(
        client, "clauses", {"topic": "sanctions", "country": "freedonia"}
    )[0]

    assert agreement["signed_on"] == "2024-01-12"
    assert agreement["expires_on"] == "2034-01-12"
    assert agreement["in_force_on"] == ""
    assert (
        agreement["party_slugs"]
        == f"{world['sylvania'].slug}|{world['freedonia'].slug}"
    )
    assert agreement["party_iso_codes"] == (
        f"{world['sylvania'].iso_code}|{world['freedonia'].iso_code}"
    )
    assert agreement["clause_count"] == "2"
    assert agreement["url"] == f"http://testserver{pact.get_absolute_url()}"
    assert pledges["USD"]["amount"] == "1500000000.00"
    assert pledges["USD"]["per_year"] == "false"
    assert pledges[""]["gdp_share_percent"] == "0.250"
    assert pledges[""]["amount"] == ""
    # Made outside an agreement: its row on the donor's page.
    assert pledges[""]["url"] == (
        "http://testserver/countries/latvija/#pledge-"
        f"{Pledge.objects.get(gdp_share__isnull=False).pk}"
    )
    assert clause["topics"] == "security-defence|sanctions"  # vocabulary order
    assert clause["citation_urls"] == "https://a.example/1|https://b.example/2"


@pytest.mark.parametrize(
    "number", ["I.2", "12", "II.1.(5)", "III ¶2", "(a)", "¶", "Ⅳ—1", "1..2", ".5", "5."]
)
def test_clause_url_points_at_the_clause_on_its_agreement_page(client, number):
    clause = make_clause(number=number)

    [row] = exported(client, "clauses")

    assert row["url"] == f"http://testserver{clause.get_absolute_url()}"


@pytest.mark.parametrize(
    ("name", "query", "messages"),
    [
        ("agreements", {"country": "ZZ"}, ["country: Unknown country 'ZZ'"]),
        ("agreements", {"year": "soon"}, ["year: Enter a number."]),
        (
            "agreements",
            {"signed_after": "never", "status": "lost"},
            ["signed: Enter a valid date.", "status: Select a valid choice."],
        ),
        ("clauses", {"topic": "no-such-topic"}, ["topic: Select a valid choice."]),
        ("events", {"year": "99999"}, ["year: Ensure this value is less than"]),
        ("sources", {"q": "x" * 500}, ["q: Ensure this value has at most 200"]),
    ],
)
def test_bad_filters_get_400_with_a_plain_text_explanation(
    client, name, query, messages
):
    response = export(client, name, {**query, "bom": "1"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "nothing was exported" in text
    for message in messages:
        assert message in text


def test_any_model_falls_back_to_its_own_fields(rf):
    make_person(name="Edgars Rinkēvičs", native_name="Rinkēvičs")

    response = csv_response(Person.objects.all(), "people")
    [row] = parse(body(response))

    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert row["name"] == "Edgars Rinkēvičs"
    assert row["native_name"] == "Rinkēvičs"
    assert row["country_id"] == ""


def admin_export(admin_client, model, objects):
    url = reverse(f"admin:agreements_{model._meta.model_name}_changelist")
    return admin_client.post(
        url,
        {"action": "export_csv", "_selected_action": [obj.pk for obj in objects]},
    )


@pytest.mark.parametrize("model", [Agreement, Clause, SigningEvent, Source])
def test_admin_exports_the_selected_rows(admin_client, world, model):
    chosen = list(model.objects.all()[:2])

    rows = parse(body(admin_export(admin_client, model, chosen)))

    assert sorted(int(row["id"]) for row in rows) == sorted(obj.pk for obj in chosen)


# Lists filtered with DISTINCT (agreements by group) are left to Python; a
# search is a semi-join, which COPY takes.
DISTINCT_FILTERS = [{"group": "g7"}]
COPY_FILTERS = [(n, q) for n, q in FILTERS if q not in DISTINCT_FILTERS]


@on_postgres
@pytest.mark.parametrize("query", DISTINCT_FILTERS)
def test_copy_leaves_distinct_lists_to_python(world, query):
    queryset = lists.AGREEMENTS.filterset(query).qs

    assert pgcopy.copy_statement(queryset, columns_for(Agreement)) is None


@on_postgres
@pytest.mark.parametrize(("name", "query"), COPY_FILTERS)
def test_copy_writes_the_same_cells_as_python(world, name, query):
    queryset = EXPORTS[name][1].filterset(query).qs
    columns = columns_for(queryset.model, "https://tracker.example")
    statement = pgcopy.copy_statement(queryset, columns)
    by_python = b"".join(writer.python_blocks(writer.export_rows(queryset, columns)))

    by_copy = b"".join(pgcopy.copy_blocks(queryset.db, statement, 64))

    assert list(csv.reader(io.StringIO(by_copy.decode(), newline=""))) == list(
        csv.reader(io.StringIO(by_python.decode(), newline=""))
    )
    assert by_python.count(b"\r\n") >= len(queryset)


@on_postgres
def test_copy_that_fails_midway_raises_instead_of_ending_quietly():
    statement = (
        "COPY (SELECT 10 / (3 - n) FROM generate_series(1, 5000) n) "
        "TO STDOUT (FORMAT csv)",
        (),
    )

    with pytest.raises(psycopg.errors.DivisionByZero):
        b"".join(pgcopy.copy_blocks("default", statement, 64))


@on_postgres
def test_an_export_cut_short_leaves_the_connection_usable():
    for _ in range(3):
        make_clause(text="x" * 5000)
    queryset = lists.CLAUSES.filterset({}).qs
    statement = pgcopy.copy_statement(queryset, columns_for(Clause))
    blocks = pgcopy.copy_blocks("default", statement, 1)

    next(blocks)
    blocks.close()

    assert not connection.needs_rollback
    assert queryset.count() == 3


@on_postgres
def test_copy_reads_every_row_of_a_long_stream():
    statement = (
        "COPY (SELECT n, repeat('x', n % 50) FROM generate_series(1, 20000) n) "
        "TO STDOUT (FORMAT csv)",
        (),
    )

    data = b"".join(pgcopy.copy_blocks("default", statement, 64 * 1024))

    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert [int(row[0]) for row in rows] == list(range(1, 20001))
    assert data.count(b"\r\n") == 20000


def test_clauses_of_agreements_tied_on_date_and_title_keep_the_list_order(client):
    same = {"title": "Twin accord", "signed_on": datetime.date(2024, 2, 2)}
    first, second = make_agreement(**same), make_agreement(**same)
    later = make_agreement(title="Twin accord", signed_on=datetime.date(2025, 1, 1))
    for agreement in (second, later, first, second, first):
        make_clause(agreement)
    expected = [row.pk for row in lists.CLAUSES.filterset({}).qs]

    rows = exported(client, "clauses")

    assert [int(row["id"]) for row in rows] == expected
    assert [int(row["agreement_id"]) for row in rows] == [
        later.pk,
        first.pk,
        first.pk,
        second.pk,
        second.pk,
    ]


def test_sorting_by_a_related_row_is_ranked_and_other_sorts_are_left_alone():
    clauses = lists.CLAUSES.filterset

    assert query.ranked_order(clauses({}).qs) is not None
    assert query.ranked_order(clauses({"sort": "-signed"}).qs) is not None
    assert query.ranked_order(clauses({"sort": "-position"}).qs) is None
    assert query.ranked_order(Clause.objects.order_by("agreement_id")) is None


def test_lines_written_by_the_database_read_like_the_csv_module_s(world):
    make_clause(
        world["pact"],
        number="IX.1",
        heading='Quotes "here", commas',
        text='Line one\r\nline two\nend, with "quotes"',
    )
    queryset = lists.CLAUSES.filterset({}).qs
    columns = columns_for(Clause, "https://tracker.example")

    lines = query.export_rows(queryset, columns, lines=True)
    cells = query.export_rows(queryset, columns)
    by_database = b"".join(writer.python_blocks(lines))
    by_csv = b"".join(writer.python_blocks(cells))

    def read(data):
        return list(csv.reader(io.StringIO(data.decode(), newline="")))

    assert isinstance(lines.first(), str)
    assert read(by_database) == read(by_csv)
    assert len(read(by_database)) == Clause.objects.count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's printf()")
@pytest.mark.parametrize("name", EXPORTS)
def test_sqlite_printf_lines_equal_the_lines_of_concatenated_cells(
    world, monkeypatch, name
):
    make_agreement(title='The "Twin" accord, again', short_title="", summary="=1+1")
    make_clause(world["pact"], heading="", text='"Quoted", then\r\nmore')
    queryset = EXPORTS[name][1].filterset({}).qs
    columns = columns_for(queryset.model, "https://tracker.example")

    def lines():
        return list(query.export_rows(queryset, columns, lines=True))

    by_printf = lines()
    monkeypatch.setattr(CsvLine, "as_sqlite", CsvLine.as_sql)

    assert by_printf == lines()
    assert len(by_printf) == queryset.count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's printf()")
def test_sqlite_printf_lines_leave_null_text_empty_and_quote_blank_text(world):
    columns = [
        Column("id", "pk", NUMBER),
        Column("heading", "heading"),  # blank, never NULL
        Column("anchor", "stored_anchor"),  # NULL: SQLite does not store it
        Column("framework", "agreement__framework__slug"),  # no framework: NULL
        Column("parent_id", "parent_id", NUMBER),  # NULL
        Column("text", "text"),
    ]
    clause = make_clause(world["pact"], heading="", text='Say "yes", or no')

    clauses = Clause.objects.filter(pk=clause.pk).order_by("pk")  # joins, no rank
    line = query.export_rows(clauses, columns, lines=True)

    assert line.get() == f'{clause.pk},"",,,,"Say ""yes"", or no"'


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
@pytest.mark.parametrize("query", [{}, {"sort": "-signed"}])
def test_sqlite_reads_clauses_in_order_without_sorting_them(world, query):
    queryset = lists.CLAUSES.filterset(query).qs
    rows = writer.export_rows(queryset, columns_for(Clause, "https://t.example"))
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [detail for _, parent, _, detail in cursor.fetchall() if parent == 0]

    assert "SCAN agreements_agreement USING INDEX agreement_list_order" in plan
    assert not [step for step in plan if "ORDER BY" in step], plan
    lines = b"".join(writer.python_blocks(rows)).decode()
    exported = [int(row[0]) for row in csv.reader(io.StringIO(lines, newline=""))]
    assert exported == [row.pk for row in queryset]


@pytest.mark.parametrize(
    "ordering",
    [("agreement", "position"), ("agreement", "-position"), ("-agreement", "-pk")],
)
def test_exported_clauses_follow_rank_and_position_in_either_direction(world, ordering):
    for position in (7, 3, 5):
        make_clause(world["other"], number=f"V.{position}", position=position)
    queryset = Clause.objects.order_by(*ordering)

    rows = parse(b"".join(writer.csv_blocks(queryset)))

    assert [int(row["id"]) for row in rows] == [clause.pk for clause in queryset]


def plan_of(statement):
    """PostgreSQL's plan for the SELECT inside a COPY statement."""
    sql, params = statement
    select = sql.removeprefix("COPY (").rpartition(") TO STDOUT (")[0]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {select}", params)
        return cursor.fetchone()[0][0]["Plan"]


@on_postgres
@pytest.mark.parametrize("as_json", [False, True], ids=["csv", "jsonl"])
@pytest.mark.parametrize("query", [{}, {"sort": "-signed"}])
def test_whole_clause_table_streams_in_order_without_a_sort_of_all_rows(
    world, query, as_json
):
    queryset = lists.CLAUSES.filterset(query).qs
    statement = pgcopy.copy_statement(
        queryset, columns_for(Clause, "https://t.example", "postgresql"), as_json
    )

    plan = plan_of(statement)

    assert plan["Node Type"] == "Nested Loop"
    assert "CROSS JOIN LATERAL" in statement[0]
    per_clause = statement[0].split("CROSS JOIN LATERAL")[1]
    assert "json_agg" not in per_clause  # the lists are read, not built


@on_postgres
def test_streamed_json_lines_parse_as_the_rows_of_a_page(world):
    queryset = lists.CLAUSES.filterset({"sort": "-signed"}).qs
    statement = pgcopy.copy_statement(
        queryset, columns_for(Clause, "https://t.example", "postgresql"), json=True
    )

    streamed = b"".join(pgcopy.copy_blocks(queryset.db, statement, 64, b"\n"))
    rows = [json.loads(line) for line in streamed.decode().splitlines()]

    page = writer.json_rows(queryset, "https://t.example", few=True)
    assert rows == [json.loads(line) for line in page]
    assert len(rows) == queryset.count() > 1
    assert any(row["topics"] for row in rows) and any(r["citation_urls"] for r in rows)


@on_postgres
def test_filtered_clauses_are_sorted_after_the_filter():
    queryset = lists.CLAUSES.filterset({"topic": "sanctions"}).qs
    statement = pgcopy.copy_statement(
        queryset, columns_for(Clause, "https://t.example", "postgresql")
    )

    assert "LATERAL" not in statement[0]
    assert plan_of(statement)["Node Type"] == "Sort"


@on_postgres
def test_streamed_clauses_read_their_agreement_from_the_ranked_rows(world):
    queryset = lists.CLAUSES.filterset({}).qs
    columns = columns_for(Clause, "https://t.example", "postgresql")

    sql, _ = query.streamed_rows(queryset, columns)

    per_clause = sql.split("CROSS JOIN LATERAL")[1]
    assert '"agreements_agreement"' not in per_clause
    assert 'ORDER BY "agreements_clause"."position" ASC)' in per_clause


def test_an_order_stops_at_the_first_terms_that_single_out_a_row():
    key = Clause._meta.get_field("agreement")

    assert query.until_unique(Clause, key, ["position", "pk"]) == ["position"]
    assert query.until_unique(Clause, key, ["-position", "pk"]) == ["-position"]
    assert query.until_unique(Clause, key, ["number", "pk"]) == ["number"]
    assert query.until_unique(Clause, key, ["heading", "pk"]) == ["heading", "pk"]
    assert query.until_unique(Clause, key, ["heading", "text"]) == ["heading", "text"]


@on_postgres
@pytest.mark.parametrize("name", ["clauses", "countries", "sources"])
def test_copy_quotes_text_cells_as_the_lines_sqlite_writes(world, name):
    queryset = EXPORTS[name][1].filterset({}).qs
    columns = columns_for(queryset.model, "https://tracker.example")
    statement = pgcopy.copy_statement(queryset, columns)
    lines = query.export_rows(queryset, columns, lines=True)

    by_copy = b"".join(pgcopy.copy_blocks(queryset.db, statement, 64))

    assert isinstance(lines.first(), str)
    assert by_copy == b"".join(writer.python_blocks(lines))
    assert b',"' in by_copy
