"""The admin dashboard panel for the statutory publication clock."""

import datetime

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from meetings.models import MeetingPage


class PublicationClockPanel(Component):
    name = "publication_clock"
    order = 50
    template_name = "meetings/admin/publication_clock_panel.html"

    def __init__(self, today=None, limit=10):
        self.today = today or timezone.localdate()
        self.limit = limit

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        scheduled = MeetingPage.objects.filter(status=MeetingPage.Status.SCHEDULED)
        upcoming = scheduled.upcoming(now)[: self.limit]
        year_ago = now - datetime.timedelta(days=366)
        awaiting_minutes = (
            scheduled.past(now).filter(start__gte=year_ago).minutes_not_approved()[: self.limit]
        )
        return {
            "upcoming": [(meeting, meeting.agenda_status(self.today)) for meeting in upcoming],
            "awaiting_minutes": awaiting_minutes,
        }


@hooks.register("construct_homepage_panels")
def add_publication_clock_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(PublicationClockPanel())


@hooks.register("register_admin_urls")
def register_paper_chooser_urls():
    from meetings import paper_chooser

    return paper_chooser.admin_urls()
