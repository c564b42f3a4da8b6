from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.visibility import PublicPageManager


class HomePage(Page):
    """The root of a panel's public site."""

    introduction = RichTextField(blank=True)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from meetings.models import CommitteePage, MeetingPage, PaperPage

        return {
            **super().get_context(request, *args, **kwargs),
            "upcoming_meetings": MeetingPage.objects.visible_to_public().upcoming()[:5],
            "latest_papers": PaperPage.objects.visible_to_public().order_by("-date")[:5],
            "committees": CommitteePage.objects.visible_to_public().order_by("title"),
        }
    subpage_types = [
        "home.StandardPage",
        "meetings.CommitteeIndexPage",
        "meetings.PaperIndexPage",
        "meetings.PersonIndexPage",
    ]
    max_count = 1


class StandardPage(Page):
    """A plain page: about the panel, how to ask a question, the accessibility statement."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who publishes this site, shown in the header, footer and feeds."""

    site_name = models.CharField(max_length=255, default="Quorum")
    publisher = models.CharField(
        max_length=255, blank=True, help_text="The body that publishes these papers."
    )
    contact_email = models.EmailField(blank=True)
