"""The audit log for moderators: Wagtail's page history (PageLogEntry) as CSV rows."""

import csv
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import PageLogEntry

COLUMNS = [
    "timestamp",
    "action",
    "description",
    "page_id",
    "page_title",
    "page_path",
    "revision_id",
    "user",
    "user_email",
    "comment",
]
MAX_DAYS = 366 * 6  # s.100C: six years of papers; no request asks for more.


class AuditRangeForm(forms.Form):
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise ValidationError("The end date must not be before the start date.")
            if (end - start).days > MAX_DAYS:
                raise ValidationError("Export at most six years at a time.")
        return cleaned


def entries_between(start: datetime.date, end: datetime.date):
    """Log entries from the start of `start` to the end of `end`, local time."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return (
        PageLogEntry.objects.filter(timestamp__gte=since, timestamp__lt=until)
        .select_related("user", "page", "revision")
        .order_by("timestamp", "pk")
    )


def _comment(entry):
    data = entry.data or {}
    comment = data.get("comment")
    if comment is None and isinstance(data.get("workflow"), dict):
        comment = data["workflow"].get("comment")
    return comment or ""


def write_csv(stream, entries):
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for entry in entries:
        user = entry.user
        writer.writerow(
            [
                timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
                entry.action,
                entry.message,
                entry.page_id or "",
                entry.label,
                entry.page.url_path if entry.page else "",
                entry.revision_id or "",
                user.get_username() if user else "",
                user.email if user else "",
                _comment(entry),
            ]
        )
