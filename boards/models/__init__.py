from .meetings import (
    AgendaItem,
    Attendance,
    Declaration,
    ForwardPlanItem,
    Meeting,
    Minutes,
    MinutesAmendment,
    Paper,
)
from .packs import MeetingPack
from .replies import MeetingReply
from .search import SearchDocument, SearchIndexRow
from .structure import (
    Board,
    Membership,
    Organisation,
    Partnership,
    Person,
    Role,
    TermsOfReference,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "Board",
    "Declaration",
    "ForwardPlanItem",
    "Meeting",
    "MeetingPack",
    "MeetingReply",
    "Membership",
    "Minutes",
    "MinutesAmendment",
    "Organisation",
    "Paper",
    "Partnership",
    "Person",
    "Role",
    "SearchDocument",
    "SearchIndexRow",
    "TermsOfReference",
]
