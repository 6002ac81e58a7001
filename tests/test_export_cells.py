"""The export cells PostgreSQL keeps on each clause (migrations 0008, 0009,
0014 and 0018) always equal the ones the export computes, whatever changed and
however."""

from importlib import import_module
from json import loads

import pytest
from django.db import connection

from agreements.export import columns_for, query, writer
from agreements.models import Citation, Clause, Source, Topic
from agreements.models.clauses import anchor_for
from tests.factories import make_agreement, make_citation, make_clause, make_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the cells are kept by PostgreSQL triggers only",
    ),
]

NUMBERS = ["I.1", "II.1.(5)", "III ¶2", ".4", "a..b", "IV.", "—", "2.10"]
# Code-point order (B, a, b), which the lists follow, is not the order of a
# linguistic collation (a, b, B). Under a C or C.UTF-8 database collation, as
# in the throwaway test cluster, the two agree.
URLS = {"b": "https://b.example", "B": "https://B.example", "a": "https://a.example"}


def stored_and_computed():
    """The clause export read from the stored cells and computed afresh."""
    queryset = Clause.objects.order_by("pk")
    stored = columns_for(Clause, "https://t.example", "postgresql")
    computed = columns_for(Clause, "https://t.example")
    assert stored != computed
    csv = [
        b"".join(writer.python_blocks(writer.export_rows(queryset, columns)))
        for columns in (stored, computed)
    ]
    # The JSON arrays kept for the API (0014) parse as the computed ones.
    json = [
        [loads(line) for line in query.export_rows(queryset, columns, json=True)]
        for columns in (stored, computed)
    ]
    assert json[0] == json[1]
    return csv


def stored_cells(clause):
    """The CSV cells kept on the clause, after checking that its JSON arrays
    list the same values."""
    clause.refresh_from_db()
    topics, urls = clause.topic_slugs, clause.citation_urls
    assert loads(clause.topic_slugs_json) == (topics.split("|") if topics else [])
    assert loads(clause.citation_urls_json) == (urls.split("|") if urls else [])
    return topics, clause.stored_anchor, urls


def stored_urls(*clauses):
    """The stored citation URLs of `clauses`, after checking that the whole
    export reads the same from the stored cells as it computes."""
    stored, computed = stored_and_computed()
    assert stored == computed
    return [stored_cells(clause)[2] for clause in clauses]


def listed(*keys):
    """The cell listing the URLS of `keys`, in code-point order."""
    return "|".join(sorted(URLS[key] for key in keys))


def page(source):
    """How the stored cells list a source without a web address: its page
    here, site-relative (an export makes it absolute)."""
    return f"/sources/{source.slug}/"


@pytest.fixture
def topics():
    return list(Topic.objects.order_by("pk")[:3])


@pytest.fixture
def sources():
    """A source for each of URLS, and one without a URL: all hold their text,
    so that any of them may lose its URL."""
    urls = {**URLS, "blank": ""}
    return {key: make_source(url=url, text="Full text.") for key, url in urls.items()}


@pytest.fixture
def clauses(topics):
    agreement = make_agreement()
    made = [make_clause(agreement, number=number) for number in NUMBERS]
    made[0].topics.add(topics[2], topics[0])
    made[1].topics.add(topics[1])
    return made


def test_a_new_clause_has_its_anchor_and_no_topics(clauses):
    for clause, number in zip(clauses[2:], NUMBERS[2:], strict=True):
        assert stored_cells(clause) == (None, anchor_for(number), None)


def test_topics_are_listed_in_vocabulary_order(clauses, topics):
    expected = f"{topics[0].slug}|{topics[2].slug}"

    assert stored_cells(clauses[0]) == (expected, "clause-I-1", None)


def test_stored_cells_equal_computed_cells_after_every_kind_of_change(clauses, topics):
    first, second, third = clauses[:3]
    first.topics.remove(topics[0])
    second.topics.set([topics[2], topics[0]])
    third.topics.add(*topics)
    third.topics.clear()
    Clause.topics.through.objects.bulk_create(
        [Clause.topics.through(clause=clauses[4], topic=topic) for topic in topics]
    )
    Clause.topics.through.objects.filter(clause=clauses[4], topic=topics[1]).update(
        topic=Topic.objects.exclude(pk__in=[t.pk for t in topics]).first()
    )
    Clause.objects.filter(pk=clauses[5].pk).update(number="V.(2)")
    topics[2].slug = "renamed-topic"
    topics[2].save()

    stored, computed = stored_and_computed()

    assert stored == computed
    assert b"renamed-topic" in stored and b"clause-V-2" in stored


def test_a_stale_or_hand_written_value_does_not_stick(clauses, topics):
    clause = Clause.objects.get(pk=clauses[0].pk)  # holds the old list
    clauses[0].topics.clear()
    clause.stored_anchor = "clause-made-up"
    clause.save()

    assert stored_cells(clause) == (None, "clause-I-1", None)
    Clause.objects.filter(pk=clause.pk).update(topic_slugs="made-up")
    assert stored_cells(clause) == (None, "clause-I-1", None)


def test_deleting_a_topic_takes_it_out_of_the_lists(clauses, topics):
    topics[0].delete()

    stored, computed = stored_and_computed()

    assert stored == computed
    assert stored_cells(clauses[0])[0] == topics[2].slug


def test_citation_urls_are_distinct_pages_first_in_code_point_order(clauses, sources):
    for key in ["b", "blank", "a", "B", "b", "blank"]:
        make_citation(clause=clauses[0], source=sources[key])

    assert stored_urls(clauses[0]) == [
        f"{page(sources['blank'])}|https://B.example|https://a.example|https://b.example"
    ]


def test_a_clause_cited_only_by_a_source_without_url_lists_its_page(clauses, sources):
    make_citation(clause=clauses[0], source=sources["blank"])

    assert stored_urls(clauses[0]) == [page(sources["blank"])]


def test_citations_added_one_by_one_or_in_bulk_are_listed(clauses, sources):
    make_citation(clause=clauses[0], source=sources["a"])
    Citation.objects.bulk_create(
        [Citation(clause=clauses[1], source=source) for source in sources.values()]
        + [Citation(clause=clauses[2], source=sources["b"])]
    )

    assert stored_urls(*clauses[:4]) == [
        listed("a"),
        f"{page(sources['blank'])}|{listed('a', 'b', 'B')}",
        listed("b"),
        None,
    ]


def test_deleted_citations_leave_the_lists(clauses, sources):
    make_citation(clause=clauses[0], source=sources["a"])
    make_citation(clause=clauses[0], source=sources["b"]).delete()
    make_citation(clause=clauses[1], source=sources["a"])
    make_citation(clause=clauses[1], source=sources["B"])
    make_citation(clause=clauses[2], source=sources["a"])
    Citation.objects.filter(clause=clauses[1]).delete()
    clauses[2].delete()  # with its citations

    assert stored_urls(clauses[0], clauses[1]) == [listed("a"), None]


def test_a_citation_moved_to_another_clause_takes_its_url_along(clauses, sources):
    moved = make_citation(clause=clauses[0], source=sources["a"])
    make_citation(clause=clauses[1], source=sources["b"])
    Citation.objects.filter(pk=moved.pk).update(clause=clauses[1])

    assert stored_urls(clauses[0], clauses[1]) == [None, listed("a", "b")]
    moved.clause = clauses[2]
    moved.save()
    assert stored_urls(clauses[1], clauses[2]) == [listed("b"), listed("a")]


def test_a_citation_of_another_source_lists_that_source(clauses, sources):
    citation = make_citation(clause=clauses[0], source=sources["a"])
    citation.source = sources["b"]
    citation.save()

    assert stored_urls(clauses[0]) == [listed("b")]
    Citation.objects.filter(pk=citation.pk).update(source=sources["blank"])
    assert stored_urls(clauses[0]) == [page(sources["blank"])]


def test_a_changed_source_url_changes_every_clause_citing_it(clauses, sources):
    make_citation(clause=clauses[0], source=sources["a"])
    make_citation(clause=clauses[1], source=sources["a"])
    make_citation(clause=clauses[1], source=sources["b"])
    make_citation(clause=clauses[2], source=sources["blank"])
    sources["a"].url = "https://c.example"
    sources["a"].save()
    Source.objects.filter(pk=sources["blank"].pk).update(url="https://d.example")

    assert stored_urls(*clauses[:3]) == [
        "https://c.example",
        "https://b.example|https://c.example",
        "https://d.example",
    ]
    Source.objects.filter(pk=sources["b"].pk).update(url="")
    assert stored_urls(clauses[1]) == [f"{page(sources['b'])}|https://c.example"]


def test_a_renamed_source_without_url_changes_every_clause_citing_it(clauses, sources):
    make_citation(clause=clauses[0], source=sources["blank"])
    make_citation(clause=clauses[1], source=sources["blank"])
    make_citation(clause=clauses[1], source=sources["a"])
    Source.objects.filter(pk=sources["blank"].pk).update(slug="renamed")

    assert stored_urls(clauses[0], clauses[1]) == [
        "/sources/renamed/",
        "/sources/renamed/|https://a.example",
    ]


def test_an_export_makes_the_stored_pages_absolute(clauses, sources):
    make_citation(clause=clauses[0], source=sources["blank"])
    make_citation(clause=clauses[0], source=sources["a"])
    columns = columns_for(Clause, "https://t.example", "postgresql")
    queryset = Clause.objects.filter(pk=clauses[0].pk)
    cells = b"".join(writer.python_blocks(writer.export_rows(queryset, columns)))
    expected = f"https://t.example{page(sources['blank'])}|https://a.example"
    assert expected.encode() in cells
    (line,) = query.export_rows(queryset, columns, json=True)
    assert loads(line)["citation_urls"] == expected.split("|")


def test_a_stale_or_hand_written_list_does_not_stick(clauses, sources):
    make_citation(clause=clauses[0], source=sources["a"])
    Clause.objects.filter(pk=clauses[0].pk).update(citation_urls="made-up")
    stale = Clause.objects.get(pk=clauses[1].pk)  # holds no list
    make_citation(clause=clauses[1], source=sources["b"])
    stale.save()

    assert stored_urls(clauses[0], clauses[1]) == [listed("a"), listed("b")]


def function_body(sql, name):
    """The body ($$ … $$) of the first definition of function `name` in `sql`."""
    return sql.split(f"FUNCTION {name}()", 1)[1].split("$$")[1]


def test_reversing_0009_puts_back_the_clause_function_of_0008():
    written = import_module("agreements.migrations.0008_clause_export_cells")
    reversed_ = import_module("agreements.migrations.0009_clause_citation_urls")
    name = "agreements_clause_export_cells"

    assert function_body(reversed_.DROP, name) == function_body(written.CREATE, name)


def test_reversing_0014_puts_back_the_clause_function_of_0009():
    written = import_module("agreements.migrations.0009_clause_citation_urls")
    reversed_ = import_module("agreements.migrations.0014_clause_json_cells")
    name = "agreements_clause_export_cells"

    assert function_body(reversed_.DROP, name) == function_body(written.CREATE, name)


def test_a_hand_written_json_list_does_not_stick(clauses, topics):
    Clause.objects.filter(pk=clauses[0].pk).update(
        topic_slugs_json='["made-up"]', citation_urls_json='["https://x.example"]'
    )

    clauses[0].refresh_from_db()
    assert loads(clauses[0].topic_slugs_json) == [topics[0].slug, topics[2].slug]
    assert loads(clauses[0].citation_urls_json) == []
