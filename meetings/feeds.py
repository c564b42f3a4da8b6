"""RSS and Atom feeds of new papers and of minutes with their decisions.

Every item comes through `visible_to_public()`: drafts, view-restricted pages and exempt
papers never appear.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from meetings.models import MinuteItem, MinutesPage, PaperPage

FEED_LENGTH = 50


def _midday(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))


class PapersFeed(Feed):
    title = "New papers"
    link = "/papers/"
    description = "Reports and other papers published for public meetings."

    def items(self):
        return PaperPage.objects.visible_to_public().order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.get_paper_type_display()

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return _midday(item.date)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_paper_type_display()]


class PapersAtomFeed(PapersFeed):
    feed_type = Atom1Feed
    subtitle = PapersFeed.description


class MinutesFeed(Feed):
    title = "Minutes and decisions"
    link = "/meetings/"
    description = "Minutes of public meetings, with the decisions (RESOLVED) they record."
    description_template = "meetings/feeds/minutes_description.html"

    def items(self):
        return (
            MinutesPage.objects.visible_to_public()
            .newest_first()
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=MinuteItem.objects.published().order_by("sort_order", "pk"),
                    to_attr="public_minute_items",
                )
            )[:FEED_LENGTH]
        )

    def item_title(self, item):
        status = "approved" if item.status == MinutesPage.Status.APPROVED else "draft"
        return f"{item.title} ({status})"

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.meeting_start

    def item_updateddate(self, item):
        return item.last_published_at


class MinutesAtomFeed(MinutesFeed):
    feed_type = Atom1Feed
    subtitle = MinutesFeed.description
