"""The statutory publication clock: s.100B(3) of the Local Government Act 1972.

An agenda and its reports must be open to inspection at least five clear days before
the meeting. Clear days exclude the day of publication and the day of the meeting, and
(as councils count them) weekends and bank holidays in England and Wales, which come
from the maintained `holidays` package rather than a hand-typed list.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays

CLEAR_DAYS = 5


@lru_cache(maxsize=32)
def _bank_holidays(year: int):
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def publish_by(meeting_day: datetime.date, clear_days: int = CLEAR_DAYS) -> datetime.date:
    """The last working day on which the agenda can be published with `clear_days` clear
    working days between publication and the meeting.

    Publishing on a weekend before those days would be lawful too, but nobody is at work
    to do it, so the deadline is the working day before.
    """
    day, counted = meeting_day, 0
    while counted < clear_days:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    day -= datetime.timedelta(days=1)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class AgendaStatus:
    """Where a meeting's agenda stands against the clock."""

    publish_by: datetime.date
    published_on: datetime.date | None
    today: datetime.date

    @property
    def on_time(self) -> bool:
        return self.published_on is not None and self.published_on <= self.publish_by

    @property
    def late(self) -> bool:
        if self.published_on is not None:
            return self.published_on > self.publish_by
        return self.today > self.publish_by

    @property
    def days_left(self) -> int | None:
        if self.published_on is not None or self.late:
            return None
        return (self.publish_by - self.today).days

    def __str__(self):
        if self.on_time:
            return "Published on time"
        if self.late:
            return "Published late" if self.published_on else "Late: not yet published"
        if self.days_left == 0:
            return "Due today"
        return f"Due in {self.days_left} day{'s' if self.days_left != 1 else ''}"
