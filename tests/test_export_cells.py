"""The export cells PostgreSQL keeps on each clause (migration 0008) always
equal the ones the export computes, whatever changed and however."""

import pytest
from django.db import connection

from agreements.export import columns_for, writer
from agreements.models import Clause, Topic
from agreements.models.clauses import anchor_for
from tests.factories import make_agreement, make_clause

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the cells are kept by PostgreSQL triggers only",
    ),
]

NUMBERS = ["I.1", "II.1.(5)", "III ¶2", ".4", "a..b", "IV.", "—", "2.10"]


def stored_and_computed():
    """The clause export read from the stored cells and computed afresh."""
    queryset = Clause.objects.order_by("pk")
    stored = columns_for(Clause, "https://t.example", "postgresql")
    computed = columns_for(Clause, "https://t.example")
    assert stored != computed
    return [
        b"".join(writer.python_blocks(writer.export_rows(queryset, columns)))
        for columns in (stored, computed)
    ]


def stored_cells(clause):
    clause.refresh_from_db()
    return clause.topic_slugs, clause.stored_anchor


@pytest.fixture
def topics():
    return list(Topic.objects.order_by("pk")[:3])


@pytest.fixture
def clauses(topics):
    agreement = make_agreement()
    made = [make_clause(agreement, number=number) for number in NUMBERS]
    made[0].topics.add(topics[2], topics[0])
    made[1].topics.add(topics[1])
    return made


def test_a_new_clause_has_its_anchor_and_no_topics(clauses):
    for clause, number in zip(clauses[2:], NUMBERS[2:], strict=True):
        assert stored_cells(clause) == (None, anchor_for(number))


def test_topics_are_listed_in_vocabulary_order(clauses, topics):
    expected = f"{topics[0].slug}|{topics[2].slug}"

    assert stored_cells(clauses[0]) == (expected, "clause-I-1")


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

    assert stored_cells(clause) == (None, "clause-I-1")
    Clause.objects.filter(pk=clause.pk).update(topic_slugs="made-up")
    assert stored_cells(clause) == (None, "clause-I-1")


def test_deleting_a_topic_takes_it_out_of_the_lists(clauses, topics):
    topics[0].delete()

    stored, computed = stored_and_computed()

    assert stored == computed
    assert stored_cells(clauses[0])[0] == topics[2].slug
