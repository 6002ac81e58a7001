"""Sources and the citations that tie every fact to one of them."""

import functools

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from ..search import matching
from .base import Timestamped, Versioned, VersionedQuerySet, exactly_one, slug_url
from .provisions import CITATION_PREFIX

language_validator = RegexValidator(
    r"^[a-z]{2}$", "Use a two-letter ISO 639-1 language code, e.g. en."
)


class SourceQuerySet(VersionedQuerySet):
    def search(self, text):
        """Sources whose title, publisher, author or address holds every
        word of `text` (agreements/search.py)."""
        return matching(self, text)

    def for_list(self):
        """Everything the source list and its CSV read (not the long text)."""
        # Counted for the rows read (a page), not by grouping every citation.
        citations = (
            Citation.objects.filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.defer("text")
            .annotate(
                citation_count=Coalesce(
                    Subquery(citations, output_field=models.IntegerField()), 0
                )
            )
            .order_by(*self.model._meta.ordering, "pk")
        )


class Source(Versioned, Timestamped):
    """A document a fact comes from, kept verbatim as evidence."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    language = models.CharField(
        max_length=2,
        default="en",
        validators=[language_validator],
        help_text="ISO 639-1 code of the text's language.",
    )
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField(
        blank=True, help_text="The text exactly as received; never corrected."
    )
    is_damaged = models.BooleanField(
        default=False,
        help_text="The received text is corrupted; curated facts use a repair.",
    )
    damage_note = models.TextField(
        blank=True, help_text="What is wrong with the text and how it was repaired."
    )

    objects = SourceQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        # Not recorded comes last, in every order and on every database.
        ordering = [F("published_on").desc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(text=""),
                name="source_has_url_or_text",
                violation_error_message="A source needs a URL or its text.",
            ),
            models.CheckConstraint(
                condition=Q(is_damaged=False) | ~Q(damage_note=""),
                name="source_damage_explained",
                violation_error_message="Say what is wrong with a damaged source.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("agreements:source-detail", self.slug)


CITATION_TARGETS = ("agreement", "clause", "pledge", "event", "participation")

# The fact a citation supports, in plain words, by target and field.
FACT_LABELS = {
    "agreement": {
        "": "The agreement as a whole",
        "title": "Title",
        "signed_on": "Signed on",
        "place_signed": "Place signed",
        "ordinal": "Number under its framework",
        "in_force_on": "In force from",
        "term_years": "Term",
        "expires_on": "Expires on",
        "termination_notice_months": "Termination notice",
        "languages": "Languages",
        "prevailing_language": "Prevailing language",
        "status": "Status",
        "kind": "Kind",
        "framework": "Framework",
        "related": "Related agreements",
        "summary": "What it commits to",
    },
    "clause": {"": "Text", "heading": "Heading"},
    "pledge": {
        "": "The pledge as a whole",
        "amount": "Amount",
        "period": "Period",
        "category": "What it is for",
    },
    "event": {
        "": "The event as a whole",
        "occurred_on": "Date",
        "place": "Place",
        "signatories": "Who signed",
        "occasion": "Occasion",
        "description": "What happened",
    },
    "participation": {"": "Took part", "role": "Role", "person": "Who"},
}


def field_fits_its_record():
    """A Q that holds when a citation's field is one of the facts of the
    kind of record it cites (FACT_LABELS), or for an agreement one of its
    coded provisions (provision:<slug>)."""
    condition = Q()
    for kind, labels in FACT_LABELS.items():
        allowed = Q(field__in=sorted(labels))
        if kind == "agreement":
            allowed |= Q(field__startswith=CITATION_PREFIX)
        condition |= Q(**{f"{kind}__isnull": False}) & allowed
    return condition


# Fields whose claims are other renderings of the value, not contradictions:
# a title in another language, or as a government's fact sheet shortens it,
# is an alternative title (shown with its source), not a dispute.
RENDERINGS = ("title",)


@functools.cache
def _citation_ids_about_agreement(using):
    """(SQL, number of parameters) of the ids of the citations of one
    agreement and of its clauses, pledges, events and participations, each
    parameter the agreement's id.

    One OR across the five joins cannot use any index and scans every
    citation; a UNION of one indexed lookup per target stays fast. The ORM
    writes the UNION once per database: building its five querysets cost
    twice as long as running them, on every agreement page (3.2 -> 1.5 ms at
    bench size)."""
    branches = [
        Q(agreement=0),
        Q(clause__agreement=0),
        Q(pledge__agreement=0),
        Q(event__agreement=0),
        Q(participation__event__agreement=0),
    ]
    ids = [
        Citation.objects.using(using).filter(branch).order_by().values("pk")
        for branch in branches
    ]
    union = ids[0].union(*ids[1:], all=True)
    sql, params = union.query.get_compiler(using=using).as_sql()
    assert list(params) == [0] * len(branches), params
    return sql, len(params)


class CitationIdsAbout(Expression):
    """The ids of the citations about one agreement, as the SQL compiled for
    the database the query runs on (a queryset can move to another with
    `using()` after it is built)."""

    def __init__(self, agreement_id):
        super().__init__(output_field=models.BigIntegerField())
        self.agreement_id = agreement_id

    def as_sql(self, compiler, connection):
        sql, count = _citation_ids_about_agreement(connection.alias)
        return f"({sql})", [self.agreement_id] * count


class CitationQuerySet(VersionedQuerySet):
    def about_agreement(self, agreement):
        """Citations of the agreement and of its clauses, pledges and events."""
        return self.filter(pk__in=CitationIdsAbout(agreement.pk)).select_related(
            "source"
        )

    def disputed(self):
        """Citations of the facts that sources state differently: those
        with a claim that another citation of the same record and field
        contradicts (a different non-blank claim)."""
        same_record = Q()
        for name in CITATION_TARGETS:
            same_record |= Q(**{name: OuterRef(name)})
        contradicted = (
            Citation.objects.filter(same_record, field=OuterRef("field"))
            .exclude(claim="")
            .exclude(claim=OuterRef("claim"))
        )
        return (
            self.exclude(claim="")
            .exclude(field__in=RENDERINGS)
            .filter(Exists(contradicted))
        )

    def with_targets(self):
        """Citations with the records they support, for listing them."""
        return self.select_related(
            "agreement",
            "clause__agreement",
            "pledge__donor",
            "pledge__recipient",
            "pledge__agreement",
            "event__agreement",
            "participation__person",
            "participation__event__agreement",
        )


def disagreements(citations):
    """Where sources differ: {(target name, target id, field): [claims]} for
    each record and field cited with two or more distinct non-blank claims
    (other than RENDERINGS)."""
    claims = {}
    for citation in citations:
        if not citation.claim.strip() or citation.field in RENDERINGS:
            continue
        for name in CITATION_TARGETS:
            target_id = getattr(citation, f"{name}_id")
            if target_id is not None:
                key = (name, target_id, citation.field)
                seen = claims.setdefault(key, [])
                if citation.claim not in seen:
                    seen.append(citation.claim)
    return {key: found for key, found in claims.items() if len(found) > 1}


class Citation(Versioned):
    """One source's support for one fact, with the words that support it.

    A fact may have several citations. When sources disagree, each claim is
    its own citation with the value it asserts in `claim`, so pages can show
    that sources differ rather than pick one silently.
    """

    source = models.ForeignKey(Source, models.PROTECT, related_name="citations")
    quote = models.TextField(
        blank=True, help_text="The supporting words, verbatim from the source."
    )
    reading = models.TextField(
        blank=True,
        help_text="For a damaged source: the quote as it reads once repaired "
        "(pages show this, marked as repaired; the quote stays verbatim).",
    )
    field = models.CharField(
        max_length=60,
        blank=True,
        help_text="Which fact of the record this supports, e.g. signed_on or "
        "ordinal; blank for the record as a whole.",
    )
    claim = models.CharField(
        max_length=300,
        blank=True,
        help_text="The value this source asserts, when sources differ on it.",
    )
    note = models.TextField(blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    clause = models.ForeignKey(
        "agreements.Clause",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    pledge = models.ForeignKey(
        "agreements.Pledge",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    event = models.ForeignKey(
        "agreements.SigningEvent",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )
    participation = models.ForeignKey(
        "agreements.Participation",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )

    objects = CitationQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = [F("source__published_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one(*CITATION_TARGETS),
                name="citation_cites_exactly_one_fact",
                violation_error_message="A citation supports exactly one record: "
                "an agreement, clause, pledge, event or participation.",
            ),
            models.CheckConstraint(
                condition=Q(claim="") | ~Q(field=""),
                name="citation_claim_names_field",
                violation_error_message="Name the field a claimed value is for.",
            ),
            models.CheckConstraint(
                condition=field_fits_its_record(),
                name="citation_field_fits_its_record",
                violation_error_message="Choose the fact this supports among "
                "those of the record it cites (or the record as a whole); a "
                "misspelt field would split a dispute silently.",
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"

    @property
    def target(self):
        for name in CITATION_TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None
