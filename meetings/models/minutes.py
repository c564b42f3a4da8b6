"""Minutes of a meeting: attendance, declarations, numbered minutes and resolutions.

OParl keeps these as the meeting's resultsProtocol plus AgendaItem.result and
resolutionText; Quorum keeps them structured so attendance and decisions can be counted.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.changes import change_note_field
from home.visibility import PublicPageManager, PublicPageQuerySet
from meetings.models.papers import public_document


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


class MinutesQuerySet(PublicPageQuerySet):
    def with_meeting_start(self):
        from meetings.models.meetings import MeetingPage
        from meetings.models.tree import parent_value

        return self.annotate(meeting_start=parent_value(MeetingPage, "start"))

    def newest_first(self):
        return self.with_meeting_start().order_by("-meeting_start")


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
    document = models.ForeignKey(
        "meetings.CommitteeDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_as_file",
        verbose_name="minutes file",
        help_text="The signed or published minutes as a file: OParl's resultsProtocol.",
    )
    change_note = change_note_field()

    objects = PublicPageManager.from_queryset(MinutesQuerySet)()

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
        FieldPanel("document"),
        FieldPanel("change_note"),
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
        return {
            **super().get_context(request, *args, **kwargs),
            "meeting": self.meeting,
            "attendance_groups": self.attendance_groups(),
            "declarations": self.declarations.select_related("person", "agenda_item"),
            "minute_items": self.items.select_related("agenda_item").order_by("sort_order", "pk"),
            "minutes_file": public_document(self.document_id),
        }

    def attendance_groups(self):
        """Members present, substitutes, apologies, absent, officers, others: the non-empty
        groups in the order minutes print them, in one query."""
        attendance = list(
            self.attendance.select_related("person", "substitute_for").order_by("sort_order", "pk")
        )
        groups = [
            {"label": label, "people": [a for a in attendance if a.status in statuses]}
            for label, statuses in ATTENDANCE_GROUPS
        ]
        return [group for group in groups if group["people"]]

    def clean(self):
        super().clean()
        if self.status == self.Status.APPROVED and not self.approved_at_id:
            raise ValidationError(
                {"approved_at": "Say at which meeting the minutes were approved."}
            )
        if self.started_at and self.finished_at and self.finished_at <= self.started_at:
            raise ValidationError({"finished_at": "The meeting must finish after it starts."})


@dataclass(frozen=True)
class AttendanceRecord:
    """A member's attendance at the meetings they were expected at."""

    expected: int = 0
    attended: int = 0
    apologies: int = 0
    absent: int = 0

    @property
    def percentage(self):
        return round(100 * self.attended / self.expected) if self.expected else None


class AttendanceQuerySet(models.QuerySet):
    def published(self):
        """Attendance recorded in minutes that the public can read."""
        return self.filter(minutes__in=MinutesPage.objects.visible_to_public())

    def expected(self):
        return self.filter(status__in=Attendance.EXPECTED_STATUSES)

    def with_meeting_start(self):
        from meetings.models.meetings import MeetingPage
        from meetings.models.tree import parent_value

        return self.annotate(
            meeting_start=parent_value(MeetingPage, "start", outer="minutes__path")
        )

    def record_for(self, person) -> AttendanceRecord:
        """Expected, attended, apologies and absent for `person`, from published minutes."""
        counts = (
            self.published()
            .expected()
            .filter(person=person)
            .aggregate(
                expected=models.Count("pk"),
                attended=models.Count("pk", filter=models.Q(status__in=Attendance.MEMBER_STATUSES)),
                apologies=models.Count("pk", filter=models.Q(status=Attendance.Status.APOLOGIES)),
                absent=models.Count("pk", filter=models.Q(status=Attendance.Status.ABSENT)),
            )
        )
        return AttendanceRecord(**counts)

    def history_for(self, person):
        """Each published meeting `person` was expected at, newest first, in one query."""
        return (
            self.published()
            .expected()
            .filter(person=person)
            .with_meeting_start()
            .select_related("minutes")
            .order_by("-meeting_start")
        )

    def yearly_record_for(self, person):
        """[(year, AttendanceRecord)] oldest first: the numbers behind the attendance chart."""
        years = {}
        for row in self.history_for(person):
            year = timezone.localtime(row.meeting_start).year
            years.setdefault(year, []).append(row.status)
        return [
            (
                year,
                AttendanceRecord(
                    expected=len(statuses),
                    attended=sum(s in Attendance.MEMBER_STATUSES for s in statuses),
                    apologies=statuses.count(Attendance.Status.APOLOGIES),
                    absent=statuses.count(Attendance.Status.ABSENT),
                ),
            )
            for year, statuses in sorted(years.items())
        ]


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

    objects = AttendanceQuerySet.as_manager()

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


class MinuteItemQuerySet(models.QuerySet):
    def published(self):
        """Minutes that the public can read, less the minutes of exempt items."""
        return self.filter(minutes__in=MinutesPage.objects.visible_to_public()).exclude(
            agenda_item__exempt_paragraph__isnull=False
        )


class MinuteItem(Orderable):
    """One numbered minute, tied to the agenda item it records."""

    objects = MinuteItemQuerySet.as_manager()

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

    @property
    def is_exempt(self):
        """A minute of an exempt item: the public sees its number, title and paragraph only."""
        return self.agenda_item_id is not None and self.agenda_item.is_exempt


ATTENDANCE_GROUPS = [
    ("Members present", (Attendance.Status.PRESENT, Attendance.Status.REMOTE)),
    ("Substitutes", (Attendance.Status.SUBSTITUTE,)),
    ("Apologies", (Attendance.Status.APOLOGIES,)),
    ("Absent", (Attendance.Status.ABSENT,)),
    ("Officers present", (Attendance.Status.OFFICER,)),
    ("Also in attendance", (Attendance.Status.GUEST,)),
]
