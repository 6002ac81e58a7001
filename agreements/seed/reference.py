"""Countries, ISO codes and group memberships: standard reference data.

These are not claims from the sources, so they carry no citations. The
memberships are those at the time of the agreements (2023–2025): Sweden is
in NATO (since March 2024) and Finland (since April 2023); the EU takes part
in G7 summits but is not one of its seven members, so it is in no group.
Group slugs are those created by migration 0002.
"""

from typing import NamedTuple


class CountryData(NamedTuple):
    name: str
    iso_code: str  # blank for an organisation
    groups: tuple[str, ...] = ()


UKRAINE = CountryData("Ukraine", "UA")
EUROPEAN_UNION = CountryData("European Union", "")

G7 = ("CA", "FR", "DE", "IT", "JP", "GB", "US")  # as the Vilnius declaration

COUNTRIES = (
    UKRAINE,
    EUROPEAN_UNION,
    CountryData("Albania", "AL", ("nato",)),
    CountryData("Belgium", "BE", ("eu", "nato")),
    CountryData("Canada", "CA", ("g7", "nato")),
    CountryData("Croatia", "HR", ("eu", "nato")),
    CountryData("Czechia", "CZ", ("eu", "nato")),
    CountryData("Denmark", "DK", ("eu", "nato")),
    CountryData("Estonia", "EE", ("eu", "nato")),
    CountryData("Finland", "FI", ("eu", "nato")),
    CountryData("France", "FR", ("g7", "eu", "nato")),
    CountryData("Germany", "DE", ("g7", "eu", "nato")),
    CountryData("Greece", "GR", ("eu", "nato")),
    CountryData("Iceland", "IS", ("nato",)),
    CountryData("Ireland", "IE", ("eu",)),
    CountryData("Italy", "IT", ("g7", "eu", "nato")),
    CountryData("Japan", "JP", ("g7",)),
    CountryData("Latvia", "LV", ("eu", "nato")),
    CountryData("Lithuania", "LT", ("eu", "nato")),
    CountryData("Luxembourg", "LU", ("eu", "nato")),
    CountryData("Netherlands", "NL", ("eu", "nato")),
    CountryData("Norway", "NO", ("nato",)),
    CountryData("Poland", "PL", ("eu", "nato")),
    CountryData("Portugal", "PT", ("eu", "nato")),
    CountryData("Romania", "RO", ("eu", "nato")),
    CountryData("Slovenia", "SI", ("eu", "nato")),
    CountryData("Spain", "ES", ("eu", "nato")),
    CountryData("Sweden", "SE", ("eu", "nato")),
    CountryData("United Kingdom", "GB", ("g7", "nato")),
    CountryData("United States", "US", ("g7", "nato")),
)
