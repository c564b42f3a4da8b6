"""Editors can create every page type through the Wagtail admin's forms."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from meetings.models import (
    CommitteeIndexPage,
    CommitteePage,
    MeetingPage,
    MinutesPage,
    PaperIndexPage,
    PaperPage,
    PersonIndexPage,
    PersonPage,
)
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")


class AdminCreateTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)
        cls.committees = factories.CommitteeIndexPageFactory(parent=cls.home)
        cls.papers = factories.PaperIndexPageFactory(parent=cls.home)
        cls.people = factories.PersonIndexPageFactory(parent=cls.home)
        cls.committee = factories.CommitteePageFactory(parent=cls.committees, slug="panel")
        cls.person = factories.PersonPageFactory(parent=cls.people)
        cls.paper = factories.PaperPageFactory(parent=cls.papers)
        cls.meeting = factories.MeetingPageFactory(parent=cls.committee)

    def setUp(self):
        user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(user)

    def test_editor_can_create_the_section_index_pages(self):
        home = HomePage.objects.get(depth=2)
        # Each index may exist once; remove the fixtures' to create them through the form.
        for model, slug in [
            (CommitteeIndexPage, "committees"),
            (PaperIndexPage, "papers"),
            (PersonIndexPage, "people"),
        ]:
            model.objects.all().delete()
            self.assertCanCreate(
                home,
                model,
                nested_form_data(
                    {"title": slug.title(), "slug": slug, "introduction": rich_text("")}
                ),
            )

    def test_editor_can_create_a_committee_with_members(self):
        self.assertCanCreate(
            self.committees,
            CommitteePage,
            nested_form_data(
                {
                    "title": "Complaints Sub-committee",
                    "slug": "complaints",
                    "short_name": "Complaints",
                    "kind": "sub-committee",
                    "purpose": rich_text("<p>Handles complaints.</p>"),
                    "terms_of_reference": rich_text(""),
                    "forward_plan": rich_text(""),
                    "memberships": inline_formset(
                        [{"person": self.person.pk, "role": "chair", "voting_right": "on"}]
                    ),
                }
            ),
        )
        committee = CommitteePage.objects.get(slug="complaints")
        assert committee.memberships.get().role == "chair"

    def test_editor_can_create_a_meeting_with_an_agenda_item_and_its_paper(self):
        data = nested_form_data(
            {
                "title": "Panel meeting, 25 September 2024",
                "slug": "",
                "start": "2024-09-25 13:30",
                "end": "2024-09-25 14:40",
                "status": "scheduled",
                "introduction": rich_text(""),
                "agenda_items": inline_formset(
                    [
                        {
                            "number": "8",
                            "title": "Annual report",
                            "summary": rich_text(""),
                            "role": "scrutiny",
                        }
                    ]
                ),
            }
        )
        # A multiple select posts one value per chosen paper under the same name.
        data["agenda_items-0-papers"] = [self.paper.pk]
        self.assertCanCreate(self.committee, MeetingPage, data)
        meeting = MeetingPage.objects.get(slug="2024-09-25")
        assert meeting.start == datetime.datetime(2024, 9, 25, 13, 30, tzinfo=LONDON)
        item = meeting.agenda_items.get()
        assert list(item.papers.all()) == [self.paper]

    def test_editor_can_create_a_paper_with_numbered_sections(self):
        self.assertCanCreate(
            self.papers,
            PaperPage,
            nested_form_data(
                {
                    "title": "Annual Report 2023/24",
                    "slug": "annual-report-2023-24",
                    "paper_type": "annual-report",
                    "date": "2024-07-31",
                    "contact_name": "Jack Hudson",
                    "contact_email": "office@example.org",
                    "recommendations": rich_text("<p>Review the report.</p>"),
                    "body": streamfield(
                        [
                            (
                                "section",
                                {
                                    "heading": "Purpose",
                                    "paragraphs": streamfield(
                                        [("item", rich_text("<p>To present the report.</p>"))]
                                    ),
                                },
                            )
                        ]
                    ),
                    "background_papers": streamfield([]),
                    "appendices": inline_formset([]),
                }
            ),
        )
        paper = PaperPage.objects.get(slug="annual-report-2023-24")
        assert paper.body[0].value["heading"] == "Purpose"

    def test_editor_can_create_minutes_with_attendance_and_a_resolution(self):
        self.assertCanCreate(
            self.meeting,
            MinutesPage,
            nested_form_data(
                {
                    "title": "Minutes",
                    "slug": "minutes",
                    "status": "draft",
                    "started_at": "13:30",
                    "finished_at": "14:40",
                    "forward_plan": rich_text(""),
                    "notes": rich_text(""),
                    "attendance": inline_formset(
                        [{"person": self.person.pk, "status": "present", "role": "Chair"}]
                    ),
                    "declarations": inline_formset([]),
                    "items": inline_formset(
                        [
                            {
                                "number": "4",
                                "title": "Police and Crime Plan",
                                "narrative": rich_text("<p>Discussed.</p>"),
                                "resolutions": streamfield(
                                    [
                                        (
                                            "resolution",
                                            {
                                                "text": "The Panel supports the work.",
                                                "outcome": "agreed",
                                            },
                                        )
                                    ]
                                ),
                            }
                        ]
                    ),
                }
            ),
        )
        minutes = MinutesPage.objects.get()
        assert minutes.attendance.get().person == self.person
        assert minutes.items.get().resolutions[0].value["text"] == "The Panel supports the work."

    def test_editor_can_create_a_person_whose_title_is_their_name(self):
        self.assertCanCreate(
            self.people,
            PersonPage,
            nested_form_data(
                {
                    "honorific": "Councillor",
                    "given_name": "Claire",
                    "family_name": "George",
                    "kind": "councillor",
                    "biography": rich_text(""),
                    "slug": "",
                }
            ),
        )
        assert PersonPage.objects.filter(title="Claire George").exists()
