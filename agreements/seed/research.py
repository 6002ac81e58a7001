"""Read, validate and import agreement rows in the research file's CSV format.

The file is UTF-8 CSV (RFC 4180 quoting) with one header row naming these
columns (others are ignored): ordinal, partner, partner_iso2, date_signed,
place, ukraine_signatory, partner_signatory, title, term_years,
pledge_amount, pledge_currency, pledge_period, pledge_note, source_urls,
evidence_snippet, confidence, notes.

Every row is parsed and checked before anything is written; the import then
runs in one transaction, so a bad row leaves the database as it was.

Cell grammar
------------
ordinal            "16th" (counted: implements the framework agreement) or
                   "related (not counted)" or empty.
date_signed        YYYY-MM-DD.
partner_iso2       two capital letters, or empty for an organisation (the EU).
term_years         empty or a whole number of years (1–100).
*_signatory        entry (";" entry)*, where
                     entry := who [", in the presence of " who] [" (per X)"]
                     who   := OFFICE NAME ["(" native name ")"]
                            | NAME ["(" native name ")"] ", " OFFICE
                            | NAME
                   OFFICE is one of OFFICES (PM/FM are expanded); the person
                   before "in the presence of" signs, the one after witnesses;
                   "(per X)" is kept as the attribution in the citation note.
pledge_amount      part (" + " part)*, where
                     part := [QUALIFIER] NUMBER [SCALE] [PER_YEAR] ["(" note ")"]
                           | [QUALIFIER] NUMBER "% of GDP" [PER_YEAR] ["(" note ")"]
                     QUALIFIER := at least | up to | over | more than | about |
                                  approx. | approximately | around | almost |
                                  nearly   (the last six are stored as "about")
                     SCALE     := thousand | million | billion | trillion
                     PER_YEAR  := per year | a year | annually | each year
                   e.g. "at least 1.8 billion", "0.25% of GDP annually",
                   "75 billion (approx. EUR 6.5 billion)",
                   "128 million + at least 40 million". A parenthesised note
                   (an approximation in another currency) goes into the
                   pledge's description; it is not a second pledge.
pledge_currency    ISO 4217 code; required with an amount, empty with % of GDP.
pledge_period      free text; its first years outside parentheses and before
                   any ";" give the period ("2024", "2024-2026", "2024-25");
                   "annual", "annually", "each year", "per year" mark a
                   yearly figure.
pledge_note        free text; its first sentence gives the category: words
                   for military (military, defence, security), financial,
                   humanitarian or reconstruction (recovery); none or several
                   give "total". With several parts, the note is split on
                   " plus " when it has one piece per part.
source_urls        http(s) URLs separated by " | "; at least one.

What a row writes
-----------------
Identity: the partner and the signing date (an agreement of any kind but a
joint declaration to which the partner is party, signed that day). Re-running
with the same file changes nothing; an edited cell updates its record.

- Countries (Ukraine and the partner, created when missing), the Agreement,
  its two Party rows and, for counted rows, its framework (the agreement
  whose slug is given, when it exists).
- The signing event (kind "signed") with a Participation per person; people
  are matched by the slug of their name.
- One Pledge per amount part (donor: the partner; kind "new").
- A Source per URL (title derived from the URL, which says so; publisher is
  the host name; language from the URL when evident, else English).
- Citations: every URL is cited for the agreement as a whole, unquoted
  (notes begin with IMPORT_MARK). The file does not say which page states
  which fact, so neither the evidence snippet nor any citation is copied
  under every page; the signing, its signatories and the pledges get their
  citations from the quotes file (seed/quotes.py), with the words of the
  page that states each one, or from editors. Citations of those records
  written by earlier versions of the importer are removed.

Curated values win: a field of an agreement or event that a citation not
written by this importer supports (e.g. the Accord's title and place, cited
from its text) is not overwritten. Citations, participations and pledges the
importer wrote before and that the row no longer gives are removed.
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    Participation,
    Pledge,
)

COLUMNS = (
    "ordinal",
    "partner",
    "partner_iso2",
    "date_signed",
    "place",
    "ukraine_signatory",
    "partner_signatory",
    "title",
    "term_years",
    "pledge_amount",
    "pledge_currency",
    "pledge_period",
    "pledge_note",
    "source_urls",
    "evidence_snippet",
    "confidence",
    "notes",
)
IMPORT_MARK = "From the research file"
MAX_CELL = 4000  # no cell of the research file comes near this
MAX_FILE_BYTES = 5_000_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

OFFICES = (
    "European Commission President",
    "European Council President",
    "First Deputy Foreign Minister",
    "Minister of Foreign Affairs",
    "Federal Chancellor",
    "Foreign Minister",
    "Ambassador to Ukraine",
    "Prime Minister",
    "Chancellor",
    "President",
    "Taoiseach",
    "PM",
    "FM",
)
ABBREVIATIONS = {"PM": "Prime Minister", "FM": "Foreign Minister"}

QUALIFIERS = {
    "at least": Pledge.Qualifier.AT_LEAST,
    "up to": Pledge.Qualifier.UP_TO,
    "over": Pledge.Qualifier.OVER,
    "more than": Pledge.Qualifier.OVER,
    "about": Pledge.Qualifier.ABOUT,
    "approx.": Pledge.Qualifier.ABOUT,
    "approximately": Pledge.Qualifier.ABOUT,
    "around": Pledge.Qualifier.ABOUT,
    "almost": Pledge.Qualifier.ABOUT,
    "nearly": Pledge.Qualifier.ABOUT,
}
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
PER_YEAR = r"per year|a year|annually|each year|per annum"
PLEDGE_PART = re.compile(
    r"^(?:(?P<qualifier>"
    + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+)?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<gdp>\s*%\s*of\s+GDP)|\s+(?P<scale>" + "|".join(SCALES) + r"))?"
    r"(?:\s+(?P<per_year>" + PER_YEAR + r"))?"
    r"(?:\s+\((?P<note>[^()]+)\))?$",
    re.IGNORECASE,
)
YEARLY = re.compile(r"\b(?:annual|annually|each year|every year|" + PER_YEAR + r")\b")
CATEGORY_WORDS = {
    Pledge.Category.MILITARY: ("military", "defence", "defense", "security"),
    Pledge.Category.FINANCIAL: ("financial", "loan", "budget"),
    Pledge.Category.HUMANITARIAN: ("humanitarian",),
    Pledge.Category.RECONSTRUCTION: ("reconstruction", "recovery"),
}

# ISO 4217 codes in use.
CURRENCIES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND
    BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK
    DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
    HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
    LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR
    MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
    RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND
    TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER
    ZAR ZMW ZWL""".split()
)

# The language of pages whose URL shows it: a language path segment, the
# host's country code, or a host known to publish in one language.
PATH_LANGUAGES = {
    "en": "en",
    "eng": "en",
    "ger": "de",
    "de": "de",
    "ukr": "uk",
    "ua": "uk",
    "mofaj": "ja",
    "no": "no",
    "fr": "fr",
    "it": "it",
}
HOST_LANGUAGES = {
    "agauche.org": "fr",
    "apollon.tv": "sq",
    "naslovi.net": "sr",
    "nikvesti.com": "uk",
    "rtvslo.si": "de",  # its Radio Si news in German
    "ukrinform.jp": "ja",
    "ukrinform.ua": "uk",
}
TLD_LANGUAGES = {
    "al": "sq",
    "de": "de",
    "fr": "fr",
    "gr": "el",
    "hr": "hr",
    "it": "it",
    "pl": "pl",
    "ro": "ro",
    "si": "sl",
}
URL_WORDS_IGNORED = {"amp", "en", "eng", "news", "html", "htm", "aspx", "php"}
TRANSLITERATE = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "ß": "ss", "đ": "d"})


class ImportFailure(Exception):
    """The file cannot be imported; the message says where and why."""


@dataclass
class PersonRef:
    name: str
    office: str
    role: str
    native_name: str = ""
    attribution: str = ""


@dataclass
class PledgePart:
    amount: Decimal | None
    gdp_share: Decimal | None
    qualifier: str
    per_year: bool
    note: str
    category: str


@dataclass
class Row:
    number: int
    line: int
    ordinal: int | None
    counted: bool
    partner: str
    iso2: str
    signed_on: datetime.date
    place: str
    title: str
    kind: str
    term_years: int | None
    people: list = field(default_factory=list)  # (PersonRef, "ukraine"|"partner")
    pledges: list = field(default_factory=list)
    currency: str = ""
    period_start: int | None = None
    period_end: int | None = None
    per_year_period: bool = False
    pledge_period: str = ""
    pledge_note: str = ""
    urls: list = field(default_factory=list)
    snippet: str = ""
    confidence: str = ""
    notes: str = ""

    @property
    def label(self):
        return f"Row {self.number} (line {self.line})"


class CellError(ValueError):
    pass


# Reading and validating --------------------------------------------------


def read_file(path):
    """Every row of the CSV at `path`, parsed and checked; raises ImportFailure."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ImportFailure(f"Cannot read {path}: {error.strerror}.") from error
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFailure(f"{path} is larger than {MAX_FILE_BYTES} bytes.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFailure(
            f"{path} is not UTF-8 text: byte 0x{raw[error.start]:02x} on line "
            f"{line} cannot be decoded. Save the file as UTF-8."
        ) from error
    return parse_text(text)


def parse_text(text):
    """Parse CSV text in the research format into a list of Row."""
    if "\x00" in text:
        raise ImportFailure("The file contains NUL characters; it is not CSV text.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise ImportFailure("The file is empty: a header row is needed.")
        header = [name.strip() for name in header]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise ImportFailure(
                "The header row lacks the column(s) " + ", ".join(missing) + "."
            )
        rows, seen = [], {}
        line = reader.line_num + 1
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                line = reader.line_num + 1
                continue
            if len(cells) > len(header):
                raise ImportFailure(
                    f"Row {number} (line {line}): {len(cells)} cells but the "
                    f"header names {len(header)} columns."
                )
            record = dict(zip(header, cells, strict=False))
            try:
                row = parse_row(number, line, record)
            except CellError as error:
                raise ImportFailure(f"Row {number} (line {line}): {error}") from None
            key = (row.iso2 or row.partner.casefold(), row.signed_on)
            if key in seen:
                raise ImportFailure(
                    f"{row.label}: {row.partner} on {row.signed_on} is already "
                    f"row {seen[key]}; each agreement needs one row."
                )
            seen[key] = number
            rows.append(row)
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFailure(
            f"Line {reader.line_num}: not valid CSV ({error})."
        ) from None
    return rows


def parse_row(number, line, record):
    cells = {}
    for column in COLUMNS:
        value = (record.get(column) or "").strip()
        if len(value) > MAX_CELL:
            raise CellError(
                f"{column} is {len(value)} characters long (at most {MAX_CELL})."
            )
        if value.startswith(FORMULA_STARTS):
            raise CellError(
                f"{column} {shorten(value)!r} starts with {value[0]!r}, which "
                "spreadsheets run as a formula; no cell of this format starts so."
            )
        if any(ord(char) < 32 and char not in "\n" for char in value):
            raise CellError(f"{column} contains control characters.")
        cells[column] = value

    partner = require(cells, "partner")
    ordinal, counted = parse_ordinal(cells["ordinal"])
    iso2 = cells["partner_iso2"]
    if iso2 and not re.fullmatch(r"[A-Z]{2}", iso2):
        raise CellError(
            f"partner_iso2 {shorten(iso2)!r} is not an ISO 3166-1 alpha-2 code "
            "(two capital letters, e.g. JP)."
        )
    title = require(cells, "title")
    row = Row(
        number=number,
        line=line,
        ordinal=ordinal,
        counted=counted,
        partner=partner,
        iso2=iso2,
        signed_on=parse_date(cells["date_signed"]),
        place=cells["place"],
        title=title,
        kind=agreement_kind(counted, title, cells["notes"]),
        term_years=parse_term(cells["term_years"]),
        pledge_period=cells["pledge_period"],
        pledge_note=cells["pledge_note"],
        snippet=cells["evidence_snippet"],
        confidence=cells["confidence"],
        notes=cells["notes"],
    )
    for column, side in (
        ("ukraine_signatory", "ukraine"),
        ("partner_signatory", "partner"),
    ):
        for person in parse_people(cells[column], column):
            row.people.append((person, side))
    row.pledges = parse_pledges(cells["pledge_amount"], cells["pledge_note"])
    row.currency = cells["pledge_currency"]
    gdp = any(part.gdp_share is not None for part in row.pledges)
    if row.currency and row.currency not in CURRENCIES:
        raise CellError(
            f"pledge_currency {shorten(row.currency)!r} is not an ISO 4217 code "
            "(e.g. EUR, USD)."
        )
    if row.pledges and not gdp and not row.currency:
        raise CellError("pledge_amount is given but pledge_currency is empty.")
    if gdp and row.currency:
        raise CellError("a pledge in % of GDP takes no pledge_currency.")
    if row.currency and not row.pledges:
        raise CellError("pledge_currency is given but pledge_amount is empty.")
    row.period_start, row.period_end, row.per_year_period = parse_period(
        cells["pledge_period"]
    )
    row.urls = parse_urls(cells["source_urls"])
    return row


def require(cells, column):
    if not cells[column]:
        raise CellError(f"{column} is empty.")
    return cells[column]


def shorten(value, length=40):
    return value if len(value) <= length else value[: length - 1] + "…"


def parse_ordinal(value):
    if not value or value.lower().startswith("related"):
        return None, False
    match = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", value)
    if not match or int(match.group(1)) == 0:
        raise CellError(
            f"ordinal {shorten(value)!r} is neither like '16th' nor "
            "'related (not counted)'."
        )
    return int(match.group(1)), True


def parse_date(value):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise CellError(
            f"date_signed {shorten(value)!r} is not an ISO date (YYYY-MM-DD)."
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CellError(f"date_signed {value!r} is not a real date.") from None


def parse_term(value):
    if not value:
        return None
    if not re.fullmatch(r"\d{1,3}", value) or not 1 <= int(value) <= 100:
        raise CellError(
            f"term_years {shorten(value)!r} is not a whole number from 1 to 100."
        )
    return int(value)


def agreement_kind(counted, title, notes=""):
    """The kind, from the title and, for a title in another script, the
    English rendering the notes give ("Title in English …", at their end)."""
    if counted:
        return Agreement.Kind.SECURITY
    _, marker, rendering = notes.rpartition("Title")
    lowered = f"{title} {rendering if marker else ''}".lower()
    if "information" in lowered and ("protection" in lowered or "security" in lowered):
        return Agreement.Kind.INFORMATION_SECURITY
    if "partnership" in lowered:
        return Agreement.Kind.PARTNERSHIP
    return Agreement.Kind.OTHER


def parse_people(value, column):
    people = []
    for entry in (part.strip() for part in value.split(";")):
        if not entry:
            continue
        attribution = ""
        match = re.search(r"\s*\((per [^()]+)\)$", entry)
        if match:
            attribution, entry = match.group(1), entry[: match.start()]
        parts = re.split(r",\s+in the presence of\s+", entry)
        for position, text in enumerate(parts):
            role = (
                Participation.Role.SIGNATORY
                if position == 0
                else Participation.Role.WITNESS
            )
            people.append(parse_person(text, role, attribution, column))
    return people


def parse_person(text, role, attribution, column):
    native = ""
    match = re.search(r"\s*\(([^()]*[^\x00-\u024f()][^()]*)\)", text)
    if match:
        native = match.group(1).strip()
        text = (text[: match.start()] + text[match.end() :]).strip()
    name, office = text.strip(), ""
    for candidate in OFFICES:
        if text.startswith(candidate + " "):
            office, rest = candidate, text[len(candidate) + 1 :].lstrip()
            if rest.startswith("(") and ")" in rest:
                office += " " + rest[: rest.index(")") + 1]
                rest = rest[rest.index(")") + 1 :].lstrip()
            name = rest
            break
    else:
        if ", " in text:
            name, office = (part.strip() for part in text.split(", ", 1))
    office = ABBREVIATIONS.get(office, office)
    if not re.search(r"[^\W\d_]", name):
        raise CellError(f"{column} {shorten(text)!r} names no person.")
    return PersonRef(name, office, role, native, attribution)


def parse_pledges(value, note):
    if not value:
        return []
    pieces = re.split(r"\s+\+\s+", value)
    note_pieces = re.split(r"\s+plus\s+", note) if len(pieces) > 1 else [note]
    if len(note_pieces) != len(pieces):
        note_pieces = [note] * len(pieces)
    parts = []
    for piece, piece_note in zip(pieces, note_pieces, strict=True):
        match = PLEDGE_PART.fullmatch(piece.strip())
        if not match:
            raise CellError(
                f"pledge_amount {shorten(value)!r} does not follow the grammar, "
                "e.g. 'at least 1.8 billion', '0.25% of GDP annually', "
                "'128 million + at least 40 million'."
            )
        try:
            number = Decimal(match.group("number").replace(",", ""))
        except InvalidOperation:
            raise CellError(
                f"pledge_amount {shorten(value)!r} has a bad number."
            ) from None
        if number <= 0:
            raise CellError("pledge_amount must be more than zero.")
        qualifier = QUALIFIERS.get((match.group("qualifier") or "").lower(), "")
        if match.group("gdp"):
            amount, gdp_share = None, number
            if gdp_share > 100:
                raise CellError("a share of GDP cannot exceed 100%.")
        else:
            scale = SCALES.get((match.group("scale") or "").lower(), 1)
            amount, gdp_share = (number * scale).quantize(Decimal("0.01")), None
            if amount >= Decimal(10) ** 18:
                raise CellError(f"pledge_amount {shorten(value)!r} is too large.")
        parts.append(
            PledgePart(
                amount=amount,
                gdp_share=gdp_share,
                qualifier=qualifier,
                per_year=bool(match.group("per_year")),
                note=(match.group("note") or "").strip(),
                category=category_for(piece_note),
            )
        )
    return parts


def category_for(note):
    first = re.split(r"(?<=[.;])\s", note, maxsplit=1)[0].lower()
    found = [
        category
        for category, words in CATEGORY_WORDS.items()
        if any(re.search(rf"\b{re.escape(word)}", first) for word in words)
    ]
    return found[0] if len(found) == 1 else Pledge.Category.TOTAL


def parse_period(value):
    main = re.sub(r"\([^)]*\)", "", value).split(";")[0]
    per_year = bool(YEARLY.search(main.lower()))
    match = re.search(r"\b((?:19|20)\d\d)(?:\s*[-–]\s*(\d{4}|\d{2}))?\b", main)
    if not match:
        return None, None, per_year
    start = int(match.group(1))
    end = match.group(2)
    if end is None:
        return start, start, per_year
    end = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if end < start:
        raise CellError(f"pledge_period {shorten(value)!r} ends before it starts.")
    return start, end, per_year


def parse_urls(value):
    urls = [part.strip() for part in value.split("|") if part.strip()]
    if not urls:
        raise CellError("source_urls is empty: every row needs at least one source.")
    check = URLValidator(schemes=["http", "https"])
    for url in urls:
        if len(url) > 1000:
            raise CellError("source_urls has a URL longer than 1000 characters.")
        try:
            check(url)
        except ValidationError:
            raise CellError(
                f"source_urls {shorten(url)!r} is not an http(s) URL."
            ) from None
    if len(set(urls)) != len(urls):
        raise CellError("source_urls lists a URL twice.")
    return urls


# URL-derived source metadata ----------------------------------------------


def host_of(url):
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return re.sub(r"^(?:www|m|amp)\.", "", host)


def language_of(url):
    """The page's language when its URL shows it, else English (the default)."""
    parts = urlsplit(url)
    for segment in parts.path.lower().split("/")[1:3]:
        if segment in PATH_LANGUAGES:
            return PATH_LANGUAGES[segment]
    host = host_of(url)
    if host in HOST_LANGUAGES:
        return HOST_LANGUAGES[host]
    return TLD_LANGUAGES.get(host.rsplit(".", 1)[-1], "en")


def title_from_url(url):
    """A readable title made from the URL; it says it was derived."""
    parts = urlsplit(url)
    best = ""
    for segment in parts.path.split("/"):
        segment = re.sub(r"\.(html?|aspx|php)$", "", segment)
        words = [w for w in re.split(r"[-_]+", segment) if re.search("[A-Za-z]", w)]
        words = [w for w in words if w.lower() not in URL_WORDS_IGNORED]
        if len(words) >= 3 and len(words) >= len(best.split()):
            best = " ".join(words)
    label = best or (parts.path.strip("/") or parts.query or "home page")
    title = f"{label} — {host_of(url)} (title derived from the URL)"
    return title if len(title) <= 500 else title[:499] + "…"


def source_slug(url):
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return f"web-{slugify(host_of(url).replace('.', '-'))[:80]}-{digest}"


def person_slug(name):
    slug = slugify(name.translate(TRANSLITERATE))
    if not slug:
        slug = "person-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return slug[:200]
