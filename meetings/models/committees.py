"""Committees (OParl Organization of type committee) and their memberships."""

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.visibility import PublicPageManager


class CommitteeIndexPage(Page):
    introduction = RichTextField(blank=True)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.CommitteePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        committees = CommitteePage.objects.child_of(self).visible_to_public().order_by("title")
        return {**super().get_context(request, *args, **kwargs), "committees": committees}


class CommitteePage(Page):
    """The panel itself, or one of its sub-committees or task groups."""

    class Kind(models.TextChoices):
        PANEL = "panel", "Panel"
        SUB_COMMITTEE = "sub-committee", "Sub-committee"
        TASK_GROUP = "task-group", "Task and finish group"

    short_name = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PANEL)
    parent_committee = models.ForeignKey(
        "meetings.CommitteePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_committees",
    )
    purpose = RichTextField(blank=True)
    terms_of_reference = RichTextField(blank=True)
    forward_plan = RichTextField(
        blank=True, help_text="What the committee intends to consider at future meetings."
    )

    objects = PublicPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("short_name"), FieldPanel("kind"), FieldPanel("parent_committee")],
            heading="Committee",
        ),
        FieldPanel("purpose"),
        FieldPanel("terms_of_reference"),
        FieldPanel("forward_plan"),
        InlinePanel("memberships", heading="Members", label="Membership"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("purpose"),
        index.SearchField("terms_of_reference"),
        index.SearchField("forward_plan"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["meetings.CommitteeIndexPage"]
    subpage_types = ["meetings.MeetingPage"]

    def route(self, request, path_components):
        # Meetings live under a "meetings/" URL segment (see MeetingPage.set_url_path).
        if path_components[:1] == ["meetings"] and len(path_components) > 1:
            path_components = path_components[1:]
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from meetings.models import MeetingPage

        meetings = MeetingPage.objects.child_of(self).visible_to_public()
        return {
            **super().get_context(request, *args, **kwargs),
            "current_memberships": self.current_memberships(),
            "past_memberships": self.past_memberships(),
            "upcoming_meetings": meetings.upcoming(),
            "past_meetings": meetings.past(),
        }

    def current_memberships(self, on=None):
        return self.memberships.current(on).select_related("person", "on_behalf_of")

    def past_memberships(self, on=None):
        return self.memberships.past(on).select_related("person", "on_behalf_of")


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=on),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=on),
        )

    def past(self, on=None):
        on = on or timezone.localdate()
        return self.filter(end_date__lt=on)


class Membership(Orderable):
    """OParl Membership: a person's seat on a committee, for a term, on behalf of a body."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co-opted", "Co-opted independent member"
        SUBSTITUTE = "substitute", "Substitute member"

    committee = ParentalKey(CommitteePage, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "meetings.PersonPage", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    on_behalf_of = models.ForeignKey(
        "meetings.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="The council that nominated this member.",
    )
    voting_right = models.BooleanField(default=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("person"),
        FieldPanel("role"),
        FieldPanel("on_behalf_of"),
        FieldPanel("voting_right"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"
