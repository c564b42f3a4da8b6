"""The page tree is explicit: each type lives where it belongs and nowhere else."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
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


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, CommitteeIndexPage, PaperIndexPage, PersonIndexPage}
        )

    def test_committees_live_under_the_committee_index(self):
        self.assertAllowedParentPageTypes(CommitteePage, {CommitteeIndexPage})
        self.assertAllowedSubpageTypes(CommitteeIndexPage, {CommitteePage})

    def test_meetings_live_under_their_committee_and_hold_only_minutes(self):
        self.assertAllowedParentPageTypes(MeetingPage, {CommitteePage})
        self.assertAllowedSubpageTypes(CommitteePage, {MeetingPage})
        self.assertAllowedSubpageTypes(MeetingPage, {MinutesPage})

    def test_minutes_live_under_a_meeting_and_hold_nothing(self):
        self.assertAllowedParentPageTypes(MinutesPage, {MeetingPage})
        self.assertAllowedSubpageTypes(MinutesPage, set())

    def test_papers_live_under_the_paper_index(self):
        self.assertAllowedParentPageTypes(PaperPage, {PaperIndexPage})
        self.assertAllowedSubpageTypes(PaperPage, set())

    def test_people_live_under_the_people_index(self):
        self.assertAllowedParentPageTypes(PersonPage, {PersonIndexPage})
        self.assertAllowedSubpageTypes(PersonPage, set())

    def test_plain_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_a_minutes_page_is_not_allowed_under_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, MinutesPage)
        self.assertCanNotCreateAt(HomePage, MeetingPage)
        self.assertCanNotCreateAt(HomePage, PaperPage)
