"""Papers (reports) and their appendices: OParl Paper and File."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import SectionBlock
from home.changes import change_note_field
from home.visibility import PublicPageManager
from meetings.exempt import ExemptParagraph


class PaperIndexPage(Page):
    introduction = RichTextField(blank=True)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.PaperPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        papers = PaperPage.objects.child_of(self).visible_to_public().order_by("-date", "title")
        return {**super().get_context(request, *args, **kwargs), "papers": papers}


class BackgroundPaperBlock(blocks.StructBlock):
    """Section 100D of the 1972 Act: the papers a report relied on must be listed."""

    title = blocks.CharBlock(max_length=500)
    link = blocks.URLBlock(required=False)
    document = DocumentChooserBlock(required=False)

    class Meta:
        icon = "doc-full"


class PaperPage(Page):
    """A report, decision notice or other paper put before one or more meetings."""

    class PaperType(models.TextChoices):
        REPORT = "report", "Report"
        DECISION_NOTICE = "decision-notice", "Commissioner's decision notice"
        PRECEPT = "precept", "Precept proposal"
        PLAN = "plan", "Police and crime plan"
        ANNUAL_REPORT = "annual-report", "Annual report"
        CONFIRMATION_HEARING = "confirmation-hearing", "Confirmation hearing report"
        WORK_PROGRAMME = "work-programme", "Work programme"
        OTHER = "other", "Other paper"

    reference = models.CharField(max_length=50, blank=True)
    paper_type = models.CharField(
        max_length=30, choices=PaperType.choices, default=PaperType.REPORT
    )
    date = models.DateField(help_text="The date on the paper.")
    author = models.CharField(
        max_length=255,
        blank=True,
        help_text="Whose report it is, e.g. the Police and Crime Commissioner.",
    )
    originator = models.ForeignKey(
        "meetings.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="papers",
    )
    contact_name = models.CharField("contact officer", max_length=255, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=ExemptParagraph.choices,
        null=True,
        blank=True,
        help_text="Leave empty for a public paper. An exempt paper is never shown to the "
        "public, in search or feeds; only signed-in members and staff can read it.",
    )
    exempt_reason = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True, help_text="One or two sentences for listings.")
    recommendations = RichTextField(blank=True)
    body = StreamField([("section", SectionBlock())], blank=True)
    background_papers = StreamField([("background_paper", BackgroundPaperBlock())], blank=True)
    document = models.ForeignKey(
        "meetings.CommitteeDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="papers_as_main_file",
        verbose_name="report file",
        help_text="The report as published (PDF, DOCX or ODT): OParl's mainFile.",
    )
    change_note = change_note_field()

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference"), FieldPanel("paper_type")]),
                FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
                FieldPanel("originator"),
            ],
            heading="Paper",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading="Contact officer",
        ),
        MultiFieldPanel(
            [FieldPanel("exempt_paragraph"), FieldPanel("exempt_reason")],
            heading="Public or exempt",
        ),
        FieldPanel("summary"),
        FieldPanel("recommendations"),
        FieldPanel("body"),
        FieldPanel("document"),
        InlinePanel("appendices", heading="Appendices", label="Appendix"),
        FieldPanel("background_papers"),
        FieldPanel("change_note"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("reference"),
        index.SearchField("summary"),
        index.SearchField("recommendations"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("paper_type"),
        index.FilterField("date"),
    ]
    parent_page_types = ["meetings.PaperIndexPage"]
    subpage_types = []

    class Meta:
        indexes = [models.Index(fields=["date"])]

    @property
    def is_exempt(self):
        return self.exempt_paragraph is not None

    @property
    def recommendations_in_body(self):
        """Whether a numbered section already states the recommendations (then the page
        does not repeat the recommendations field)."""
        return any(
            block.block_type == "section"
            and block.value["heading"].strip().lower().startswith("recommendation")
            for block in self.body
        )

    def get_workflow(self):
        from meetings.exempt import workflow_for

        return workflow_for(self, super().get_workflow())

    def clean(self):
        super().clean()
        if self.is_exempt and not self.exempt_reason:
            raise ValidationError({"exempt_reason": "An exempt paper needs a short public reason."})

    def get_context(self, request, *args, **kwargs):
        return {
            **super().get_context(request, *args, **kwargs),
            "considered_at": self.considered_at(),
            "appendices": self.public_appendices(),
            "decisions": self.decisions(),
            "report_file": public_document(self.document_id),
        }

    def decisions(self):
        """What happened to this report: the published minutes of the items that took it."""
        from meetings.models import MinuteItem

        return (
            MinuteItem.objects.published()
            .filter(agenda_item__papers=self)
            .select_related("minutes")
            .order_by("minutes__path")
        )

    def considered_at(self):
        """The agenda items, at public meetings, where this paper was considered."""
        from meetings.models import MeetingPage

        meetings = MeetingPage.objects.visible_to_public()
        return (
            self.agenda_items.filter(meeting__in=meetings)
            .select_related("meeting")
            .order_by("meeting__start")
        )

    def public_appendices(self):
        """Non-exempt appendices, including those listed before their file arrived (shown
        as "to follow"), each with its document only if the public may have it."""
        return self.appendices.filter(exempt=False).select_related("document")


def public_document(document_id):
    """The document if the public may download it (CommitteeDocument's one gate), else None:
    a page links its own file only when the link would work."""
    from meetings.models import CommitteeDocument

    if document_id is None:
        return None
    return CommitteeDocument.objects.public_among([document_id]).first()


class Appendix(Orderable):
    """An appendix to a paper: a document, lettered in order (Appendix A, B…). It can be
    listed before its file arrives (no document): the public page says "to follow"."""

    paper = ParentalKey(PaperPage, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(max_length=500)
    label = models.CharField(
        max_length=10, blank=True, help_text="Leave empty to letter appendices A, B, C in order."
    )
    document = models.ForeignKey(
        "meetings.CommitteeDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appendix_uses",
        help_text="Leave empty if the file is still to follow.",
    )
    exempt = models.BooleanField(
        default=False, help_text="An exempt appendix is withheld even when the paper is public."
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("title")]),
        FieldPanel("document"),
        FieldPanel("exempt"),
    ]

    class Meta(Orderable.Meta):
        verbose_name_plural = "appendices"

    def __str__(self):
        return f"Appendix {self.display_label}: {self.title}"

    @property
    def display_label(self):
        if self.label:
            return self.label
        position = self.sort_order or 0
        return chr(ord("A") + position) if position < 26 else str(position + 1)
