"""Pledges in euros: the European Central Bank's reference rates, offline.

Rates come from `currencyconverter`, which ships the ECB's daily history
(eurofxref-hist) inside the package: nothing is fetched and nothing is
typed by hand. A rate is the ECB's figure as published, units of the
currency per euro (USD 1.0852 = EUR 1), so a reader can check it on the
ECB's site.

Which day: the day the pledge was announced, taken as the signing date of
the agreement it was announced with. The ECB publishes on its working days
only; for a weekend or holiday the last rate published before it is used,
and its own date is kept beside it (eur_rate_date), so a pledge signed on
Saturday 24 February 2024 is converted at the rate of Friday the 23rd. A
pledge with no agreement (no announcement date) or in a currency the ECB
does not quote (UAH) has no euro figure, and says why.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

LOOK_BACK_DAYS = 10  # the longest ECB closure (Christmas to New Year) is 4
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    currency: str
    per_euro: Decimal  # units of the currency for one euro, as the ECB gives it
    on: datetime.date  # the ECB day the rate is from

    def to_euros(self, amount):
        return (Decimal(amount) / self.per_euro).quantize(CENT, ROUND_HALF_EVEN)


@cache
def converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(
        fallback_on_missing_rate=False, fallback_on_wrong_date=False
    )


def quoted(currency):
    """Whether the ECB's history has rates for `currency`."""
    return currency == "EUR" or currency in converter().currencies


def ecb_rate(currency, day):
    """The ECB reference rate for `currency` on `day` or the last working
    day before it; None where there is none (unknown currency, a day before
    the series starts or after the package's last rate)."""
    if not currency or day is None:
        return None
    if currency == "EUR":
        return Rate("EUR", Decimal(1), day)
    if not quoted(currency):
        return None
    for back in range(LOOK_BACK_DAYS + 1):
        on = day - datetime.timedelta(days=back)
        try:
            per_euro = converter().convert(1, "EUR", currency, date=on)
        except Exception:  # RateNotFoundError: not an ECB working day
            continue
        # The float is the ECB's printed figure (at most 6 significant
        # digits), which repr gives back exactly.
        return Rate(currency, Decimal(repr(per_euro)), on)
    return None


def why_no_rate(currency, day):
    """Why a pledge in `currency` announced on `day` has no euro figure."""
    if day is None:
        return "no announcement date recorded, so no rate"
    if not quoted(currency):
        return f"the ECB publishes no reference rate for {currency}"
    return f"no ECB rate for {currency} on or before {day.isoformat()}"
