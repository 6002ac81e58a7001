"""Fill the database DATABASE_URL points at with a large synthetic data set.

Deterministic: the same --seed and --scale always give the same rows and the
same primary keys. At --scale 1: 200 countries, 10,000 agreements, 500,000
clauses, 50,000 pledges and 50,000 events, with citations and people.
Run it on an empty, migrated database:

    DATABASE_URL=postgres://... python bench/generate.py [--scale 0.01]

Clause text is realistic in word frequencies, not only in length, so that a
search matches as many clauses as it would in real text. Words are drawn
with the frequencies they have in the Japan–Ukraine Accord (agreements/seed/
accord.py: 3,101 words, 843 distinct), plus a Zipf-distributed tail of
20,000 made-up words for a quarter of the text, standing in for the larger
vocabulary of a big corpus (editing accord.py therefore changes the data
set). Clauses average 360 characters; every tenth one has a heading taken
from the Accord's headings.

The page benchmark searches for "maritime". In the Accord it is 1 word in
3,101 and appears in 1 of its 96 clauses (1.0 %). Here it matches 7,878 of
500,000 clauses at full size (1.6 %): 5,513 through their text (1.1 %) and
2,383 through the heading "Maritime order". Before, clause text came from a
90-word list and the same search matched 194,214 clauses (39 %).
"""

import argparse
import datetime
import os
import random
import re
import sys
import time
from collections import Counter
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

FULL = {
    "countries": 200,
    "agreements": 10_000,
    "clauses": 500_000,
    "pledges": 50_000,
    "events": 50_000,
    "people": 5_000,
    "sources": 2_000,
}
BATCH = 5_000
ORGANISATIONS = 4  # parties without an ISO code, like the EU

SYLLABLES = (
    "an ar bel bor ca dor el fen gar hal is jor kal lan mar nor or pel quin "
    "ros sal tar ur val wen yor zan ri mo ka te li su"
).split()
# Made-up words for the long tail of a large corpus's vocabulary: how many,
# their share of all words drawn, and the exponent of their Zipf frequencies.
FILLER_WORDS = 20_000
FILLER_SHARE = 0.25
ZIPF_EXPONENT = 1.07
SENTENCES = 40_000  # the pool of sentences clauses are made of
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
NATIVE = ["Rinkēvičs", "中込正志", "Зеленський", "Κυριάκος", "Kövér", "Łukasz"]


def setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-for-production")
    import django

    django.setup()


def accord_words():
    """{word: count} over the clause text of the Japan–Ukraine Accord."""
    from agreements.seed.accord import CLAUSES

    counts = Counter()
    for clause in CLAUSES:
        counts.update(w.lower() for w in WORD.findall(clause.text))
    return counts


def accord_headings():
    """The Accord's clause headings, in a fixed order."""
    from agreements.seed.accord import CLAUSES

    return sorted({clause.heading for clause in CLAUSES if clause.heading})


class Vocabulary:
    """Words and their cumulative weights: the Accord's words at their real
    frequencies, then FILLER_WORDS made-up ones with Zipf frequencies that
    together make up FILLER_SHARE of the words drawn."""

    def __init__(self, rnd):
        real = sorted(accord_words().items(), key=lambda item: (-item[1], item[0]))
        fillers = []
        seen = {word for word, _ in real}
        while len(fillers) < FILLER_WORDS:
            word = "".join(rnd.choices(SYLLABLES, k=rnd.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                fillers.append(word)
        real_total = sum(count for _, count in real)
        zipf = [1 / rank**ZIPF_EXPONENT for rank in range(1, FILLER_WORDS + 1)]
        scale = real_total * FILLER_SHARE / (1 - FILLER_SHARE) / sum(zipf)
        self.words = [word for word, _ in real] + fillers
        self.cum_weights = list(
            accumulate([count for _, count in real] + [w * scale for w in zipf])
        )

    def draw(self, rnd, count):
        return rnd.choices(self.words, cum_weights=self.cum_weights, k=count)


def sentence(rnd, vocabulary):
    words = vocabulary.draw(rnd, rnd.randint(13, 35))
    return " ".join(words).capitalize() + rnd.choice([".", ";", ", and", ":"])


def place_name(rnd, n):
    word = "".join(rnd.choices(SYLLABLES, k=rnd.randint(2, 3))).capitalize()
    return f"{word} {n}" if n else word


def clause_texts(rnd, vocabulary, count=SENTENCES):
    """A pool of sentences; each clause picks a few, so lengths vary."""
    return [sentence(rnd, vocabulary) for _ in range(count)]


def iso_codes():
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [a + b for a in letters for b in letters]


def day(rnd, first=datetime.date(2023, 7, 12), span=1_200):
    return first + datetime.timedelta(days=rnd.randrange(span))


def bulk(model, objects, verbose):
    started = time.perf_counter()
    model.objects.bulk_create(objects, batch_size=BATCH)
    if verbose:
        rate = len(objects) / max(time.perf_counter() - started, 1e-9)
        print(f"  {model.__name__:<22} {len(objects):>9,} rows  {rate:>9,.0f}/s")


def clause_rows(rnd, agreements, total, pool, headings, topics):
    """`total` clauses spread evenly over the agreements, primary keys from 1
    up: for each, its fields and the ids of its topics."""
    per_agreement, extra = divmod(total, len(agreements))
    pk = 0
    for agreement in agreements:
        count = per_agreement + (1 if agreement.pk <= extra else 0)
        for position in range(1, count + 1):
            pk += 1
            section, item = divmod(position - 1, 10)
            fields = {
                "pk": pk,
                "agreement_id": agreement.pk,
                "number": f"{section + 1}.{item + 1}",
                "heading": rnd.choice(headings) if item == 0 else "",
                "text": " ".join(rnd.choices(pool, k=rnd.randint(1, 3))),
                "position": position,
            }
            tagged = rnd.sample(topics, rnd.choice([0, 1, 1, 2, 3]))
            yield fields, [topic.pk for topic in tagged]


def write_clauses(rows, verbose, batch=50_000):
    """Write the clauses of `rows` (see clause_rows) in batches, each
    batch's topic links before its clauses."""
    from agreements.models import Clause

    link = Clause.topics.through
    clauses, links = [], []
    for fields, topic_ids in rows:
        clauses.append(Clause(**fields))
        links += [link(clause_id=fields["pk"], topic_id=pk) for pk in topic_ids]
        if len(clauses) == batch:
            bulk(link, links, verbose)
            bulk(Clause, clauses, verbose)
            clauses, links = [], []
    if clauses:
        bulk(link, links, verbose)
        bulk(Clause, clauses, verbose)


def generate(scale=1.0, seed=20230712, verbose=True):
    """Create the data set; returns the number of rows created per model."""
    from django.db import connection, transaction

    from agreements.models import (
        Agreement,
        Citation,
        Clause,
        Country,
        CountryGroup,
        Participation,
        Party,
        Person,
        Pledge,
        SigningEvent,
        Source,
        Topic,
    )

    rnd = random.Random(seed)
    vocabulary = Vocabulary(rnd)
    headings = accord_headings()
    n = {name: max(2, int(count * scale)) for name, count in FULL.items()}
    n["countries"] = max(n["countries"], 12)
    n["clauses"] = max(n["clauses"], n["agreements"])
    created = {}

    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # Bulk loading only: a crash may lose the file, which is regenerated.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = OFF")

    if Country.objects.exists() or Agreement.objects.exists():
        raise SystemExit("The database already holds data; generate into an empty one.")

    with transaction.atomic():
        groups = list(CountryGroup.objects.order_by("pk"))
        topics = list(Topic.objects.order_by("pk"))

        codes = iso_codes()
        rnd.shuffle(codes)
        countries = []
        for i in range(1, n["countries"] + 1):
            organisation = i <= ORGANISATIONS
            name = place_name(rnd, i)
            countries.append(
                Country(
                    pk=i,
                    name=f"Union of {name}" if organisation else name,
                    slug=f"country-{i:04d}",
                    iso_code="" if organisation else codes[i],
                    kind=Country.Kind.ORGANISATION
                    if organisation
                    else Country.Kind.STATE,
                )
            )
        bulk(Country, countries, verbose)
        memberships = [
            Country.groups.through(country_id=c.pk, countrygroup_id=g.pk)
            for c in countries
            for g in groups
            if rnd.random() < 0.2
        ]
        bulk(Country.groups.through, memberships, verbose)

        sources = [
            Source(
                pk=i,
                slug=f"source-{i:05d}",
                title=f"Joint statement {i} on security cooperation",
                publisher=rnd.choice(["Government", "Ministry", "Office", ""]),
                url=f"https://example.org/statements/{i}",
                language=rnd.choice(["en", "en", "uk", "fr", "de", "ja"]),
                published_on=day(rnd),
            )
            for i in range(1, n["sources"] + 1)
        ]
        bulk(Source, sources, verbose)

        hub = countries[ORGANISATIONS]  # the recipient every framework shares
        agreements, parties = [], []
        party_pk = 0
        statuses = [Agreement.Status.SIGNED] * 3 + [Agreement.Status.IN_FORCE]
        for i in range(1, n["agreements"] + 1):
            signed = day(rnd)
            in_force = signed if rnd.random() < 0.5 else None
            term = rnd.choice([None, 10, 10, 5])
            start = in_force or signed
            guarantors = rnd.sample(countries[:ORGANISATIONS] + countries[5:], 1)
            if rnd.random() < 0.05:
                guarantors += rnd.sample(countries[5:], 2)
            guarantors = [c for c in dict.fromkeys(guarantors) if c.pk != hub.pk]
            names = " and ".join(c.name for c in [*guarantors, hub])
            agreements.append(
                Agreement(
                    pk=i,
                    title=f"Agreement on Security Cooperation between {names}",
                    short_title=f"{guarantors[0].name} security agreement {i}",
                    slug=f"agreement-{i:05d}",
                    status=rnd.choice(statuses),
                    signed_on=signed,
                    in_force_on=in_force,
                    term_years=term,
                    expires_on=start.replace(year=start.year + term)
                    if term and not (start.month == 2 and start.day == 29)
                    else None,
                    place_signed=place_name(rnd, 0),
                    languages="uk en",
                    prevailing_language="en",
                    summary=sentence(rnd, vocabulary),
                )
            )
            for position, country in enumerate([hub, *guarantors]):
                party_pk += 1
                parties.append(
                    Party(
                        pk=party_pk,
                        agreement_id=i,
                        country_id=country.pk,
                        position=position,
                    )
                )
        bulk(Agreement, agreements, verbose)
        bulk(Party, parties, verbose)
        created["agreements"] = len(agreements)

        pool = clause_texts(rnd, vocabulary)
        # Clauses are written last, after their topic links and citations
        # (foreign keys are checked at commit): on PostgreSQL each clause row
        # is then written once, with its topic list and citation URLs
        # (migrations 0008 and 0009), instead of written and rewritten. Their
        # random draws stay here, before everything below, so that a seed
        # gives the rows it always gave: `rnd` runs through the draws now,
        # and a copy of it from before them draws them again at the end.
        clause_rnd = random.Random()
        clause_rnd.setstate(rnd.getstate())
        clause_args = (agreements, n["clauses"], pool, headings, topics)
        clause_count = sum(1 for _ in clause_rows(rnd, *clause_args))

        people = [
            Person(
                pk=i,
                name=f"{place_name(rnd, 0)} {place_name(rnd, i)}",
                slug=f"person-{i:05d}",
                native_name=rnd.choice(NATIVE) if i % 7 == 0 else "",
                country_id=rnd.randrange(1, n["countries"] + 1),
            )
            for i in range(1, n["people"] + 1)
        ]
        bulk(Person, people, verbose)

        events, participations = [], []
        for i in range(1, n["events"] + 1):
            precision = rnd.choice(["day", "day", "day", "month", "year"])
            when = day(rnd)
            if precision != "day":
                when = when.replace(day=1)
            if precision == "year":
                when = when.replace(month=1)
            events.append(
                SigningEvent(
                    pk=i,
                    agreement_id=rnd.randrange(1, n["agreements"] + 1),
                    kind=rnd.choice(SigningEvent.Kind.values),
                    occurred_on=when,
                    date_precision=precision,
                    place=place_name(rnd, 0),
                    occasion=rnd.choice(["", "summit", "state visit"]),
                )
            )
            for person in rnd.sample(range(1, n["people"] + 1), rnd.randint(0, 2)):
                participations.append(
                    Participation(
                        pk=len(participations) + 1,
                        event_id=i,
                        person_id=person,
                        role=rnd.choice(Participation.Role.values),
                    )
                )
        bulk(SigningEvent, events, verbose)
        bulk(Participation, participations, verbose)

        pledges = []
        for i in range(1, n["pledges"] + 1):
            donor, recipient = rnd.sample(range(1, n["countries"] + 1), 2)
            start = rnd.randint(2022, 2027)
            share = rnd.random() < 0.1
            pledges.append(
                Pledge(
                    pk=i,
                    donor_id=donor,
                    recipient_id=recipient,
                    agreement_id=rnd.randrange(1, n["agreements"] + 1)
                    if rnd.random() < 0.7
                    else None,
                    amount=None
                    if share
                    else Decimal(rnd.randrange(1, 10**6)) * 10_000 / 100,
                    currency="" if share else rnd.choice(["EUR", "USD", "GBP"]),
                    gdp_share=Decimal(rnd.randrange(1, 500)) / 1000 if share else None,
                    per_year=rnd.random() < 0.3,
                    period_start_year=start,
                    period_end_year=start + rnd.choice([0, 0, 1, 3]),
                    category=rnd.choice(Pledge.Category.values),
                    kind=rnd.choice(Pledge.Kind.values),
                    description=sentence(rnd, vocabulary),
                )
            )
        bulk(Pledge, pledges, verbose)

        def cite(pk, **target):
            return Citation(
                pk=pk,
                source_id=rnd.randrange(1, n["sources"] + 1),
                quote=rnd.choice(pool),
                **target,
            )

        citations = []
        for agreement in agreements:
            citations.append(cite(len(citations) + 1, agreement_id=agreement.pk))
        for clause_id in range(1, clause_count + 1, 10):
            citations.append(cite(len(citations) + 1, clause_id=clause_id))
        for pledge in pledges:
            citations.append(cite(len(citations) + 1, pledge_id=pledge.pk))
        for event in events:
            citations.append(cite(len(citations) + 1, event_id=event.pk))
        bulk(Citation, citations, verbose)
        write_clauses(clause_rows(clause_rnd, *clause_args), verbose)
        created["clauses"] = clause_count

        models = [Country, Source, Agreement, Party, Clause, Person, SigningEvent]
        models += [Participation, Pledge, Citation]
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            # Planner statistics for the new rows, and on PostgreSQL the
            # visibility map that index-only scans need, as autovacuum would
            # leave a settled database.
            postgres = connection.vendor == "postgresql"
            cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")

    created.update(
        countries=len(countries),
        pledges=len(pledges),
        events=len(events),
        citations=len(citations),
    )
    return created


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = full size")
    parser.add_argument("--seed", type=int, default=20230712)
    args = parser.parse_args(argv)
    setup_django()
    started = time.perf_counter()
    created = generate(scale=args.scale, seed=args.seed)
    print(
        f"generated {created} in {time.perf_counter() - started:.1f} s",
    )


if __name__ == "__main__":
    main()
