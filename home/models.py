from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.changes import change_note_field
from home.visibility import PublicPageManager


class HomePage(Page):
    """The root of a panel's public site."""

    introduction = RichTextField(blank=True)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from meetings.models import CommitteePage, MeetingPage, MinutesPage, PaperPage

        return {
            **super().get_context(request, *args, **kwargs),
            "upcoming_meetings": MeetingPage.objects.visible_to_public()
            .upcoming()
            .with_committee()[:5],
            "latest_minutes": MinutesPage.objects.visible_to_public().newest_first()[:5],
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
    change_note = change_note_field()

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("change_note"),
    ]
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


class ChangeNote(models.Model):
    """A public note of a change made after publication: a correction, or the release of
    formerly exempt information. Created on publication (home.changes), never typed here."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RELEASE = "release", "Released"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="change_notes"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note}"
