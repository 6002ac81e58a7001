import pytest
from django.db import connection

from agreements.models import (
    Agreement,
    Citation,
    Clause,
    Country,
    Person,
    Pledge,
    SigningEvent,
    Source,
)
from bench.generate import WORD, generate

pytestmark = pytest.mark.django_db


def fingerprint():
    return (
        list(Clause.objects.order_by("pk").values_list("pk", "agreement_id", "text")),
        list(Pledge.objects.order_by("pk").values_list("amount", "gdp_share")),
        list(Citation.objects.order_by("pk").values_list("source_id", "clause_id")),
    )


def wipe():
    for model in (Agreement, Pledge, Citation, Person, Source, Country):
        model.objects.all().delete()


def test_generator_fills_every_table():
    created = generate(scale=0.001, verbose=False)

    assert created["clauses"] == Clause.objects.count() == 500
    assert Agreement.objects.count() == 10
    assert Country.objects.filter(iso_code="").count() == 4
    assert Pledge.objects.count() == SigningEvent.objects.count() == 50
    assert Citation.objects.filter(clause__isnull=False).exists()
    assert Clause.objects.filter(topics__isnull=False).exists()


def test_generator_gives_the_same_rows_for_the_same_seed():
    generate(scale=0.001, verbose=False)
    first = fingerprint()
    wipe()

    generate(scale=0.001, verbose=False)

    assert fingerprint() == first


def clause_rows_updated():
    """Clause rows updated so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated('agreements_clause'::regclass)"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the stored cells are kept by PostgreSQL triggers only",
)
def test_generator_writes_each_clause_once_with_its_citation_urls():
    assert not Clause.objects.exists()
    before = clause_rows_updated()
    generate(scale=0.001, verbose=False)
    rewritten = clause_rows_updated() - before
    cited = {}
    for clause_id, url in Citation.objects.filter(clause__isnull=False).values_list(
        "clause_id", "source__url"
    ):
        cited.setdefault(clause_id, set()).add(url)

    # Topic links and citations went in before their clauses, which no
    # trigger then had to rewrite (counted from the generator's start, so
    # that whatever the test's set-up wrote does not count).
    assert rewritten == 0, (before, rewritten)
    assert dict(
        Clause.objects.exclude(citation_urls=None).values_list("pk", "citation_urls")
    ) == {pk: "|".join(sorted(urls)) for pk, urls in cited.items()}


def test_generator_refuses_a_database_that_holds_data():
    generate(scale=0.001, verbose=False)

    with pytest.raises(SystemExit, match="already holds data"):
        generate(scale=0.001, verbose=False)


def test_generated_clause_text_is_realistic_in_length_and_word_frequency():
    generate(scale=0.002, verbose=False)
    texts = list(Clause.objects.values_list("text", flat=True))
    words = [word.lower() for text in texts for word in WORD.findall(text)]

    assert len(texts) == 1_000
    assert 320 < sum(map(len, texts)) / len(texts) < 400
    # A topical word is rare, as in the Accord (1 clause of 96), and the
    # vocabulary is far larger than the Accord's 839 words.
    maritime = sum("maritime" in text.lower() for text in texts)
    assert 3 <= maritime <= 30
    assert len(set(words)) > 3_000
    assert words.count("the") / len(words) > 0.04  # Zipf: common words dominate


def test_csv_module_reference_writes_the_rows_it_reads(tmp_path):
    from bench.export import csv_module_rate

    path = tmp_path / "clauses.csv"
    path.write_text('id,text\r\n1,a\r\n2,"b, c"\r\n3,d\r\n', encoding="utf-8")

    assert csv_module_rate(path, limit=2, batch=1) > 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the COPY reference runs on PostgreSQL only",
)
def test_copy_reference_reads_every_clause_once():
    from bench.export import IN_ORDER, PLAIN_JOIN

    generate(scale=0.001, verbose=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), count(DISTINCT id) FROM ({PLAIN_JOIN}) j")
        counted = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM ({PLAIN_JOIN}{IN_ORDER}) j")
        (ordered,) = cursor.fetchone()

    assert Clause.objects.count() == 500
    assert counted == (500, 500)
    assert ordered == 500
