"""Thin views for what is not a page: the meetings calendar, iCalendar files, robots.txt."""

import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from meetings.calendar import meetings_calendar
from meetings.models import CommitteePage, MeetingPage


class MeetingFilterForm(forms.Form):
    committee = forms.ModelChoiceField(
        queryset=CommitteePage.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All committees",
    )
    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = CommitteePage.objects.visible_to_public().order_by(
            "title"
        )
        self.fields["year"].choices = [("", "Every year")] + [(y, str(y)) for y in years]


def meeting_calendar(request):
    """Public meetings month by month for one year, filterable by committee and year."""
    meetings = MeetingPage.objects.visible_to_public()
    years = [d.year for d in meetings.datetimes("start", "year", order="DESC")]
    form = MeetingFilterForm(request.GET or None, years=years)
    today = timezone.localdate()
    committee, year = None, today.year
    if form.is_valid():
        committee = form.cleaned_data["committee"]
        year = form.cleaned_data["year"] or None
    if committee:
        meetings = meetings.of_committee(committee)
    per_year = meetings.count_by_year()
    if year:
        meetings = meetings.in_year(year)
    return TemplateResponse(
        request,
        "meetings/meeting_calendar.html",
        {
            "form": form,
            "meetings": meetings.with_committee().select_related("venue").order_by("start"),
            "committee": committee,
            "year": year,
            "years": years,
            "per_year": per_year,
            "today": today,
        },
    )


def _ics_response(meetings, name, request, filename):
    response = HttpResponse(
        meetings_calendar(meetings, name, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def all_meetings_ics(request):
    """Every public meeting from a year ago on: the feed calendar clients subscribe to."""
    since = timezone.now() - datetime.timedelta(days=366)
    meetings = MeetingPage.objects.visible_to_public().filter(start__gte=since)
    return _ics_response(
        meetings.select_related("venue").order_by("start"),
        "Public meetings",
        request,
        "meetings.ics",
    )


def committee_meetings_ics(request, slug):
    committee = get_object_or_404(CommitteePage.objects.visible_to_public(), slug=slug)
    meetings = MeetingPage.objects.visible_to_public().of_committee(committee)
    return _ics_response(
        meetings.select_related("venue").order_by("start"),
        committee.title,
        request,
        f"{slug}.ics",
    )


def meeting_ics(request, meeting_id):
    meeting = MeetingPage.objects.visible_to_public().filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such public meeting")
    return _ics_response([meeting], meeting.title, request, f"meeting-{meeting.slug}.ics")


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
