from .agreements import Agreement, Party
from .clauses import Clause, Topic
from .countries import Country, CountryGroup, Person
from .events import Participation, SigningEvent
from .pledges import Pledge
from .sources import Citation, Source
from .versions import DataVersion

__all__ = [
    "Agreement",
    "Citation",
    "Clause",
    "Country",
    "CountryGroup",
    "DataVersion",
    "Participation",
    "Party",
    "Person",
    "Pledge",
    "SigningEvent",
    "Source",
    "Topic",
]
