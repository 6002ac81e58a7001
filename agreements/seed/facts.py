"""Every fact the seed documents state about the agreements, with citations.

`prepare()` runs before the research file is imported (seed Sources,
countries, the G7 Joint Declaration the counted agreements implement);
`curate()` runs after it and completes what the seeds add: the Accord's
terms and clauses, its events, Japan's pledges, the United States agreement's
terms, the information-security agreement's history, and the claims on which
sources differ.

Quotes are evidence, so they are verbatim: `Curator.cite` refuses a quote
that is not in the source's text, and quotes from seed 000 are given in
repaired form and damaged back (`repair.damage`) to the text as received.
News copy that is opinion or speculation (territory, who attends which
summit, what Japan "is expected" to do) stays in the Source text only.
"""

import datetime
from decimal import Decimal

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

from . import accord, reference
from .repair import damage
from .sources import DOCUMENTS, SEED_000, SEED_001, SEED_002, SEED_003, SEED_004

G7_DECLARATION_SLUG = "g7-joint-declaration-2023"
ACCORD_SIGNED_ON = datetime.date(2024, 6, 13)
INFOSEC_SIGNED_ON = datetime.date(2024, 11, 16)

# Pages of the research file cited for curated claims.
KANTEI = "https://japan.kantei.go.jp/101_kishida/diplomatic/202406/13ukraine.html"
JIJI = (
    "https://www.nippon.com/en/news/yjj2024061400005/"
    "japan-ukraine-agree-on-talks-within-24-hours-of-attack.html"
)
SKY_TG24 = "https://tg24.sky.it/mondo/2024/06/13/puglia-g7-arrivo-leader-meloni-foto"
STATE_DEPARTMENT = (
    "https://djayanews.com/politics/"
    "u-s-ukraine-bilateral-security-agreement-united-states-department-of-state/"
)
KYIV_INDEPENDENT_US = (
    "https://kyivindependent.com/draft-us-ukraine-sign-bilateral-security-agreement/"
)
PRAVDA_SPAIN = "https://www.pravda.com.ua/eng/news/2024/05/27/7457863/"
ONLINE_UA_SPAIN = (
    "https://news.online.ua/en/ukraine-spain-sign-bilateral-security-agreement-"
    "video-879201/"
)
NIKVESTI_SPAIN = (
    "https://nikvesti.com/news/politics/ukraina-ispansiia-dvostoronnia-bezpekovu-"
    "ugodu-2024"
)
MOFA = "https://www.mofa.go.jp/mofaj/erp/c_see/ua/pageit_000001_00013.html"
YOMIURI = "https://japannews.yomiuri.co.jp/politics/politics-government/20240924-213025"
RESEARCH = "Research file notes"

MOFA_SNIPPET = (
    "現地時間11月16日(日本時間同日)、ウクライナ・キーウ市において、同国を訪問中の"
    "岩屋毅外務大臣及びデニス・シュミハリ・ウクライナ首相(H.E. Mr.Denys SHMYHAL, "
    "Prime Minister of Ukraine)立会いの下"
)


class Curator:
    """Creates records and their citations, checking every quote."""

    def __init__(self):
        self.seeds = {doc.slug: Source.objects.get(slug=doc.slug) for doc in DOCUMENTS}

    def source(self, key):
        if key in self.seeds:
            return self.seeds[key]
        return Source.objects.get(url=key)

    def cite(self, key, target, quote="", field="", claim="", note="", reading=""):
        source = self.source(key)
        if quote and source.text and quote not in source.text:
            raise ValueError(f"Not verbatim in {source.slug}: {quote!r}")
        name = {
            Agreement: "agreement",
            Clause: "clause",
            Pledge: "pledge",
            SigningEvent: "event",
            Participation: "participation",
        }[type(target)]
        citation, _ = Citation.objects.update_or_create(
            source=source,
            field=field,
            claim=claim,
            quote=quote,
            **{name: target},
            defaults={"note": note, "reading": reading},
        )
        citation.full_clean()
        return citation

    def cite000(self, target, repaired, **kwargs):
        """Cite seed 000 with `repaired` words; the quote is the text as
        received, the repaired words its reading."""
        quote = damage(repaired)
        reading = repaired if repaired != quote else ""
        return self.cite(SEED_000, target, quote=quote, reading=reading, **kwargs)


def save(obj):
    obj.full_clean()
    obj.save()
    return obj


def person(name, office, country, native_name=""):
    from .research import person_slug

    found = Person.objects.filter(slug=person_slug(name)).first()
    if found:
        return found
    return save(
        Person(
            name=name,
            slug=person_slug(name),
            office=office,
            country=country,
            native_name=native_name,
        )
    )


def take_part(event, who, role, office):
    found, _ = Participation.objects.update_or_create(
        event=event, person=who, role=role, defaults={"office": office}
    )
    return found


def country(iso_or_name):
    if len(iso_or_name) == 2:
        return Country.objects.get(iso_code=iso_or_name)
    return Country.objects.get(name=iso_or_name)


# Before the research file --------------------------------------------------


def prepare(texts):
    """Seed Sources (verbatim `texts` by prefix), countries, the G7 declaration."""
    for doc in DOCUMENTS:
        source = Source.objects.filter(slug=doc.slug).first() or Source(slug=doc.slug)
        source.title = doc.title
        source.publisher = doc.publisher
        source.author = doc.author
        source.language = doc.language
        source.published_on = doc.published_on
        source.text = texts[doc.prefix]
        source.is_damaged = bool(doc.damage_note)
        source.damage_note = doc.damage_note
        save(source)
    groups = {group.slug: group for group in CountryGroup.objects.all()}
    from django.utils.text import slugify

    for data in reference.COUNTRIES:
        found = (
            Country.objects.filter(iso_code=data.iso_code).first()
            if data.iso_code
            else Country.objects.filter(name=data.name).first()
        ) or Country(slug=slugify(data.name))
        found.name = data.name
        found.iso_code = data.iso_code
        found.kind = Country.Kind.STATE if data.iso_code else Country.Kind.ORGANISATION
        save(found)
        found.groups.set([groups[slug] for slug in data.groups])
    g7_declaration(Curator())


def g7_declaration(cur):
    declaration = Agreement.objects.filter(slug=G7_DECLARATION_SLUG).first()
    declaration = declaration or Agreement(slug=G7_DECLARATION_SLUG)
    declaration.title = "Joint Declaration of Support for Ukraine"
    declaration.short_title = "G7 Joint Declaration"
    declaration.kind = Agreement.Kind.JOINT_DECLARATION
    declaration.status = Agreement.Status.SIGNED
    declaration.signed_on = datetime.date(2023, 7, 12)
    declaration.place_signed = "Vilnius, Lithuania"
    declaration.summary = (
        "Adopted by the President of Ukraine and the leaders of the G7 on the "
        "margins of the NATO summit in Vilnius. Its signatories vowed to pursue "
        "long-term bilateral security commitments and arrangements with "
        "Ukraine; the bilateral security agreements implement it."
    )
    save(declaration)
    parties = [country("UA")] + [country(iso) for iso in reference.G7]
    for position, member in enumerate(parties):
        Party.objects.update_or_create(
            agreement=declaration, country=member, defaults={"position": position}
        )
    preamble = accord_text("Preamble ¶2")
    for field in ("title", "signed_on", "place_signed"):
        cur.cite000(declaration, preamble, field=field)
    cur.cite000(
        declaration,
        "The agreements were signed to fulfill the provisions of the G7 Joint "
        "Declaration of Support for Ukraine, which was approved in Vilnius on "
        "July 12, 2023.",
        field="signed_on",
    )
    cur.cite(
        SEED_001,
        declaration,
        quote="Group of Seven members and dozens of other countries vowed to "
        "pursue long-term bilateral security commitments and arrangements with "
        "Ukraine in their joint declaration of support for Ukraine in July last "
        "year.",
        field="summary",
    )
    cur.cite(
        SEED_003,
        declaration,
        quote="Ukraine now has bilateral security agreements with all members in "
        "continuation of the G7 declaration on the sidelines of the Vilnius NATO "
        "summit.",
        field="summary",
    )
    adopted, _ = SigningEvent.objects.update_or_create(
        agreement=declaration,
        kind=SigningEvent.Kind.SIGNED,
        defaults={
            "occurred_on": declaration.signed_on,
            "place": "Vilnius, Lithuania",
            "occasion": "NATO summit in Vilnius",
            "description": "Adopted by President Zelenskyy and the leaders of the G7.",
        },
    )
    cur.cite000(adopted, preamble, field="occurred_on")
    zelenskyy = person("Volodymyr Zelenskyy", "President", country("UA"))
    signed = take_part(adopted, zelenskyy, Participation.Role.SIGNATORY, "President")
    cur.cite000(signed, preamble)


def accord_text(number):
    return next(clause.text for clause in accord.CLAUSES if clause.number == number)


# After the research file ---------------------------------------------------


def curate():
    cur = Curator()
    the_accord = japan_accord(cur)
    accord_clauses(cur, the_accord)
    accord_events(cur, the_accord)
    japan_pledges(cur, the_accord)
    united_states(cur)
    spain(cur)
    information_security(cur, the_accord)


def bilateral(partner_iso, signed_on):
    return (
        Agreement.objects.filter(parties=country(partner_iso), signed_on=signed_on)
        .exclude(kind=Agreement.Kind.JOINT_DECLARATION)
        .get()
    )


def japan_accord(cur):
    agreement = bilateral("JP", ACCORD_SIGNED_ON)
    agreement.title = accord.TITLE
    agreement.short_title = "Japan–Ukraine Accord"
    agreement.status = Agreement.Status.IN_FORCE
    agreement.in_force_on = ACCORD_SIGNED_ON
    agreement.term_years = 10
    agreement.termination_notice_months = 6
    agreement.place_signed = "Savelletri di Fasano (Apulia), Italy"
    agreement.languages = "uk ja en"
    agreement.prevailing_language = "en"
    agreement.framework = Agreement.objects.get(slug=G7_DECLARATION_SLUG)
    agreement.summary = (
        "Signed at the G7 summit in Apulia for ten years and in effect on "
        "signature; either side may end it with six months' written notice. "
        "Japan supports Ukraine in security and defence (non-lethal equipment, "
        "the Ukraine-NATO CAP Trust Fund, treatment of injured service members, "
        "intelligence), humanitarian aid, recovery and reconstruction, and in "
        "cybersecurity, countering information manipulation, organised crime, "
        "maritime order, industry and CBRN risks. In the event of a future "
        "Russian armed attack the two sides consult within 24 hours."
    )
    save(agreement)
    signed_line = accord_text("X ¶6")
    cur.cite000(agreement, accord.TITLE, field="title")
    cur.cite(
        KANTEI,
        agreement,
        field="title",
        claim="Accord on Support for Ukraine and Cooperation between the "
        "Government of Japan and Ukraine",
        note=f"{RESEARCH}: the Prime Minister's Office of Japan gives the title "
        "with the parties in this order.",
    )
    cur.cite000(agreement, signed_line, field="signed_on")
    cur.cite000(agreement, signed_line, field="place_signed")
    cur.cite(
        JIJI,
        agreement,
        field="place_signed",
        claim="Fasano, Italy",
        note=f"{RESEARCH}: Jiji's dateline. Sky TG24 names the summit venue, "
        "Borgo Egnazia in Savelletri di Fasano.",
    )
    cur.cite(
        SKY_TG24,
        agreement,
        field="place_signed",
        claim="Borgo Egnazia, Savelletri di Fasano (Apulia)",
        note=f"{RESEARCH}: a description of the G7 summit venue, not of this signing.",
    )
    cur.cite000(agreement, accord_text("X ¶1"), field="term_years")
    cur.cite000(
        agreement,
        "According to him, in 2024, Japan will provide Ukraine with $4.5 billion "
        "and will continue to support the country's throughout the agreement's "
        "entire 10-year term.",
        field="term_years",
    )
    cur.cite000(agreement, accord_text("X ¶3"), field="termination_notice_months")
    cur.cite000(agreement, accord_text("X ¶5"), field="in_force_on")
    cur.cite000(agreement, accord_text("X ¶5"), field="status")
    cur.cite000(agreement, signed_line, field="languages")
    cur.cite000(agreement, signed_line, field="prevailing_language")
    cur.cite000(agreement, accord_text("Preamble ¶2"), field="framework")
    # Which number the Accord was among Ukraine's agreements.
    cur.cite(
        JIJI,
        agreement,
        field="ordinal",
        claim="16",
        note=f"{RESEARCH}: Jiji says 15 countries had signed before Japan.",
    )
    cur.cite(
        SEED_003,
        agreement,
        quote="After Japan, the United States became the 16th country, with "
        "Ukraine signing a bilateral security agreement",
        field="ordinal",
        claim="15",
        note="Implied: the United States, which signed after Japan the same "
        "day, is counted as the 16th.",
    )
    cur.cite000(
        agreement,
        "Ukraine has already signed 15 bilateral security agreements.",
        field="ordinal",
        note="A count of 15; the report does not say whether it includes this accord.",
    )
    return agreement


def accord_clauses(cur, agreement):
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    made = {}
    for position, data in enumerate(accord.CLAUSES, start=1):
        clause, _ = Clause.objects.update_or_create(
            agreement=agreement,
            number=data.number,
            defaults={
                "parent": made.get(data.parent),
                "heading": data.heading,
                "text": data.text,
                "position": position,
            },
        )
        clause.full_clean()
        clause.topics.set([topics[slug] for slug in data.topics])
        made[data.number] = clause
        received = cur.seeds[SEED_000].text
        if data.text:
            cur.cite000(clause, data.text)
        elif damage(data.heading) in received:
            cur.cite000(clause, data.heading, field="heading")
        else:  # the signature block has no printed heading
            first_child = next(c for c in accord.CLAUSES if c.parent == data.number)
            cur.cite000(clause, first_child.text)


def signing_event(agreement):
    return agreement.events.get(kind=SigningEvent.Kind.SIGNED)


def accord_events(cur, agreement):
    ukraine, japan = country("UA"), country("JP")
    zelenskyy = person("Volodymyr Zelenskyy", "President", ukraine)

    # Negotiations agreed in Kyiv, 9 September 2023 (seed 002).
    talks, _ = SigningEvent.objects.update_or_create(
        agreement=agreement,
        kind=SigningEvent.Kind.NEGOTIATIONS_AGREED,
        defaults={
            "occurred_on": datetime.date(2023, 9, 9),
            "place": "Kyiv, Ukraine",
            "description": "President Zelenskyy and Japan's Minister of Foreign "
            "Affairs Yoshimasa Hayashi agreed to begin preparing a bilateral "
            "document on security guarantees; Hayashi said Japan was ready to "
            "start negotiations on a bilateral security agreement shortly.",
        },
    )
    cur.cite(SEED_002, talks, quote="Saturday, 9 September 2023", field="occurred_on")
    cur.cite(
        SEED_002,
        talks,
        quote="Zelenskyy and Japanese Foreign Minister in Kyiv on 9 September",
        field="place",
    )
    cur.cite(
        SEED_002,
        talks,
        quote="we agreed to start preparing a bilateral document with Japan on "
        "security guarantees.",
    )
    hayashi = person("Yoshimasa Hayashi", "Minister of Foreign Affairs of Japan", japan)
    agreed = (
        "President Volodymyr Zelenskyy has said that he and Yoshimada Hayashi, the "
        "Minister of Foreign Affairs of Japan, agreed to begin preparing a bilateral "
        "document on security guarantees for Ukraine."
    )
    cur.cite(
        SEED_002,
        take_part(talks, zelenskyy, Participation.Role.NEGOTIATOR, "President"),
        quote=agreed,
    )
    minister = take_part(
        talks, hayashi, Participation.Role.NEGOTIATOR, "Minister of Foreign Affairs"
    )
    cur.cite(
        SEED_002,
        minister,
        quote=agreed,
        note="The report misspells the minister's given name here as 'Yoshimada'; "
        "it spells it 'Yoshimasa' further on.",
    )
    cur.cite(
        SEED_002,
        minister,
        quote="Japanese Foreign Minister Yoshimasa Hayashi reportedly announced "
        "that the Japanese side was ready to start negotiations on a bilateral "
        "security agreement with Ukraine shortly.",
        field="person",
    )

    # The "final stage" of talks (seed 001; the document carries no date).
    final, _ = SigningEvent.objects.update_or_create(
        agreement=agreement,
        kind=SigningEvent.Kind.NEGOTIATION_ROUND,
        defaults={
            "occurred_on": datetime.date(2024, 1, 1),
            "date_precision": SigningEvent.Precision.YEAR,
            "description": "First Deputy Foreign Minister Andrii Sybiha told Kyodo "
            "News that Ukraine and Japan were in the final stage of talks and "
            "hoped to hold one more round and sign before the NATO summit in "
            "Washington on 9 July. The report is undated; the year follows from "
            "its 'more than two years after the start of Russia's invasion'.",
        },
    )
    cur.cite(
        SEED_001,
        final,
        quote="Ukraine and Japan are in the “final stage” of talks on a bilateral "
        "security pact, First Deputy Foreign Minister Andrii Sybiha said.",
    )
    cur.cite(
        SEED_001,
        final,
        quote="more than two years after the start of Russia’s invasion",
        field="occurred_on",
        note="The report gives no date; this dates it to 2024.",
    )
    sybiha = person("Andrii Sybiha", "Minister of Foreign Affairs of Ukraine", ukraine)
    part = take_part(
        final, sybiha, Participation.Role.ANNOUNCER, "First Deputy Foreign Minister"
    )
    cur.cite(
        SEED_001,
        part,
        quote="“We hope to hold one more round of negotiations so that we sign the "
        "agreement in the short term” before the three-day NATO summit begins in "
        "Washington on July 9, Sybiha said in an interview with Kyodo News.",
    )

    # The signing (created from the research file; the text adds the place).
    signing = signing_event(agreement)
    signing.place = "Savelletri di Fasano (Apulia), Italy"
    signing.occasion = "G7 summit in Apulia"
    save(signing)
    cur.cite000(signing, accord_text("X ¶6"), field="place")
    cur.cite000(
        signing,
        "Ukrainian President Volodymyr Zelensky and Japanese Prime Minister Fumio "
        "Kishida have signed a security agreement at the G7 summit.",
        field="occasion",
    )
    cur.cite(
        SEED_003,
        signing,
        quote="signed on the sidelines of the Group of Seven summit in Italy on "
        "June 13.",
        field="occurred_on",
    )
    for number, name in (
        ("Signatures ¶1", "Volodymyr Zelenskyy"),
        ("Signatures ¶2", "Fumio Kishida"),
    ):
        part = signing.participations.get(person__slug=person_slug_of(name))
        cur.cite000(part, accord_text(number))

    # In effect on signature.
    in_force, _ = SigningEvent.objects.update_or_create(
        agreement=agreement,
        kind=SigningEvent.Kind.ENTERED_INTO_FORCE,
        defaults={
            "occurred_on": ACCORD_SIGNED_ON,
            "description": "In effect immediately upon signature.",
        },
    )
    cur.cite000(in_force, accord_text("X ¶5"), field="occurred_on")


def person_slug_of(name):
    from .research import person_slug

    return person_slug(name)


def japan_pledges(cur, agreement):
    japan, ukraine = country("JP"), country("UA")
    for_2024 = agreement.pledges.get(
        donor=japan, amount=Decimal("4500000000"), currency="USD", kind=Pledge.Kind.NEW
    )
    cur.cite000(
        for_2024,
        "According to him, in 2024, Japan will provide Ukraine with $4.5 billion",
        field="amount",
    )
    cur.cite000(
        for_2024,
        "including 4.5 billion US dollars support for 2024",
        field="amount",
    )
    # One running total, reported by three sources in two ways: one pledge
    # with a claim from each (never two pledges added up).
    running_total, _ = Pledge.objects.update_or_create(
        donor=japan,
        recipient=ukraine,
        agreement=agreement,
        kind=Pledge.Kind.CUMULATIVE,
        currency="USD",
        period_start_year=2022,
        defaults={
            "amount": Decimal("12000000000"),
            "qualifier": Pledge.Qualifier.OVER,
            "category": Pledge.Category.TOTAL,
            "description": "Japan's running total of assistance to Ukraine "
            "since 2022, including the 4.5 billion US dollars for 2024. The "
            "Accord (II.2.(4)) gives over USD 12 billion committed and provided "
            "since March 2022; First Deputy Foreign Minister Sybiha, before the "
            "signing, and Jiji Press give USD 12.1 billion. The Accord's figure "
            "is shown: it is the signed text, and 12.1 billion is within it.",
        },
    )
    cur.cite000(
        running_total,
        "Japan has committed and provided to Ukraine financial, humanitarian and "
        "other assistance worth a total value of over 12 billion US dollars since "
        "March 2022",
        field="amount",
        claim="over USD 12 billion",
    )
    cur.cite(
        SEED_001,
        running_total,
        quote="Kyiv has received $12.1 billion in financial aid from Tokyo since "
        "Russia’s full-scale invasion began in February 2022, he added.",
        field="amount",
        claim="USD 12.1 billion",
    )
    cur.cite(
        JIJI,
        running_total,
        field="amount",
        claim="USD 12.1 billion",
        note=f"{RESEARCH}: Jiji says Tokyo had pledged USD 12.1bn in total.",
    )


def united_states(cur):
    agreement = bilateral("US", ACCORD_SIGNED_ON)
    agreement.summary = (
        "A ten-year agreement signed on the sidelines of the G7 summit in Italy. "
        "It records the United States' intention to provide long-term material, "
        "training, advisory, technical, intelligence, security, "
        "defence-industrial, institutional and other support for Ukraine's "
        "security and defence forces. In the event of an armed attack on Ukraine "
        "or its threat, US and Ukrainian officials meet within 24 hours to "
        "consult on Ukraine's further defence needs. It does not require "
        "ratification by Congress, so a future president could withdraw from it."
    )
    save(agreement)
    cur.cite(
        SEED_003,
        agreement,
        quote="Ukraine and the USA signed a security agreement for ten years",
        field="term_years",
    )
    cur.cite(
        SEED_003,
        agreement,
        quote="It also enshrines the US intention to provide long-term material, "
        "training, advisory, technical, intelligence, security, "
        "defence-industrial, institutional, and other support",
        field="summary",
    )
    cur.cite(
        SEED_003,
        agreement,
        quote="In the event of an armed attack on Ukraine or the threat of such an "
        "attack, US and Ukrainian officials, according to the agreement, will "
        "meet within 24 hours to consult and determine what additional defence "
        "needs Ukraine needs.",
        field="summary",
    )
    cur.cite(
        SEED_003,
        agreement,
        quote="However, the US admits that potentially any future president of the "
        "United States can withdraw from the security agreement with Ukraine, "
        "since it does not require ratification by Congress.",
        field="summary",
    )
    cur.cite(
        SEED_003,
        signing_event(agreement),
        quote="signed on the sidelines of the Group of Seven summit in Italy on "
        "June 13.",
        field="occurred_on",
    )
    # Sources differ on its number: 16th (joins 15) or 17th (after Japan).
    cur.cite(
        SEED_003,
        agreement,
        quote="After Japan, the United States became the 16th country, with "
        "Ukraine signing a bilateral security agreement",
        field="ordinal",
        claim="16",
    )
    cur.cite(
        STATE_DEPARTMENT,
        agreement,
        field="ordinal",
        claim="16",
        note=f"{RESEARCH}: the State Department statement says the United "
        "States 'joins 15 partner countries'.",
    )
    cur.cite(
        KYIV_INDEPENDENT_US,
        agreement,
        field="ordinal",
        claim="16",
        note=f"{RESEARCH}: the Kyiv Independent says '15 other countries'.",
    )
    cur.cite(
        JIJI,
        agreement,
        field="ordinal",
        claim="17",
        note=f"{RESEARCH}: Jiji counts Japan as the 16th; the United States "
        "signed later the same day, so it is the 17th by date. newsonlineread "
        "also says the 17th (that page is not among the stored sources).",
    )


def spain(cur):
    agreement = bilateral("ES", datetime.date(2024, 5, 27))
    cur.cite(
        PRAVDA_SPAIN,
        agreement,
        field="ordinal",
        claim="8",
        note=f"{RESEARCH}: Ukrainska Pravda quotes Sánchez calling Spain the "
        "'eighth country'.",
    )
    for url, outlet in (
        (ONLINE_UA_SPAIN, "news.online.ua"),
        (NIKVESTI_SPAIN, "nikvesti"),
    ):
        cur.cite(
            url,
            agreement,
            field="ordinal",
            claim="10",
            note=f"{RESEARCH}: {outlet} says Spain is the tenth country; it is "
            "also the 10th by signing date.",
        )


def information_security(cur, the_accord):
    agreement = bilateral("JP", INFOSEC_SIGNED_ON)
    the_accord.related.add(agreement)
    cur.cite000(the_accord, accord_text("II.1 ¶2"), field="related")
    ukraine, japan = country("UA"), country("JP")

    principle, _ = SigningEvent.objects.update_or_create(
        agreement=agreement,
        kind=SigningEvent.Kind.AGREEMENT_IN_PRINCIPLE,
        defaults={
            "occurred_on": datetime.date(2024, 9, 1),
            "date_precision": SigningEvent.Precision.MONTH,
            "place": "New York, United States",
            "description": "Prime Minister Kishida and President Zelenskyy said at "
            "their meeting in New York that the two countries had reached an "
            "agreement in principle on the information-security pact.",
        },
    )
    in_principle = (
        "A settembre, il primo ministro giapponese Fumio Kishida e il presidente "
        "ucraino Volodymyr Zelenskyy hanno dichiarato durante il loro incontro a "
        'New York che i due paesi avevano raggiunto un accordo "di principio" sul '
        "patto sulla sicurezza delle informazioni."
    )
    cur.cite(SEED_004, principle, quote=in_principle, field="occurred_on")
    cur.cite(
        YOMIURI,
        principle,
        field="occurred_on",
        claim="2024-09-23",
        note=f"{RESEARCH}: agreed in principle on 23 September 2024 in New York "
        "(Yomiuri).",
    )
    for who, office in (
        (person("Fumio Kishida", "Prime Minister", japan), "Prime Minister of Japan"),
        (person("Volodymyr Zelenskyy", "President", ukraine), "President of Ukraine"),
    ):
        part = take_part(principle, who, Participation.Role.ANNOUNCER, office)
        cur.cite(SEED_004, part, quote=in_principle)

    signing = signing_event(agreement)
    cur.cite(
        SEED_004,
        signing,
        quote="Sabato il Giappone e l'Ucraina hanno firmato un accordo per "
        "facilitare lo scambio di informazioni riservate sulla sicurezza",
        field="occurred_on",
        note="The report dates it only 'Sabato' (Saturday); 16 November 2024, "
        "the date Japan's Foreign Ministry gives, was a Saturday.",
    )
    ceremony = (
        "Il ministro degli Esteri giapponese Takeshi Iwaya, che ha effettuato una "
        "visita senza preavviso a Kiev all'inizio della giornata, e il primo "
        "ministro ucraino Denys Shmyhal hanno partecipato ad una cerimonia per "
        "concludere l'accordo."
    )
    cur.cite(SEED_004, signing, quote=ceremony, field="place")
    # Sources differ on who signed.
    cur.cite(
        MOFA,
        signing,
        quote=MOFA_SNIPPET,
        field="signatories",
        claim="Serhii Andrushchenko and Masashi Nakagome signed; Takeshi Iwaya "
        "and Denys Shmyhal witnessed",
        note=f"{RESEARCH}: Japan's Foreign Ministry says the ambassador and the "
        "SBU First Deputy Head signed in the presence (立会いの下) of the two "
        "ministers.",
    )
    cur.cite(
        SEED_004,
        signing,
        quote=ceremony,
        field="signatories",
        claim="Takeshi Iwaya and Denys Shmyhal took part in the ceremony to "
        "conclude it",
        note="Names no other signatory; read as Iwaya and Shmyhal signing by "
        "some accounts.",
    )
    for name in ("Takeshi Iwaya", "Denys Shmyhal"):
        part = signing.participations.get(person__slug=person_slug_of(name))
        cur.cite(MOFA, part, quote=MOFA_SNIPPET, field="role", claim="witness")
        cur.cite(
            SEED_004,
            part,
            quote=ceremony,
            field="role",
            claim="took part in the ceremony to conclude the agreement",
        )

    # The high-level security policy dialogue the Accord foresees (II.1 ¶3).
    dialogue, _ = SigningEvent.objects.update_or_create(
        agreement=the_accord,
        kind=SigningEvent.Kind.DIALOGUE,
        defaults={
            "occurred_on": INFOSEC_SIGNED_ON,
            "place": "Kyiv, Ukraine",
            "description": "Foreign ministers Takeshi Iwaya and Andrii Sybiha agreed "
            "to launch a high-level security policy dialogue involving senior "
            "foreign and defence officials, during the visit in which the "
            "information-security agreement was signed.",
        },
    )
    launch = (
        "Iwaya ha inoltre concordato con il ministro degli Esteri ucraino Andrii "
        "Sybiha di avviare un dialogo ad alto livello sulla politica di sicurezza "
        "che coinvolga alti funzionari esteri e della difesa"
    )
    cur.cite(SEED_004, dialogue, quote=launch)
    cur.cite(
        MOFA,
        dialogue,
        field="occurred_on",
        note=f"{RESEARCH}: the visit's date, 16 November 2024, as Japan's "
        "Foreign Ministry gives it for the signing the same day.",
    )
    cur.cite000(dialogue, accord_text("II.1 ¶3"), field="description")
    for who, office in (
        (
            person("Takeshi Iwaya", "Foreign Minister", japan),
            "Foreign Minister of Japan",
        ),
        (
            person("Andrii Sybiha", "Minister of Foreign Affairs of Ukraine", ukraine),
            "Minister of Foreign Affairs of Ukraine",
        ),
    ):
        part = take_part(dialogue, who, Participation.Role.NEGOTIATOR, office)
        cur.cite(SEED_004, part, quote=launch)
