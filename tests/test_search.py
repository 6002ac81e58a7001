import pytest
from django.db import connection
from django.urls import reverse_lazy
from pytest_django.asserts import assertContains, assertNotContains

from agreements.models import Clause
from agreements.search import INDEX_NAME
from agreements.templatetags.browse import highlight
from tests.factories import make_agreement, make_clause, topics

pytestmark = pytest.mark.django_db

CLAUSES = reverse_lazy("agreements:clause-list")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search with ranking and its GIN index exist on PostgreSQL only",
)


def numbers(queryset):
    return [clause.number for clause in queryset]


def test_clause_search_highlights_matches_with_mark(client):
    make_clause(number="III ¶1", text="The Participants will hold consultations.")
    make_clause(number="IV", text="Sanctions against the aggressor.")
    response = client.get(CLAUSES, {"q": "consultations"})
    assertContains(response, "hold <mark>consultations</mark>.")
    assertNotContains(response, "Sanctions against")
    assertContains(response, "<strong>1</strong> clause<")


def test_clause_search_needs_every_word(client):
    make_clause(number="1", text="Consultations within 24 hours of an attack.")
    make_clause(number="2", text="Consultations on reform.")
    response = client.get(CLAUSES, {"q": "consultations attack"})
    assert numbers(response.context["object_list"]) == ["1"]
    assertContains(response, "<mark>Consultations</mark> within 24 hours of an")


def test_clause_search_filters_by_topic_agreement_and_country(client):
    accord = make_agreement(title="Accord")
    tagged = make_clause(agreement=accord, number="1", text="Maritime security.")
    tagged.topics.set(topics("security-defence"))
    make_clause(number="2", text="Maritime security elsewhere.")
    page = client.get(CLAUSES, {"q": "maritime", "agreement": accord.slug})
    assert numbers(page.context["object_list"]) == ["1"]
    topic = tagged.topics.get().slug
    page = client.get(CLAUSES, {"q": "maritime", "topic": topic})
    assert numbers(page.context["object_list"]) == ["1"]
    party = accord.parties.first()
    page = client.get(CLAUSES, {"q": "maritime", "country": party.slug})
    assert numbers(page.context["object_list"]) == ["1"]


def test_highlight_escapes_the_text_before_marking_it():
    marked = highlight('<script>alert("consult")</script> consultations', "consult")
    assert "<script>" not in marked
    assert "&lt;script&gt;" in marked
    assert "<mark>consultations</mark>" in marked


def test_highlight_treats_the_search_text_as_text_not_a_pattern_or_markup():
    assert highlight("a+b (c) <b>", "<b>") == "a+b (c) <mark>&lt;b&gt;</mark>"
    assert highlight("a+b (c)", "a+b") == "<mark>a+b</mark> (c)"
    assert highlight("nothing here", "") == "nothing here"


def test_highlight_marks_other_forms_of_a_searched_word():
    assert highlight("Consultations held", "consulting") == (
        "<mark>Consultations</mark> held"
    )


def test_search_text_with_markup_is_shown_escaped(client):
    make_clause(text="Plain text.")
    response = client.get(CLAUSES, {"q": '<img src=x onerror="alert(1)">'})
    assertNotContains(response, "<img src=x")
    assertContains(response, "&lt;img src=x")


@postgres_only
def test_postgres_ranks_heading_matches_above_text_matches():
    make_clause(number="1", text="Sanctions, and some sanctions policy.")
    make_clause(number="2", heading="Sanctions", text="Measures against Russia.")
    make_clause(number="3", text="Reform.")
    assert numbers(Clause.objects.search("sanctions")) == ["2", "1"]


@postgres_only
def test_postgres_search_stems_words_and_understands_web_search_syntax():
    # One agreement: the two rank alike, so their order is the text's (in
    # two agreements it was their titles', "Accord 10" before "Accord 9").
    agreement = make_agreement()
    make_clause(agreement, number="1", text="The Participants consult regularly.")
    make_clause(agreement, number="2", text="Regularly, consultations and sanctions.")
    assert numbers(Clause.objects.search("consulting")) == ["1", "2"]
    assert numbers(Clause.objects.search("consultations -sanctions")) == ["1"]
    assert numbers(Clause.objects.search('"consult regularly"')) == ["1"]


@postgres_only
def test_postgres_search_uses_the_gin_index():
    agreement = make_agreement()
    for n in range(200):
        make_clause(agreement, text=f"Training of pilots ({n}).")
    for n in range(10):
        make_clause(agreement, text=f"Consultations within 24 hours ({n}).")
    # The match itself, without the list's order (which joins agreements and
    # lets the planner start from their order index on tiny tables).
    matches = Clause.objects.search("consultations").order_by().values("pk")
    sql, params = matches.query.sql_with_params()
    with connection.cursor() as cursor:
        # Statistics of these rows, not of whatever the table held before;
        # the GIN index serves through a bitmap scan, so plain scans are off.
        cursor.execute("ANALYZE agreements_clause")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX_NAME in plan, plan
    assert len(matches) == 10


@postgres_only
def test_postgres_search_of_only_stop_words_finds_nothing_without_error(client):
    make_clause(text="The Participants.")
    response = client.get(CLAUSES, {"q": "the"})
    assert response.status_code == 200
    assertContains(response, "<strong>0</strong> clauses")


@postgres_only
def test_postgres_fills_the_search_vector_on_save_update_and_bulk_insert():
    clause = make_clause(heading="Sanctions", text="Measures against Russia.")
    bulk = Clause.objects.bulk_create(
        [Clause(agreement=clause.agreement, number="9", position=9, text="Demining.")]
    )[0]
    assert numbers(Clause.objects.search("sanctions")) == [clause.number]
    assert numbers(Clause.objects.search("demining")) == ["9"]

    clause.text = "Reconstruction of energy infrastructure."
    clause.heading = ""
    clause.save()
    Clause.objects.filter(pk=bulk.pk).update(text="Cyber defence.")

    assert numbers(Clause.objects.search("sanctions")) == []
    assert numbers(Clause.objects.search("reconstruction")) == [clause.number]
    assert numbers(Clause.objects.search("demining")) == []
    assert numbers(Clause.objects.search("cyber")) == ["9"]
    assert Clause.objects.filter(search_vector__isnull=True).count() == 0


@postgres_only
def test_postgres_search_vector_cannot_be_set_to_anything_but_the_text():
    clause = make_clause(text="Consultations within 24 hours.")
    Clause.objects.filter(pk=clause.pk).update(search_vector=None)
    assert numbers(Clause.objects.search("consultations")) == [clause.number]


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the vector is PostgreSQL's"
)
def test_other_databases_leave_the_vector_empty_and_match_words():
    clause = make_clause(text="Consultations within 24 hours.")
    clause.refresh_from_db()
    assert clause.search_vector is None
    assert numbers(Clause.objects.search("consultations")) == [clause.number]
