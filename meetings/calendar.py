"""iCalendar (RFC 5545) files of public meetings, for calendar clients to import or subscribe to.

Times carry the Europe/London zone with its VTIMEZONE definition, so a client shows
13:30 as 13:30 on either side of the clock change.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

STATUS = {"scheduled": "CONFIRMED", "moved": "CONFIRMED", "postponed": "TENTATIVE"}


def meetings_calendar(meetings, name, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Quorum//Public meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now().astimezone(datetime.UTC)
    for meeting in meetings:
        calendar.add_component(_event(meeting, request, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(meeting, request, stamp) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(meeting.start))
    end = meeting.end or meeting.start + datetime.timedelta(hours=2)
    event.add("dtend", timezone.localtime(end))
    status = meeting.get_status_display()
    summary = meeting.title if meeting.status == "scheduled" else f"{status}: {meeting.title}"
    event.add("summary", summary)
    event.add("status", STATUS.get(meeting.status, "CANCELLED"))
    url = meeting.get_full_url(request)
    event.add("url", url)
    description = f"Agenda and papers: {url}"
    if meeting.status_reason:
        description = f"{status}: {meeting.status_reason}\n\n{description}"
    event.add("description", description)
    if meeting.venue_id:
        venue = meeting.venue
        event.add("location", ", ".join(p for p in (str(venue), venue.address) if p))
    return event
