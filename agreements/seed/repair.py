"""The damage seed 000 suffered, as a function, so repairs can be checked.

Seed 000 (Ukrinform's copy of the Japan–Ukraine Accord) lost every "op" and
"ol" letter pair, in any case: "cooperation" arrived as "coeration",
"Volodymyr" as "Vodymyr", "OPCW" as "CW". The Source keeps the text as
received; curated records use a hand-made repair. A repair is faithful when
damaging it again gives back the received text exactly.
"""

import re

LOST_PAIRS = re.compile("op|ol", re.IGNORECASE)

# Word forms that exist only in the damaged text; none may survive a repair.
DAMAGED_FORMS = ("coeration", "Vodymyr", "pele", "apprriate", "Picy")


def damage(text):
    """`text` with every "op" and "ol" removed (case-insensitive, one pass)."""
    return LOST_PAIRS.sub("", text)


def is_repair_of(repaired, received):
    """True when `repaired` damages back to exactly `received`."""
    return damage(repaired) == received
