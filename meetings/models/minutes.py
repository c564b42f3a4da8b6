"""Minutes of a meeting: attendance, declarations, numbered minutes and resolutions.

OParl keeps these as the meeting's resultsProtocol plus AgendaItem.result and
resolutionText; Quorum keeps them structured so attendance and decisions can be counted.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.visibility import PublicPageManager


class ResolutionBlock(blocks.StructBlock):
    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        NOT_AGREED = "not-agreed", "Not agreed"
        NOTED = "noted", "Noted"
        DEFERRED = "deferred", "Deferred"

    text = blocks.TextBlock(help_text="The RESOLVED wording, as agreed.")
    outcome = blocks.ChoiceBlock(choices=Outcome.choices, default=Outcome.AGREED)
    votes_for = blocks.IntegerBlock(required=False, min_value=0)
    votes_against = blocks.IntegerBlock(required=False, min_value=0)
    abstentions = blocks.IntegerBlock(required=False, min_value=0)

    class Meta:
        icon = "tick-inverse"


class MinutesPage(Page):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft, not yet approved"
        APPROVED = "approved", "Approved"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.ForeignKey(
        "meetings.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_approved",
        help_text="The later meeting that agreed these minutes.",
    )
    chair = models.ForeignKey(
        "meetings.PersonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.TimeField(null=True, blank=True)
    finished_at = models.TimeField(null=True, blank=True)
    forward_plan = RichTextField(blank=True)
    notes = RichTextField(
        blank=True, help_text="Anything that does not fit the structure above, kept verbatim."
    )

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("approved_at")]),
                FieldPanel("chair"),
                FieldRowPanel([FieldPanel("started_at"), FieldPanel("finished_at")]),
            ],
            heading="Minutes",
        ),
        InlinePanel("attendance", heading="Attendance", label="Attendee"),
        InlinePanel("declarations", heading="Declarations of interest", label="Declaration"),
        InlinePanel("items", heading="Minutes", label="Minute"),
        FieldPanel("forward_plan"),
        FieldPanel("notes"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("forward_plan"),
        index.SearchField("notes"),
        index.RelatedFields(
            "items",
            [
                index.SearchField("title"),
                index.SearchField("narrative"),
                index.SearchField("resolutions"),
            ],
        ),
    ]
    parent_page_types = ["meetings.MeetingPage"]
    subpage_types = []

    @classmethod
    def can_create_at(cls, parent):
        # One set of minutes per meeting.
        return super().can_create_at(parent) and not parent.get_children().type(cls).exists()

    @property
    def meeting(self):
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        attendance = list(self.attendance.select_related("person"))
        groups = [
            {"label": label, "people": [a for a in attendance if a.status in statuses]}
            for label, statuses in ATTENDANCE_GROUPS
        ]
        return {
            **super().get_context(request, *args, **kwargs),
            "attendance_groups": [group for group in groups if group["people"]],
            "declarations": self.declarations.select_related("person"),
            "minute_items": self.items.all(),
        }

    def clean(self):
        super().clean()
        if self.status == self.Status.APPROVED and not self.approved_at_id:
            raise ValidationError(
                {"approved_at": "Say at which meeting the minutes were approved."}
            )
        if self.started_at and self.finished_at and self.finished_at <= self.started_at:
            raise ValidationError({"finished_at": "The meeting must finish after it starts."})


class Attendance(Orderable):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        REMOTE = "remote", "Present remotely"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Substitute"
        ABSENT = "absent", "Absent"
        OFFICER = "officer", "Officer in attendance"
        GUEST = "guest", "Also in attendance"

    # Who counts as a member at the table, for attendance statistics.
    MEMBER_STATUSES = (Status.PRESENT, Status.REMOTE, Status.SUBSTITUTE)
    EXPECTED_STATUSES = (*MEMBER_STATUSES, Status.APOLOGIES, Status.ABSENT)

    minutes = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "meetings.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendance",
    )
    name = models.CharField(
        max_length=255, blank=True, help_text="Only for someone who has no person page."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    substitute_for = models.ForeignKey(
        "meetings.PersonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(
        max_length=255, blank=True, help_text="As minuted, e.g. Chair, Monitoring Officer."
    )

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("role")]),
        FieldPanel("substitute_for"),
    ]

    class Meta(Orderable.Meta):
        verbose_name_plural = "attendance"

    def __str__(self):
        return f"{self.display_name} ({self.get_status_display()})"

    @property
    def display_name(self):
        return self.person.title if self.person_id else self.name

    def clean(self):
        super().clean()
        if not self.person_id and not self.name:
            raise ValidationError("Choose a person or type a name.")


class Declaration(Orderable):
    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        REGISTRABLE = "registrable", "Other registrable interest"
        NON_REGISTRABLE = "non-registrable", "Non-registrable interest"

    minutes = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(
        "meetings.PersonPage", on_delete=models.CASCADE, related_name="declarations"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("kind")]),
        FieldPanel("agenda_item"),
        FieldPanel("text"),
    ]


class MinuteItem(Orderable):
    """One numbered minute, tied to the agenda item it records."""

    minutes = ParentalKey(MinutesPage, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minute_items",
    )
    number = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    narrative = RichTextField(blank=True)
    resolutions = StreamField([("resolution", ResolutionBlock())], blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("agenda_item"),
        FieldPanel("narrative"),
        FieldPanel("resolutions"),
    ]

    def __str__(self):
        return f"{self.number}. {self.title}"


ATTENDANCE_GROUPS = [
    ("Members present", (Attendance.Status.PRESENT, Attendance.Status.REMOTE)),
    ("Substitutes", (Attendance.Status.SUBSTITUTE,)),
    ("Apologies", (Attendance.Status.APOLOGIES,)),
    ("Absent", (Attendance.Status.ABSENT,)),
    ("Officers present", (Attendance.Status.OFFICER,)),
    ("Also in attendance", (Attendance.Status.GUEST,)),
]
