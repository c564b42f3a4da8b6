"""The papers picker on an agenda item finds papers by typing, and never lists them all."""

import datetime
import json
from html import unescape

from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from meetings.models import AgendaItem, MeetingPage
from tests import factories

SEARCH = "/admin/autocomplete/search/"
OBJECTS = "/admin/autocomplete/objects/"


class PaperChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = HomePage.objects.get(depth=2)
        committees = factories.CommitteeIndexPageFactory(parent=home)
        cls.papers = factories.PaperIndexPageFactory(parent=home)
        cls.committee = factories.CommitteePageFactory(parent=committees, slug="panel")
        cls.precept = factories.PaperPageFactory(
            parent=cls.papers,
            title="Proposed precept 2025/26",
            reference="PCP/25/04",
            date=datetime.date(2025, 2, 3),
        )
        cls.draft = factories.PaperPageFactory(
            parent=cls.papers, title="Precept consultation results", live=False
        )
        cls.others = [
            factories.PaperPageFactory(parent=cls.papers, title=f"Quarterly performance {n}")
            for n in range(40)
        ]

    def setUp(self):
        self.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(self.editor)

    def search(self, **data):
        return self.client.post(SEARCH, {"type": "meetings.PaperPage", **data})

    def titles(self, response):
        assert response.status_code == 200
        return [entry["title"] for entry in response.json()["items"]]

    def test_the_meeting_form_does_not_list_every_paper_in_the_archive(self):
        response = self.client.get(f"/admin/pages/add/meetings/meetingpage/{self.committee.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "data-autocomplete-input" in html
        assert "Quarterly performance" not in html
        assert "Proposed precept" not in html

    def test_an_existing_agenda_item_shows_its_chosen_papers_by_reference_title_and_date(self):
        meeting = factories.MeetingPageFactory(parent=self.committee)
        item = AgendaItem.objects.create(meeting=meeting, number="5", title="Precept")
        item.papers.set([self.precept])
        item.save()  # a parental many-to-many is written when its item is saved
        response = self.client.get(f"/admin/pages/{meeting.pk}/edit/")
        html = unescape(response.content.decode())
        assert "PCP/25/04 — Proposed precept 2025/26 (3 Feb 2025)" in html
        assert "Quarterly performance" not in html

    def test_typing_part_of_a_title_finds_live_and_draft_papers(self):
        titles = self.titles(self.search(query="PRECEPT"))
        assert len(titles) == 2
        assert "PCP/25/04 — Proposed precept 2025/26 (3 Feb 2025)" in titles
        assert any(title.startswith("Precept consultation results (") for title in titles)

    def test_a_reference_finds_its_paper(self):
        assert self.titles(self.search(query="pcp/25")) == [
            "PCP/25/04 — Proposed precept 2025/26 (3 Feb 2025)"
        ]

    def test_results_are_capped_and_chosen_papers_left_out(self):
        titles = self.titles(self.search(query="quarterly", limit="500"))
        assert len(titles) == 30
        excluded = ",".join(str(paper.pk) for paper in self.others[:39])
        assert len(self.titles(self.search(query="quarterly", exclude=excluded))) == 1

    def test_chosen_ids_are_looked_up_for_the_widget(self):
        response = self.client.get(OBJECTS, {"type": "meetings.PaperPage", "pks": self.precept.pk})
        assert response.json()["items"] == [
            {"pk": self.precept.pk, "title": "PCP/25/04 — Proposed precept 2025/26 (3 Feb 2025)"}
        ]

    def test_other_models_cannot_be_queried_through_the_endpoints(self):
        assert self.search(type="auth.User", query="editor").status_code == 400
        response = self.client.get(OBJECTS, {"type": "auth.User", "pks": self.editor.pk})
        assert response.status_code == 400

    def test_bad_input_gets_a_clear_answer_not_an_error(self):
        response = self.search(query="x", limit="lots")
        assert response.status_code == 400
        assert b"limit must be a number" in response.content
        assert self.titles(self.search(query="'\"<script>" * 1000)) == []
        assert self.titles(self.search(query="quarterly", exclude="1,abc,,-")) != []
        response = self.client.get(OBJECTS, {"pks": "abc,,7x"})
        assert response.json() == {"items": []}

    def test_signed_out_visitors_are_sent_to_the_login(self):
        self.client.logout()
        response = self.search(query="precept")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_the_widget_posts_json_and_the_agenda_item_keeps_those_papers(self):
        data = nested_form_data(
            {
                "title": "Panel meeting, 3 February 2025",
                "slug": "2025-02-03",
                "start": "2025-02-03 13:30",
                "status": "scheduled",
                "introduction": rich_text(""),
                "agenda_items": inline_formset(
                    [{"number": "5", "title": "Precept", "summary": rich_text(""), "role": ""}]
                ),
            }
        )
        data["agenda_items-0-papers"] = json.dumps(
            [{"pk": self.precept.pk, "title": "…"}, {"pk": self.draft.pk}]
        )
        url = f"/admin/pages/add/meetings/meetingpage/{self.committee.pk}/"
        response = self.client.post(url, data)
        assert response.status_code == 302
        item = MeetingPage.objects.get(slug="2025-02-03").agenda_items.get()
        assert set(item.papers.all()) == {self.precept, self.draft}

    def test_a_malformed_widget_value_saves_no_papers_rather_than_failing(self):
        data = nested_form_data(
            {
                "title": "Panel meeting, 4 February 2025",
                "slug": "2025-02-04",
                "start": "2025-02-04 13:30",
                "status": "scheduled",
                "introduction": rich_text(""),
                "agenda_items": inline_formset(
                    [{"number": "1", "title": "Apologies", "summary": rich_text(""), "role": ""}]
                ),
            }
        )
        data["agenda_items-0-papers"] = '[{"pk": "not a number"}, 5, "[broken'
        response = self.client.post(
            f"/admin/pages/add/meetings/meetingpage/{self.committee.pk}/", data
        )
        assert response.status_code == 302
        item = MeetingPage.objects.get(slug="2025-02-04").agenda_items.get()
        assert list(item.papers.all()) == []
