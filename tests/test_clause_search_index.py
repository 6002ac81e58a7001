"""Clause search through the database's index (SQLite: FTS5 kept by the
triggers of migration 0026; PostgreSQL: the stored vectors): every way a
clause is written is found at once, and no query text is an error."""

import pytest
from django.db import connection

from agreements.models import Clause
from tests.factories import make_agreement, make_clause

pytestmark = pytest.mark.django_db


def found(text):
    return set(Clause.objects.search(text).values_list("text", flat=True))


def test_a_word_finds_the_words_it_starts_and_a_phrase_its_words_in_a_row():
    agreement = make_agreement()
    make_clause(agreement, text="Consultations within 24 hours of an armed attack.")
    make_clause(agreement, text="Hours of consultation, within reason.")
    assert len(found("consult")) == 2
    assert found('"within 24"') == {"Consultations within 24 hours of an armed attack."}
    assert found("attack consult") == {
        "Consultations within 24 hours of an armed attack."
    }
    assert found("nothing-like-this") == set()


def test_saved_updated_bulk_written_and_deleted_clauses_are_found_at_once():
    agreement = make_agreement()
    clause = make_clause(agreement, text="Maritime security cooperation.")
    assert found("maritime") == {"Maritime security cooperation."}
    Clause.objects.filter(pk=clause.pk).update(text="Cyber defence cooperation.")
    assert found("maritime") == set()
    assert found("cyber") == {"Cyber defence cooperation."}
    Clause.objects.bulk_create(
        [Clause(agreement=agreement, number="9", position=9, text="Demining aid.")]
    )
    assert found("demining") == {"Demining aid."}
    Clause.objects.filter(text="Demining aid.").delete()
    assert found("demining") == set()


def test_headings_are_searched_too_and_on_sqlite_numbers():
    make_clause(number="7.3", heading="Sanctions", text="Measures against Russia.")
    assert found("sanctions") == {"Measures against Russia."}
    if connection.vendor == "sqlite":  # PostgreSQL's vectors hold no numbers
        assert found("7.3") == {"Measures against Russia."}


@pytest.mark.parametrize(
    "text",
    ['"', "*", "AND", "NEAR(", ")", "-", "'", '"unclosed', "a OR", "—", "^x", "%_"],
)
def test_no_query_text_is_an_error(client, text):
    make_clause(text="The Participants will cooperate.")
    found(text)  # no exception
    response = client.get("/clauses/", {"q": text})
    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index only")
def test_sqlite_matches_through_the_fts5_index():
    sql = str(Clause.objects.search("maritime").query)
    assert "clause_search MATCH" in sql
