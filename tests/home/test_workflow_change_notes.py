"""Corrections after publication carry a public change note; the page says when it changed."""

import pytest

from home.models import ChangeNote
from meetings.models import AgendaItem, PaperPage
from tests import factories
from tests.factories import publish


@pytest.fixture
def paper(site_tree):
    return publish(factories.PaperPageFactory(parent=site_tree["papers"], title="Precept report"))


@pytest.mark.django_db
def test_correction_with_a_note_is_listed_on_the_public_page(client, paper):
    paper.summary = "The precept rises by 3.5%."
    paper.change_note = "Corrected the precept rise from 5% to 3.5%."
    paper = publish(paper)
    html = client.get(paper.url).content.decode()
    assert "Last updated" in html
    assert "Corrected the precept rise from 5% to 3.5%." in html
    assert [n.note for n in ChangeNote.objects.filter(page=paper)] == [
        "Corrected the precept rise from 5% to 3.5%."
    ]


@pytest.mark.django_db
def test_first_publication_and_an_unchanged_note_record_nothing_new(site_tree):
    page = factories.PaperPageFactory(parent=site_tree["papers"], live=False)
    page.change_note = "Typed too early."
    page = publish(page)
    assert not ChangeNote.objects.filter(page=page).exists()
    page.change_note = "Fixed a typo."
    page = publish(page)
    page = publish(page)  # republished with the same note carried over
    assert ChangeNote.objects.filter(page=page).count() == 1


@pytest.mark.django_db
def test_a_draft_change_note_is_not_public_until_approved(client, paper):
    paper.change_note = "Pending correction."
    paper.save_revision()
    assert "Pending correction." not in client.get(paper.url).content.decode()


@pytest.mark.django_db
def test_release_of_an_exempt_paper_is_a_public_change(client, committee, paper):
    meeting = factories.MeetingPageFactory(parent=committee)
    item = AgendaItem(number="7", title="Estates", exempt_paragraph=3, exempt_reason="Prices.")
    item.papers = [paper]
    meeting.agenda_items.add(item)
    meeting = publish(meeting)
    assert client.get(paper.url).status_code == 404
    [item] = meeting.agenda_items.all()
    item.exempt_paragraph, item.exempt_reason = None, ""
    meeting.agenda_items = [item]
    publish(meeting)
    html = client.get(PaperPage.objects.get(pk=paper.pk).url).content.decode()
    assert "Released: this paper was exempt information and is now public." in html


@pytest.mark.django_db
def test_a_plain_page_correction_is_listed_too(client, home):
    from home.models import StandardPage

    page = StandardPage(title="Accessibility", slug="accessibility", introduction="Draft text.")
    home.add_child(instance=page)
    page = publish(page)
    html = client.get(page.url).content.decode()
    assert "Last updated" in html
    assert "Changes since publication" not in html

    page.introduction = "We aim to meet WCAG 2.2 AA."
    page.change_note = "Corrected the WCAG version."
    page = publish(page)

    html = client.get(page.url).content.decode()
    assert "Corrected the WCAG version." in html
    assert "Changes since publication" in html
    assert [n.note for n in ChangeNote.objects.filter(page=page)] == ["Corrected the WCAG version."]
