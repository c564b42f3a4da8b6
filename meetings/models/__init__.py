"""The content model, mapped one-to-one onto OParl 1.1 (see README: Content model)."""

from meetings.models.committees import CommitteeIndexPage, CommitteePage, Membership
from meetings.models.documents import CommitteeDocument, DocumentPageText
from meetings.models.meetings import AgendaItem, MeetingPage
from meetings.models.minutes import Attendance, Declaration, MinuteItem, MinutesPage
from meetings.models.papers import Appendix, PaperIndexPage, PaperPage
from meetings.models.people import (
    MunicipalYear,
    Organisation,
    PersonIndexPage,
    PersonPage,
    Venue,
)

__all__ = [
    "AgendaItem",
    "Appendix",
    "Attendance",
    "CommitteeDocument",
    "CommitteeIndexPage",
    "CommitteePage",
    "Declaration",
    "DocumentPageText",
    "MeetingPage",
    "Membership",
    "MinuteItem",
    "MinutesPage",
    "MunicipalYear",
    "Organisation",
    "PaperIndexPage",
    "PaperPage",
    "PersonIndexPage",
    "PersonPage",
    "Venue",
]
