"""Provisions coded from the seed documents and the quotes file, each coding
with the citations that state it (agreements/models/provisions.py).

Nothing is inferred. The rules:

- The Japan Accord, whose text is held: each coding quotes the clause that
  states it (seed 000, in its repaired reading) and links that clause.
  Where the text was read and has no such provision, the coding is
  *absent*, citing the full text with a note; what the text does not settle
  either way (legal form, EU accession support, defence industry,
  extension) stays not coded.
- The US agreement: what seed 003's report of it states, quoted.
- The codings file (fixtures/inputs/codings.jsonl): quotes from stored
  public pages that state one provision of one agreement, one JSON object
  a line: {"agreement_slug", "provision", "value", "condition", "url",
  "quote", "note"}. Each becomes a citation of the coding under its own
  source; where pages give different values, the value most of them give
  is coded and every citation carries the value its page gives as its
  claim, so the page shows that sources differ.
- Every other agreement: its term, from each citation that quotes a page
  stating the term (the same source and quote, with that citation's claim
  where sources differ); money committed for the first year, from the
  agreement's one quoted new pledge for the year of signing, and
  multi-year money from its one quoted new pledge over several years (an
  agreement with two such pledges is left not coded: which is "the" figure
  is a judgement, not a fact).
"""

import datetime
from decimal import Decimal
from pathlib import Path

from agreements.models import Agreement, Citation, Coding, Pledge, Provision
from agreements.templatetags.provisions import coding_value

from .quotes import read_lines, source_for
from .sources import SEED_000, SEED_003

ACCORD_SLUG_DATE = datetime.date(2024, 6, 13)
ABSENT_NOTE = "The full text was read (sections I–X): it has no such provision."

# (provision, clause number, the clause's words that state it, value)
ACCORD = [
    (
        "term",
        "X ¶1",
        "This Accord is valid for ten years from the date of its signature.",
        {"number": Decimal(10)},
    ),
    (
        "termination-notice",
        "X ¶3",
        "This Accord will be discontinued six months "
        "from the date of receipt of such notice.",
        {"number": Decimal(6)},
    ),
    (
        "armed-attack-consultations",
        "III ¶1",
        "In the event of a future Russian "
        "armed attack against Ukraine, the Participants, at the request of either "
        "of the Participants, will consult within 24 hours",
        {
            "number": Decimal(24),
            "condition": "a future Russian armed attack against Ukraine, at the "
            "request of either side",
        },
    ),
    (
        "first-year-money",
        "II.2.(4)",
        "including 4.5 billion US dollars support for 2024",
        {"amount": Decimal("4500000000"), "currency": "USD"},
    ),
    (
        "military-support",
        "II.1.(1)",
        "Provision of non-lethal equipment and goods;",
        {"flag": True, "condition": "non-lethal equipment and goods"},
    ),
    (
        "intelligence-sharing",
        "II.1.(5)",
        "Cooperation in the area of intelligence in the security and defense sector.",
        {"flag": True},
    ),
    (
        "cyber",
        "II.3.(1)",
        "The Participants will cooperate in the area of cybersecurity",
        {"flag": True},
    ),
    (
        "sanctions",
        "VII ¶2",
        "The Japanese side will continue to impose severe sanctions against Russia",
        {"flag": True},
    ),
    (
        "frozen-assets",
        "V ¶3",
        "Russian sovereign assets in Japan’s jurisdiction "
        "will remain immobilized until Russia pays for the damage it has caused "
        "to Ukraine.",
        {"flag": True, "condition": "immobilised until Russia pays"},
    ),
    (
        "accountability-tribunal",
        "VIII ¶4",
        "The Participants will continue their "
        "engagement in the “Core Group on Options for the establishment of a "
        "tribunal on the crime of aggression against Ukraine”.",
        {"flag": True},
    ),
    (
        "recovery-reconstruction",
        "II.2.(2)",
        "Recovery and reconstruction support such as:",
        {"flag": True},
    ),
    (
        "nato-accession-support",
        "Preamble ¶8",
        "Recognizing and supporting the Euro-Atlantic aspirations of Ukraine;",
        {"flag": True, "condition": "Ukraine's Euro-Atlantic aspirations"},
    ),
    (
        "reciprocity",
        "VIII ¶5",
        "Ukraine will ratify the Rome Statute of the ICC",
        {"text": "Ukraine will ratify the Rome Statute of the ICC"},
    ),
]
ACCORD_ABSENT = ["ends-on-nato-accession", "multi-year-money"]

US_SLUG_PARTNER = "US"
US = [
    (
        "term",
        "Ukraine and the USA signed a security agreement for ten years",
        {"number": Decimal(10)},
    ),
    (
        "armed-attack-consultations",
        "In the event of an armed attack on Ukraine "
        "or the threat of such an attack, US and Ukrainian officials, according to "
        "the agreement, will meet within 24 hours to consult and determine what "
        "additional defence needs Ukraine needs.",
        {
            "number": Decimal(24),
            "condition": "an armed attack on Ukraine or the threat of one",
        },
    ),
    (
        "legal-form",
        "since it does not require ratification by Congress.",
        {"text": "not subject to ratification by Congress"},
    ),
    (
        "military-support",
        "It also enshrines the US intention to provide "
        "long-term material, training, advisory, technical, intelligence, "
        "security, defence-industrial, institutional, and other support",
        {"flag": True},
    ),
    (
        "defence-industrial",
        "defence-industrial, institutional, and other support",
        {"flag": True},
    ),
    (
        "intelligence-sharing",
        "advisory, technical, intelligence, security",
        {"flag": True},
    ),
]


def provisions():
    return {provision.slug: provision for provision in Provision.objects.all()}


def code(agreement, provision, status=Coding.Status.PROVIDED, **value):
    coding = Coding(agreement=agreement, provision=provision, status=status, **value)
    coding.full_clean()
    coding.save()
    return coding


def words_of(text, words):
    """`words` as the clause prints them (its spacing: the text has no-break
    spaces where these have plain ones)."""
    plain = text.replace("\u00a0", " ")
    start = plain.index(words)
    return text[start : start + len(words)]


def accord(cur, vocabulary):
    agreement = Agreement.objects.get(
        signed_on=ACCORD_SLUG_DATE, parties__iso_code="JP"
    )
    clauses = {clause.number: clause for clause in agreement.clauses.all()}
    for slug, number, words, value in ACCORD:
        provision = vocabulary[slug]
        coding = code(agreement, provision, **value)
        coding.clauses.set([clauses[number]])
        quote = words_of(clauses[number].text, words)
        cur.cite000(agreement, quote, field=provision.citation_field)
    for slug in ACCORD_ABSENT:
        provision = vocabulary[slug]
        code(agreement, provision, status=Coding.Status.ABSENT)
        cur.cite(SEED_000, agreement, field=provision.citation_field, note=ABSENT_NOTE)


def united_states(cur, vocabulary):
    agreement = (
        Agreement.objects.filter(
            signed_on=ACCORD_SLUG_DATE, parties__iso_code=US_SLUG_PARTNER
        )
        .exclude(kind=Agreement.Kind.JOINT_DECLARATION)
        .get()
    )
    for slug, quote, value in US:
        provision = vocabulary[slug]
        code(agreement, provision, **value)
        cur.cite(SEED_003, agreement, quote=quote, field=provision.citation_field)


def copy_citations(citations, provision, agreement, claims=True):
    """The quoted citations of a recorded fact, for the coding of the same
    value (same source, same quote). Without `claims`, a dispute about
    something else (a pledge's period) stays with that record."""
    for citation in citations:
        Citation.objects.get_or_create(
            source=citation.source,
            agreement=agreement,
            field=provision.citation_field,
            quote=citation.quote,
            defaults={"claim": citation.claim if claims else "", "note": citation.note},
        )


def terms(vocabulary):
    provision = vocabulary["term"]
    quoted = Citation.objects.filter(field="term_years").exclude(quote="")
    coded = Coding.objects.filter(provision=provision).values("agreement")
    for agreement in (
        Agreement.objects.filter(term_years__isnull=False, citations__in=quoted)
        .exclude(pk__in=coded)
        .distinct()
    ):
        code(agreement, provision, number=Decimal(agreement.term_years))
        copy_citations(quoted.filter(agreement=agreement), provision, agreement)


def money(vocabulary):
    first, several = vocabulary["first-year-money"], vocabulary["multi-year-money"]
    quoted = Citation.objects.filter(field="amount").exclude(quote="")
    pledges = Pledge.objects.filter(
        kind=Pledge.Kind.NEW, amount__isnull=False, citations__in=quoted
    ).distinct()
    coded = Coding.objects.filter(provision__in=[first, several])
    for agreement in (
        Agreement.objects.exclude(codings__in=coded)
        .filter(pledges__in=pledges)
        .distinct()
    ):
        year = agreement.signed_on.year
        mine = [p for p in pledges if p.agreement_id == agreement.pk]
        for provision, chosen in [
            (
                first,
                [
                    p
                    for p in mine
                    if p.period_start_year == year
                    and p.period_end_year in (None, year)
                    and not p.per_year
                ],
            ),
            (
                several,
                [
                    p
                    for p in mine
                    if p.period_end_year
                    and p.period_start_year
                    and p.period_end_year > p.period_start_year
                ],
            ),
        ]:
            if len(chosen) != 1:
                continue
            pledge = chosen[0]
            code(agreement, provision, amount=pledge.amount, currency=pledge.currency)
            copy_citations(
                quoted.filter(pledge=pledge), provision, agreement, claims=False
            )


def as_value(provision, value):
    """The coding fields for a file row's value, by the provision's kind."""
    kind = provision.value_kind
    if kind == Provision.ValueKind.FLAG and isinstance(value, bool):
        return {"flag": value}
    if kind == Provision.ValueKind.NUMBER and isinstance(value, int | float):
        return {"number": Decimal(str(value))}
    if kind == Provision.ValueKind.TEXT and isinstance(value, str) and value:
        return {"text": value[:300]}
    raise ValueError(f"{provision.slug} does not take {value!r}")


def claim_of(provision, fields):
    return coding_value(Coding(provision=provision, **fields))


def from_file(rows, vocabulary, described):
    """Code what the file's quotes state (see the module docstring)."""
    groups = {}
    for row in rows:
        provision = vocabulary[row["provision"]]
        agreement = Agreement.objects.get(slug=row["agreement_slug"])
        if len(row["quote"]) > 300 or not row["quote"].strip():
            raise ValueError(f"Quote of a sentence or less wanted: {row['quote']!r}")
        fields = as_value(provision, row["value"])
        groups.setdefault((agreement, provision), []).append((row, fields))
    for (agreement, provision), found in groups.items():
        if Coding.objects.filter(agreement=agreement, provision=provision).exists():
            continue  # coded from the text or a seed document already
        claims = [claim_of(provision, fields) for _, fields in found]
        chosen = max(claims, key=lambda c: (claims.count(c), -claims.index(c)))
        row, fields = found[claims.index(chosen)]
        conditions = [r["condition"] for r, f in found if r.get("condition")]
        condition = conditions[0][:300] if conditions else ""
        code(agreement, provision, condition=condition, **fields)
        disputed = len(set(claims)) > 1
        for (row, _), claim in zip(found, claims, strict=True):
            source = source_for(row["url"], described)
            citation, _ = Citation.objects.get_or_create(
                source=source,
                agreement=agreement,
                field=provision.citation_field,
                quote=row["quote"],
                defaults={
                    "claim": claim if disputed else "",
                    "note": row.get("note") or "Quoted from the page.",
                },
            )
            citation.full_clean()


def apply(cur, folder=None):
    vocabulary = provisions()
    accord(cur, vocabulary)
    united_states(cur, vocabulary)
    if folder is not None:
        described = {
            record["url"]: record
            for record in read_lines(Path(folder, "sources.jsonl"))
        }
        from_file(read_lines(Path(folder, "codings.jsonl")), vocabulary, described)
    terms(vocabulary)
    money(vocabulary)
