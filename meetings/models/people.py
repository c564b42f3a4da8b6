"""People and the bodies around a panel: OParl Person, Organization (outside bodies),
Location (venues) and LegislativeTerm (municipal years)."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from home.visibility import PublicPageManager
from meetings.page_forms import PersonPageForm, person_name


@register_snippet
class Organisation(index.Indexed, models.Model):
    """An outside body: a constituent council, the Commissioner's office, the police force."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        COMMISSIONER = "commissioner", "Commissioner's office"
        POLICE = "police", "Police force"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    website = models.URLField(blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_snippet
class Venue(index.Indexed, models.Model):
    name = models.CharField(max_length=255, unique=True)
    room = models.CharField(max_length=255, blank=True)
    address = models.TextField(blank=True)
    access_notes = models.TextField(
        blank=True, help_text="Step-free access, hearing loop, parking, public gallery."
    )
    remote_joining = models.TextField(
        blank=True, help_text="How to watch or join remotely, if the meeting allows it."
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.room}" if self.room else self.name


@register_snippet
class MunicipalYear(models.Model):
    """Annual meeting to annual meeting: the term for chairs and memberships."""

    name = models.CharField(max_length=20, unique=True, help_text="For example 2024/25.")
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["-start_date"]

    def __str__(self):
        return self.name


class PersonIndexPage(Page):
    introduction = RichTextField(blank=True)

    objects = PublicPageManager()

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meetings.PersonPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        people = PersonPage.objects.child_of(self).visible_to_public()
        return {
            **super().get_context(request, *args, **kwargs),
            "people": people.order_by("family_name", "given_name"),
        }


class PersonPage(Page):
    """A councillor, co-opted independent member, the Commissioner, or an officer."""

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        INDEPENDENT = "independent", "Co-opted independent member"
        COMMISSIONER = "commissioner", "Police and Crime Commissioner"
        OFFICER = "officer", "Officer"
        OTHER = "other", "Other"

    honorific = models.CharField(max_length=50, blank=True, help_text="For example Councillor.")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCILLOR)
    job_title = models.CharField(max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The council they were elected to, or the body they work for.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    biography = RichTextField(blank=True)
    # The person's own sign-in account, for panel members: it lets them read the exempt
    # papers of the committees they currently sit on (meetings.exempt.may_read). Set by
    # site administrators (Settings → Panel member accounts, or `create_user --person`),
    # not in the page editor, and kept out of revisions (see with_content_json).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_page",
        help_text="The sign-in account of this person, if they are a panel member.",
    )

    objects = PublicPageManager()
    base_form_class = PersonPageForm
    exclude_fields_in_copy = ["user"]

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("honorific"), FieldPanel("given_name"), FieldPanel("family_name")],
            heading="Name",
        ),
        FieldPanel("kind"),
        FieldPanel("job_title"),
        FieldPanel("organisation"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading="Contact"),
        FieldPanel("biography"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("job_title"),
        index.SearchField("biography"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["meetings.PersonIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        from meetings.models import CommitteePage

        memberships = self.memberships.filter(
            committee__in=CommitteePage.objects.visible_to_public()
        ).select_related("committee")
        from meetings.models import Attendance

        return {
            **super().get_context(request, *args, **kwargs),
            "memberships": memberships,
            "attendance_record": Attendance.objects.record_for(self),
            "attendance_by_year": Attendance.objects.yearly_record_for(self),
            "attendance_history": Attendance.objects.history_for(self),
        }

    def with_content_json(self, content):
        # The account link belongs to the person, not to a version of their page:
        # publishing an old or concurrent revision must neither restore nor drop it.
        page = super().with_content_json(content)
        page.user_id = self.user_id
        return page

    @property
    def full_name(self):
        return person_name(self.given_name, self.family_name)

    def full_clean(self, *args, **kwargs):
        # The page title is the person's name, so editors type it once.
        if self.given_name or self.family_name:
            self.title = self.full_name
        super().full_clean(*args, **kwargs)
