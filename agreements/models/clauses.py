"""Clauses of an agreement's text and the topics they are tagged with."""

import functools
import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .agreements import Agreement, Party, unread_in_links
from .base import (
    TrackedHistory,
    Versioned,
    VersionedQuerySet,
    as_list,
    read_into_list,
)


class Topic(Versioned):
    """An entry of the controlled vocabulary clauses are tagged with."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClauseQuerySet(VersionedQuerySet):
    def count(self):
        """How many clauses: of every clause, the sum of the agreements'
        clause counts, which the database keeps (migration 0022); counting
        every clause reads the whole table (55 ms on SQLite, 27 ms on
        PostgreSQL at 500,000 clauses, where the sum takes 2.3 and 2.6 ms).
        Any filter, slice, DISTINCT, grouping or annotation: counted as
        Django counts."""
        query = self.query
        every = not (
            query.where
            or query.is_sliced
            or query.distinct
            or query.combinator
            or query.group_by is not None
            or query.annotations
        )
        if self._result_cache is None and every:
            return Agreement.objects.aggregate(n=Sum("clause_count"))["n"] or 0
        return super().count()

    def coded_for(self, provision):
        """Clauses that a coding of `provision` links: the words that state it."""
        return self.filter(
            pk__in=self.model.codings.through.objects.filter(
                coding__provision=provision
            ).values("clause")
        )

    def search(self, text):
        """Clauses matching `text`, best first: full-text search with ranking on
        PostgreSQL, a match on every word elsewhere (see agreements/search.py)."""
        from ..search import search_clauses

        return search_clauses(self, text)

    def tagged(self, topic):
        """Clauses tagged with `topic` (or any of several), each once."""
        links = self.model.topics.through.objects.filter(topic__in=as_list(topic))
        return self.filter(pk__in=links.values("clause_id"))

    def involving(self, country):
        """Clauses of agreements to which `country` (or any of several) is a
        party."""
        return self.filter(agreement_id__in=Party.objects.with_countries(country))

    def for_list(self):
        """Everything the clause list and its CSV read."""
        return (
            self.select_related("agreement")
            .prefetch_related(self.model.prefetch_topic_list())
            .defer("search_vector", *unread_in_links("agreement"))
            .order_by("agreement", "agreement_id", "position", "pk")
        )


@functools.lru_cache(maxsize=4096)
def anchor_for(number):
    """The fragment id for a printed clause number: II.1.(5) → clause-II-1-5."""
    parts = re.findall(r"[A-Za-z0-9]+", number.replace("¶", "p"))
    return "clause-" + "-".join(parts) if parts else "clause"


class Clause(Versioned):
    """A numbered paragraph or lettered item of an agreement, as printed."""

    # No index of its own: the unique (agreement, position) and (agreement,
    # number) indexes serve every lookup by agreement, and the first gives
    # an agreement's clauses in order (the full CSV export reads them so).
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="clauses", db_index=False
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text="The section or paragraph this one sits in.",
    )
    number = models.CharField(
        max_length=40,
        help_text="Hierarchical number as printed, e.g. II.1.(5). Unnumbered "
        "paragraphs take their section's number and ¶n, e.g. III ¶2.",
    )
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True, help_text="The (repaired) text of the clause.")
    position = models.PositiveIntegerField(help_text="Order within the agreement.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="clauses")
    # Filled by the database on PostgreSQL (a trigger, migration 0006) from the
    # heading and text; stays NULL elsewhere. Not in fixtures or history.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)
    # Three cells of the CSV export, kept by the database on PostgreSQL
    # (triggers, migrations 0008 and 0009) so that a full export need not
    # work them out for every clause: the topic slugs joined by "|" in
    # vocabulary order, `anchor`, and the distinct non-empty URLs of the
    # clause's cited sources joined by "|" in code-point order. They stay
    # NULL elsewhere, where the export computes them. Not in fixtures or
    # history. NULL, not "", for a clause without topics or cited URLs:
    # COPY writes NULL as an empty cell, as the computed lists give it.
    topic_slugs = models.TextField(  # noqa: DJ001
        null=True, editable=False, serialize=False
    )
    stored_anchor = models.CharField(  # noqa: DJ001
        max_length=80, null=True, editable=False, serialize=False
    )
    citation_urls = models.TextField(  # noqa: DJ001
        null=True, editable=False, serialize=False
    )
    # The same two lists as JSON arrays ("[]" for none), for the API
    # (migration 0014); NULL elsewhere.
    topic_slugs_json = models.TextField(  # noqa: DJ001
        null=True, editable=False, serialize=False
    )
    citation_urls_json = models.TextField(  # noqa: DJ001
        null=True, editable=False, serialize=False
    )

    objects = ClauseQuerySet.as_manager()

    history = TrackedHistory(
        m2m_fields=[topics],
        excluded_fields=[
            "search_vector",
            "topic_slugs",
            "stored_anchor",
            "citation_urls",
            "topic_slugs_json",
            "citation_urls_json",
            "version",
        ],
    )

    class Meta:
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="clause_number_unique_in_agreement",
                violation_error_message="This clause number is already used in "
                "the agreement.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "position"],
                name="clause_position_unique_in_agreement",
                violation_error_message="Two clauses cannot share a position.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="clause_not_own_parent",
                violation_error_message="A clause cannot contain itself.",
            ),
            models.CheckConstraint(
                condition=~Q(heading="") | ~Q(text=""),
                name="clause_has_heading_or_text",
                violation_error_message="A clause needs a heading or text.",
            ),
        ]

    def __str__(self):
        label = f"{self.number} {self.heading}".strip()
        return f"{self.agreement}: {label}"

    def get_absolute_url(self):
        return f"{self.agreement.get_absolute_url()}#{self.anchor}"

    def clean(self):
        if self.parent_id and self.agreement_id:
            if self.parent.agreement_id != self.agreement_id:
                raise ValidationError(
                    {"parent": "The parent clause belongs to another agreement."}
                )

    @property
    def anchor(self):
        return anchor_for(self.number)

    @cached_property
    def topic_list(self):
        """The clause's topics by name; `for_list()` reads them for every row
        in one query."""
        return list(self.topics.all())

    @staticmethod
    def prefetch_topic_list():
        return read_into_list("topics", "topic_list")
