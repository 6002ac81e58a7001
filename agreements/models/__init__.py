from .agreements import Agreement, Party
from .clauses import Clause, Topic
from .countries import Country, CountryGroup, Person
from .events import Participation, SigningEvent
from .pledges import Pledge
from .provisions import Coding, Provision
from .sources import Citation, Source
from .versions import DataVersion

__all__ = [
    "Agreement",
    "Citation",
    "Clause",
    "Coding",
    "Country",
    "CountryGroup",
    "DataVersion",
    "Participation",
    "Party",
    "Person",
    "Pledge",
    "Provision",
    "SigningEvent",
    "Source",
    "Topic",
]
