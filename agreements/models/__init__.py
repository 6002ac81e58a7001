from .agreements import Agreement, Party
from .clauses import Clause, Topic
from .countries import Country, CountryGroup, Person
from .events import Participation, SigningEvent
from .pledges import Pledge
from .sources import Citation, Source

__all__ = [
    "Agreement",
    "Citation",
    "Clause",
    "Country",
    "CountryGroup",
    "Participation",
    "Party",
    "Person",
    "Pledge",
    "SigningEvent",
    "Source",
    "Topic",
]
