"""Meetings and their agendas: OParl Meeting, AgendaItem and Consultation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.changes import change_note_field
from home.visibility import PublicPageManager, PublicPageQuerySet
from meetings.exempt import ExemptParagraph
from meetings.page_forms import MeetingPageForm, meeting_slug
from meetings.paper_chooser import PaperAutocomplete


class MeetingQuerySet(PublicPageQuerySet):
    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).order_by("-start")

    def in_year(self, year):
        return self.filter(start__year=year)

    def minutes_not_approved(self):
        """Meetings with no approved minutes page under them (none yet, or a draft)."""
        from meetings.models import MinutesPage

        approved = MinutesPage.objects.filter(
            status=MinutesPage.Status.APPROVED,
            path__startswith=models.OuterRef("path"),
            depth=models.OuterRef("depth") + 1,
        )
        return self.exclude(models.Exists(approved))

    def count_by_year(self):
        """[(year, number of meetings)], oldest first, in London time."""
        return [
            (row["year"], row["n"])
            for row in self.annotate(year=ExtractYear("start"))
            .order_by("year")
            .values("year")
            .annotate(n=models.Count("pk"))
        ]

    def of_committee(self, committee):
        return self.child_of(committee)

    def with_committee(self):
        """Annotate each meeting with its committee's title, for listings across committees."""
        from meetings.models.committees import CommitteePage
        from meetings.models.tree import parent_value

        return self.annotate(committee_title=parent_value(CommitteePage, "title"))


MeetingManager = PublicPageManager.from_queryset(MeetingQuerySet)


class MeetingPage(RoutablePageMixin, Page):
    """One meeting of a committee. Its URL is /committees/<committee>/meetings/<date>/."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"
        MOVED = "moved", "Moved"

    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    venue = models.ForeignKey(
        "meetings.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    status_reason = models.CharField(
        max_length=255, blank=True, help_text="Why the meeting was cancelled, postponed or moved."
    )
    webcast_url = models.URLField(blank=True)
    introduction = RichTextField(blank=True)
    change_note = change_note_field()

    objects = MeetingManager()
    base_form_class = MeetingPageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_reason")]),
                FieldPanel("webcast_url"),
            ],
            heading="When and where",
        ),
        FieldPanel("introduction"),
        InlinePanel("agenda_items", heading="Agenda", label="Agenda item"),
        FieldPanel("change_note"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.FilterField("start"),
        index.FilterField("status"),
        index.RelatedFields(
            "agenda_items",
            [index.SearchField("title"), index.SearchField("public_summary")],
        ),
    ]
    parent_page_types = ["meetings.CommitteePage"]
    subpage_types = ["meetings.MinutesPage"]

    class Meta:
        indexes = [models.Index(fields=["start"])]

    @cached_property
    def committee(self):
        return self.get_parent().specific

    def publish_by(self):
        """The statutory deadline for the agenda (five clear working days; meetings.clock)."""
        from meetings.clock import publish_by

        return publish_by(timezone.localdate(self.start))

    def agenda_status(self, today=None):
        from meetings.clock import AgendaStatus

        first = self.first_published_at
        return AgendaStatus(
            publish_by=self.publish_by(),
            published_on=timezone.localdate(first) if first else None,
            today=today or timezone.localdate(),
        )

    def get_workflow(self):
        from meetings.exempt import workflow_for

        return workflow_for(self, super().get_workflow())

    def clean(self):
        super().clean()
        if self.end and self.start and self.end <= self.start:
            raise ValidationError({"end": "A meeting must end after it starts."})
        if self.status != self.Status.SCHEDULED and not self.status_reason:
            raise ValidationError({"status_reason": "Say why the meeting is not as scheduled."})

    def full_clean(self, *args, **kwargs):
        # Meetings are named by their date: /meetings/2024-09-25/.
        if self.start and not self.slug:
            self.slug = meeting_slug(self.start)
        super().full_clean(*args, **kwargs)

    def set_url_path(self, parent):
        # Insert a "meetings/" segment so that URLs read /committees/panel/meetings/<date>/;
        # CommitteePage.route() understands it.
        if parent:
            self.url_path = f"{parent.url_path}meetings/{self.slug}/"
        else:
            self.url_path = "/"
        return self.url_path

    def get_context(self, request, *args, **kwargs):
        from meetings.models import MinutesPage

        minutes = MinutesPage.objects.child_of(self).visible_to_public().first()
        return {
            **super().get_context(request, *args, **kwargs),
            "committee": self.committee,
            "agenda_items": self.agenda(),
            "minutes": minutes,
            "attendance_groups": minutes.attendance_groups() if minutes else [],
        }

    def agenda(self):
        """The agenda with each item's public papers and their public appendices, in a
        fixed number of queries however long the agenda is."""
        from meetings.models import Appendix, PaperPage

        appendices = models.Prefetch(
            "appendices",
            queryset=Appendix.objects.filter(exempt=False).select_related("document"),
            to_attr="public_appendix_list",
        )
        public_papers = models.Prefetch(
            "papers",
            queryset=PaperPage.objects.visible_to_public().prefetch_related(appendices),
            to_attr="public_papers",
        )
        # Items imported or generated without a sort order keep the order they were added in.
        return self.agenda_items.order_by("sort_order", "pk").prefetch_related(public_papers)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    SCHEMA_STATUS = {
        Status.SCHEDULED: "https://schema.org/EventScheduled",
        Status.CANCELLED: "https://schema.org/EventCancelled",
        Status.POSTPONED: "https://schema.org/EventPostponed",
        Status.MOVED: "https://schema.org/EventRescheduled",
    }

    def schema_org_event(self, request=None):
        """schema.org Event data for search engines (rendered as JSON-LD)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": timezone.localtime(self.start).isoformat(),
            "eventStatus": self.SCHEMA_STATUS.get(self.status),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": self.get_full_url(request),
            "organizer": {"@type": "Organization", "name": self.committee.title},
        }
        if self.end:
            data["endDate"] = timezone.localtime(self.end).isoformat()
        if self.venue:
            data["location"] = {
                "@type": "Place",
                "name": str(self.venue),
                "address": self.venue.address or self.venue.name,
            }
        return data

    def agenda_item_url(self, item):
        return self.url + self.reverse_subpage("agenda_item", args=[item.slug])

    @path("agenda-pack/", name="agenda_pack")
    def agenda_pack(self, request):
        """The public agenda, papers and PDF appendices as one file."""
        from django.http import HttpResponse

        from meetings.agenda_pack import build_agenda_pack

        response = HttpResponse(build_agenda_pack(self), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="agenda-pack-{self.slug}.pdf"'
        return response

    @path("items/<slug:item_slug>/", name="agenda_item")
    def agenda_item(self, request, item_slug):
        item = next((i for i in self.agenda_items.all() if i.slug == item_slug), None)
        if item is None:
            raise Http404("No such agenda item")
        return self.render(
            request,
            template="meetings/agenda_item.html",
            context_overrides={"item": item},
        )


class AgendaItem(index.Indexed, Orderable, ClusterableModel):
    """A numbered item on a meeting's agenda (OParl AgendaItem); its papers are the
    OParl Consultations, with the role the meeting plays for them."""

    # A search result of its own (search.results: only items of public meetings; an exempt
    # item is indexed with its number and title only).
    search_fields = [
        index.SearchField("number"),
        index.SearchField("title", boost=2),
        index.SearchField("public_summary"),
        index.AutocompleteField("title"),
        index.FilterField("meeting_id"),
    ]

    class Role(models.TextChoices):
        NONE = "", "—"
        DECISION = "decision", "For decision"
        SCRUTINY = "scrutiny", "For scrutiny"
        INFORMATION = "information", "For information"

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(max_length=20, help_text='As printed: "8" or "4.1".')
    title = models.CharField(max_length=500)
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=ExemptParagraph.choices,
        null=True,
        blank=True,
        help_text="Leave empty for a public item. Exempt items show only their number, title "
        "and paragraph to the public.",
    )
    exempt_reason = models.CharField(
        max_length=255, blank=True, help_text="A short public reason, shown with the paragraph."
    )
    summary = RichTextField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True, default="")
    papers = ParentalManyToManyField("meetings.PaperPage", blank=True, related_name="agenda_items")

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("exempt_paragraph"), FieldPanel("exempt_reason")]),
        FieldPanel("summary"),
        FieldPanel("role"),
        FieldPanel("papers", widget=PaperAutocomplete),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_exempt(self):
        return self.exempt_paragraph is not None

    @property
    def public_summary(self):
        """What search may index of the summary: nothing for an exempt item, whose number,
        title and paragraph are all the public may know (Schedule 12A)."""
        return "" if self.is_exempt else self.summary

    @property
    def slug(self):
        """The stable anchor and URL segment: "item-8", "item-4-1"."""
        return "item-" + (slugify(self.number.replace(".", "-")) or str(self.pk))

    def clean(self):
        super().clean()
        if self.exempt_paragraph is not None and not self.exempt_reason:
            raise ValidationError({"exempt_reason": "An exempt item needs a short public reason."})
