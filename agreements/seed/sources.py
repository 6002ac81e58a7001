"""The five seed documents: what each one says about itself.

The text of each Source is the file's content exactly as received (read by
`build`); the metadata below is only what the document itself states. No date
is invented: `published_on` is left empty when the document gives none.
"""

import datetime
from pathlib import Path
from typing import NamedTuple


class SeedDocument(NamedTuple):
    prefix: str
    slug: str
    title: str
    publisher: str = ""
    author: str = ""
    language: str = "en"
    published_on: datetime.date | None = None
    damage_note: str = ""


SEED_000 = "seed-000-ukrinform-japan-accord"
SEED_001 = "seed-001-sybiha-final-stage"
SEED_002 = "seed-002-negotiations-agreed"
SEED_003 = "seed-003-us-and-japan-agreements"
SEED_004 = "seed-004-information-security"

DOCUMENTS = (
    SeedDocument(
        "000",
        SEED_000,
        "Ukraine signs security agreement with Japan",
        # "…, Ukrinform reports." and "Source: ukrinform.net"
        publisher="Ukrinform",
        damage_note=(
            'Every "op" and "ol" letter pair was lost, in any case '
            '("coeration" for cooperation, "Vodymyr" for Volodymyr, "apprriate" '
            'for appropriate, "CW" for OPCW, "to" for tool, "re" for role). The '
            "text is kept as received; the Accord's clauses and all facts taken "
            'from it use a repair that gives back this text when every "op" and '
            '"ol" is removed again. Quotes in citations stay as received.'
        ),
    ),
    SeedDocument(
        "001",
        SEED_001,
        "Ukraine Japan to sign security pact before July",
        # The text names Kyodo News only as the outlet that held the interview.
        publisher="Kyodo News (interview outlet; publishing site not stated)",
    ),
    SeedDocument(
        "002",
        SEED_002,
        "Ukraine and Japan to begin negotiations on security guarantees – Zelenskyy",
        author="Kateryna Tyshchenko",
        published_on=datetime.date(2023, 9, 9),
    ),
    SeedDocument(
        "003",
        SEED_003,
        "Ukraine is negotiating with another 10 countries to conclude bilateral "
        "security agreements",
        published_on=datetime.date(2024, 6, 14),
    ),
    SeedDocument(
        "004",
        SEED_004,
        "Giappone e Ucraina firmano un accordo sulla condivisione delle "
        "informazioni sulla sicurezza per rafforzare la cooperazione",
        language="it",
    ),
)


def find_files(seeds_dir):
    """Map each document's prefix to its file in `seeds_dir` (e.g. 000_….txt)."""
    found = {}
    for document in DOCUMENTS:
        matches = sorted(Path(seeds_dir).glob(f"{document.prefix}_*.txt"))
        if len(matches) != 1:
            raise FileNotFoundError(
                f"Expected one file named {document.prefix}_*.txt in {seeds_dir}, "
                f"found {len(matches)}."
            )
        found[document.prefix] = matches[0]
    return found


def read_text(path):
    """The file's content exactly: no newline translation, no stripping."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()
