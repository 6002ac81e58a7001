"""Reads an agreement's text into its numbered clauses. Plain code: no
Django, no database; the admin's "Import text" (agreements/text_import.py)
and the tests call `parse(text)`.

The numbering follows the site's convention (agreements/seed/accord.py):

- a clause keeps its printed number, joined to its parent's: section `II`,
  its paragraph `II.1`, that paragraph's item `II.1.(5)`, a lettered item of
  that `II.2.(2)(a)` (no dot between two parenthesised labels);
- numbering styles are recognised as printed: Roman sections (`I.`, `IV`),
  numbered paragraphs (`1.`, `2.1`), items (`(1)`, `(a)`, `a)`, `i.`),
  headings `Article 5` / `Art. 5` / `Section 3` (numbered `Art. 5`,
  `Section 3`); the first style met is the top level, a new style goes one
  level down, a style met before goes back to its level;
- the words after a number are the clause's heading when they read as one
  (short, no closing punctuation) and its text otherwise; a heading may also
  stand on its own line above its text ("Preamble", "Article 5" then
  "Purpose");
- an item printed with a heading only (`(1) Cybersecurity`) takes the next
  unnumbered paragraph as its text;
- an unnumbered paragraph belongs to the clause above that can hold
  paragraphs (a section, a paragraph with a heading, an item with a heading
  or with items of its own) and is numbered `<that number> ¶n`, counting its
  own text as ¶1 where it has one;
- paragraphs before the first numbered clause are the title (a first short
  line) and the preamble (`Preamble ¶n`); the closing "For Ukraine: …" lines
  are `Signatures ¶n`;
- a line broken inside a sentence (as in PDF copies) is joined to the line
  before; non-breaking spaces, typographic quotes and dashes are kept in the
  text and count as spaces and punctuation where they separate a number.

Anything it cannot place is kept with a flag (`Row.flags`) rather than
dropped: a repeated number, a number that skips (`(1)` then `(3)`), a
paragraph that reads as a broken line.
"""

import re
import unicodedata
from dataclasses import dataclass, field

PREAMBLE = "Preamble"
SIGNATURES = "Signatures"
# Unicode spaces that may separate a number from its words (NBSP and kin).
SPACE = r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]"
ROMAN = r"(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"

# (style, pattern): a label at the start of a paragraph. The `label` group is
# the printed number, `rest` what follows on the line.
LABELS = (
    ("article", rf"(?P<label>(?:Article|Art\.){SPACE}*(?P<n>\d+[A-Za-z]?))\.?"),
    ("section", rf"(?P<label>Section{SPACE}+(?P<n>\d+[A-Za-z]?))\.?"),
    ("roman", rf"(?P<label>(?P<n>{ROMAN}))\.(?!\d)"),
    ("decimal", r"(?P<label>(?P<n>\d+(?:\.\d+)+))\.?"),
    ("arabic", r"(?P<label>(?P<n>\d+))\.(?!\d)"),
    ("paren-arabic", r"(?P<label>\((?P<n>\d+)\))"),
    ("paren-roman", r"(?P<label>\((?P<n>[ivx]+)\))"),
    ("paren-letter", r"(?P<label>\((?P<n>[a-z])\))"),
    ("letter", r"(?P<label>(?P<n>[a-z])\))"),
    ("roman-lower", r"(?P<label>(?P<n>[ivx]+))\.(?!\w)"),
)
LABEL_PATTERNS = [
    (style, re.compile(rf"^{pattern}(?:{SPACE}+(?P<rest>.*))?$", re.DOTALL))
    for style, pattern in LABELS
]
# Styles whose heading-only line takes the next paragraph as its text.
ITEM_STYLES = {"paren-arabic", "paren-roman", "paren-letter", "letter"}
HEADING_WORDS = 16
CLOSING = ".;:,!?"
SIGNATURE_LINE = re.compile(r"^For(?:\s+the)?\s+[A-Z][^:]{0,120}:\s*\S")


@dataclass
class Row:
    """One clause as read: what the clause list will hold."""

    number: str
    heading: str = ""
    text: str = ""
    parent: str | None = None
    position: int = 0
    flags: list = field(default_factory=list)
    style: str = ""  # the numbering style it was printed in ("" unnumbered)
    label: str = ""  # its own printed label: "(5)", "II.", "Art. 5"
    paragraphs: int = 0  # unnumbered paragraphs it holds (¶n counter)
    children: int = 0
    topics: list | None = None  # slugs, once an editor has chosen them

    @property
    def holds_paragraphs(self):
        return (
            bool(self.heading)
            or self.children > 0
            or self.style
            in (
                "",
                "article",
                "section",
                "roman",
            )
        )


@dataclass
class Parsed:
    title: str
    rows: list

    @property
    def structured(self):
        """True when any clause was numbered (not only paragraphs)."""
        return any(row.style and row.style != "signature" for row in self.rows)


def normalise_spaces(text):
    """Unicode NFC; line ends as \\n; other text kept as it is."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")


def _is_space(ch):
    return ch.isspace() or unicodedata.category(ch) == "Zs"


def _strip(text):
    start, end = 0, len(text)
    while start < end and (_is_space(text[start]) or text[start] == "\u200b"):
        start += 1
    while end > start and (_is_space(text[end - 1]) or text[end - 1] == "\u200b"):
        end -= 1
    return text[start:end]


def label_of(line):
    """(style, printed label, number part, rest of the line) or None."""
    for style, pattern in LABEL_PATTERNS:
        match = pattern.match(line)
        if match:
            rest = _strip(match.group("rest") or "")
            label = re.sub(SPACE + "+", " ", match.group("label"))
            return style, label, match.group("n"), rest
    return None


def reads_as_heading(words):
    """Short words with no closing punctuation: a heading, not a sentence."""
    stripped = words.rstrip("”’\"')")
    return (
        bool(words)
        and len(words.split()) <= HEADING_WORDS
        and stripped[-1:] not in CLOSING
        and not words.endswith((" and", " or"))
    )


def ends_paragraph(line):
    """Closing punctuation, or a list item's "; and" / ", or"."""
    return line.rstrip("”’\"')")[-1:] in CLOSING or bool(
        re.search(r"[;,]\s+(?:and|or)$", line)
    )


def paragraphs(text):
    """The text's paragraphs, lines broken inside a sentence joined again.

    Blank lines separate paragraphs where the text has them; a single line
    break then only wraps a line. In a text without blank lines each line is
    a paragraph, unless it continues the line before (which ends without
    closing punctuation, and the line does not start a number)."""
    lines = [_strip(line) for line in normalise_spaces(text).split("\n")]
    blank_separated = any(not line for line in lines) and sum(
        1 for line in lines if not line
    ) >= max(1, len([line for line in lines if line]) // 4)
    found, current = [], []
    for line in lines:
        if not line:
            if current:
                found.append(" ".join(current))
                current = []
            continue
        starts_clause = label_of(line) is not None or SIGNATURE_LINE.match(line)
        if current and not starts_clause:
            previous = current[-1]
            continues = blank_separated or (
                not ends_paragraph(previous) and not reads_as_heading(previous)
            )
            continues = continues or line[:1].islower()
            if continues and not (blank_separated and reads_as_heading(previous)):
                current.append(line)
                continue
            if continues and line[:1].islower():
                current.append(line)
                continue
        if current:
            found.append(" ".join(current))
        current = [line]
    if current:
        found.append(" ".join(current))
    return found


def _joined(parent, label):
    """II + 1 → II.1; II.1 + (1) → II.1.(1); II.2.(2) + (a) → II.2.(2)(a)."""
    if parent is None:
        return label
    if parent.endswith(")") and label.startswith("("):
        return parent + label
    return f"{parent}.{label}"


class _Reader:
    def __init__(self):
        self.rows = []
        self.by_number = {}
        self.stack = []  # open rows, outermost first
        self.levels = []  # numbering styles, outermost first
        self.absorb = None  # a heading-only item waiting for its text
        self.title = ""

    def add(self, row):
        row.position = len(self.rows) + 1
        if row.number in self.by_number:
            row.flags.append(f"number {row.number} is used twice")
        self.by_number.setdefault(row.number, row)
        self.rows.append(row)
        return row

    def container(self):
        for row in reversed(self.stack):
            if row.holds_paragraphs:
                return row
        return None

    def numbered(self, style, label, n, rest):
        style, label = self.disambiguate(style, label, n)
        printed = n if style in ("roman", "arabic", "decimal") else label
        if style == "decimal":
            style = f"decimal{n.count('.')}"  # 2.1 and 2.1.1 are levels apart
        if style == "article":
            printed = f"Article {n}"
        if style in self.levels:
            level = self.levels.index(style)
            del self.levels[level + 1 :]
        else:
            self.levels.append(style)
            level = len(self.levels) - 1
        del self.stack[level:]
        # Only open rows of the levels above can hold this one.
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.number in (PREAMBLE, SIGNATURES):
            self.stack.pop()
            parent = self.stack[-1] if self.stack else None
        base = parent
        if style.startswith("decimal"):
            # 2.1 is printed whole: join it to what holds its chain, not to 2.
            chain = [r for r in self.stack if not r.style.startswith(("arabic", "dec"))]
            base = chain[-1] if chain else None
        row = Row(
            _joined(base.number if base else None, printed),
            parent=parent.number if parent else None,
            style=style,
            label=label,
        )
        if reads_as_heading(rest):
            row.heading = rest
            if style in ITEM_STYLES:
                self.absorb = row
        else:
            row.text = rest
            if rest:
                row.paragraphs = 1
        if parent is not None:
            parent.children += 1
        self.stack.append(row)
        return self.add(row)

    def disambiguate(self, style, label, n):
        """(i), (v), (x) continue a lettered list after (h), (u), (w)."""
        if style in ("paren-roman", "roman-lower") and len(n) == 1:
            letter = "paren-letter" if style == "paren-roman" else "letter"
            siblings = [r for r in self.stack if r.style == letter]
            if siblings and _ordinal(letter, siblings[-1].label) == ord(n) - 96 - 1:
                return letter, label
        return style, label

    def heading_only(self, words):
        """A heading on its own line gives the clause just opened its heading."""
        last = self.rows[-1] if self.rows else None
        if last and last.style and not last.heading and not last.text:
            last.heading = words
            if last.style in ITEM_STYLES:
                self.absorb = last
            return True
        return False

    def unnumbered(self, text):
        if self.absorb is not None:
            self.absorb.text = text
            self.absorb.paragraphs = 1
            self.absorb = None
            return
        holder = self.container()
        if holder is None:
            if not self.rows and not self.title and reads_as_heading(text):
                self.title = text
                return
            holder = self.add(Row(PREAMBLE, heading=PREAMBLE))
            self.stack = [holder]
        holder.paragraphs += 1
        self.add(
            Row(
                f"{holder.number} ¶{holder.paragraphs}",
                text=text,
                parent=holder.number,
            )
        )

    def read(self, paragraph):
        if _strip(paragraph).casefold() == PREAMBLE.casefold() and not self.levels:
            row = self.add(Row(PREAMBLE, heading=PREAMBLE))
            self.stack = [row]
            return
        if SIGNATURE_LINE.match(paragraph) and self.rows:
            holder = self.by_number.get(SIGNATURES)
            if holder is None or self.stack[-1:] != [holder]:
                holder = holder or self.add(Row(SIGNATURES, heading=SIGNATURES))
                self.stack = [holder]
                holder.style = "signature"
            self.absorb = None
            holder.paragraphs += 1
            self.add(
                Row(
                    f"{SIGNATURES} ¶{holder.paragraphs}",
                    text=paragraph,
                    parent=SIGNATURES,
                )
            )
            return
        found = label_of(paragraph)
        if found:
            self.absorb = None
            self.numbered(*found)
            return
        if reads_as_heading(paragraph) and self.heading_only(paragraph):
            return
        self.unnumbered(paragraph)


def check_sequence(rows):
    """Flag a number that skips or goes back among siblings of one style."""
    last = {}
    for row in rows:
        if not row.style or row.style == "signature":
            continue
        key = (row.parent, row.style)
        value = _ordinal(row.style, row.label)
        previous = last.get(key)
        if previous is not None and value is not None and value != previous + 1:
            row.flags.append(f"number {row.number} does not follow the one before")
        if value is not None:
            last[key] = value


def _ordinal(style, label):
    inner = re.sub(r"^(?:Article|Art\.|Section)\s*", "", label).strip("().")
    if style in ("roman", "paren-roman", "roman-lower"):
        return _roman(inner.upper())
    if style in ("paren-letter", "letter"):
        return ord(inner) - ord("a") + 1
    if inner.isdigit():
        return int(inner)
    return None


def _roman(text):
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for ch, nxt in zip(text, text[1:] + " ", strict=True):
        value = values.get(ch, 0)
        total += -value if values.get(nxt, 0) > value else value
    return total


def parse(text):
    """Parsed(title, rows) for an agreement's text."""
    reader = _Reader()
    for paragraph in paragraphs(text):
        reader.read(paragraph)
    rows = reader.rows
    check_sequence(rows)
    return Parsed(reader.title, rows)


def one_per_paragraph(text):
    """Rows for a text with no structure: paragraph n is `¶n`."""
    return Parsed(
        "",
        [
            Row(f"¶{n}", text=paragraph, position=n)
            for n, paragraph in enumerate(paragraphs(text), start=1)
        ],
    )
