"""Schedule 12A exempt information is enforced in the model layer, not in templates."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.models import PageLogEntry, PageViewRestriction

from home import roles
from meetings.demo.pdf import make_pdf
from meetings.exempt import RELEASED_ACTION
from meetings.models import AgendaItem, Appendix, CommitteeDocument, PaperPage
from tests import factories
from tests.factories import publish
from tests.home.install import user_in


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def new_paper(site_tree, **fields):
    page = factories.PaperPageFactory(parent=site_tree["papers"], **fields)
    return publish(page)


def meeting_with_item(committee, paper, **item_fields):
    meeting = factories.MeetingPageFactory(parent=committee)
    item = AgendaItem(number="9", title="Estates strategy", **item_fields)
    item.papers = [paper]
    meeting.agenda_items.add(item)
    return publish(meeting)


def document(title="appendix.pdf"):
    doc = CommitteeDocument(title=title)
    doc.file.save(title, ContentFile(make_pdf(["Confidential figures"])), save=False)
    doc.save()
    return doc


def is_public(page):
    return PaperPage.objects.visible_to_public().filter(pk=page.pk).exists()


@pytest.mark.django_db
def test_exempt_paper_is_readable_by_staff_only_until_it_is_on_a_committee_agenda(
    client, site_tree
):
    paper = new_paper(site_tree, exempt_paragraph=1, exempt_reason="About an individual.")
    assert not is_public(paper)
    assert client.get(paper.url).status_code == 404
    outsider = get_user_model().objects.create_user("outsider", password="x")
    client.force_login(outsider)
    assert client.get(paper.url).status_code == 404
    # A panel member reads only their committees' papers (tests/meetings/test_exempt_access.py).
    client.force_login(user_in("member"))
    assert client.get(paper.url).status_code == 404
    for role in ("editor", "legal"):
        client.force_login(user_in(role))
        assert client.get(paper.url).status_code == 200, role


@pytest.mark.django_db
def test_paper_of_exempt_item_is_withheld_and_released_only_on_publication(
    client, committee, site_tree
):
    paper = new_paper(site_tree)
    assert is_public(paper)
    meeting = meeting_with_item(committee, paper, exempt_paragraph=3, exempt_reason="Prices.")
    assert not is_public(paper)
    meeting_html = client.get(meeting.url).content.decode()
    assert "paragraph 3 of Part 1 of Schedule 12A" in meeting_html
    assert paper.url not in meeting_html

    [item] = meeting.agenda_items.all()
    item.exempt_paragraph, item.exempt_reason = None, ""
    meeting.agenda_items = [item]
    meeting.save_revision()  # the release is a draft awaiting approval
    assert not is_public(paper)

    meeting.save_revision().publish()
    assert is_public(paper)
    assert client.get(paper.url).status_code == 200
    assert PageLogEntry.objects.filter(page=paper, action=RELEASED_ACTION).exists()


@pytest.mark.django_db
def test_draft_marking_a_live_paper_exempt_withholds_it_before_approval(site_tree):
    paper = new_paper(site_tree)
    paper.exempt_paragraph, paper.exempt_reason = 7, "An ongoing investigation."
    paper.save_revision()
    assert not is_public(paper)


@pytest.mark.django_db
def test_draft_making_an_item_exempt_withholds_its_live_paper_at_once(committee, site_tree):
    paper = new_paper(site_tree)
    meeting = meeting_with_item(committee, paper)
    assert is_public(paper)
    [item] = meeting.agenda_items.all()
    item.exempt_paragraph, item.exempt_reason = 4, "Negotiations."
    meeting.agenda_items = [item]
    meeting.save_revision()
    assert not is_public(paper)


@pytest.mark.django_db
def test_removing_the_restriction_by_hand_does_not_expose_an_exempt_paper(site_tree):
    paper = new_paper(site_tree, exempt_paragraph=5, exempt_reason="Legal advice.")
    PageViewRestriction.objects.filter(page=paper).delete()
    assert not is_public(paper)


@pytest.mark.django_db
def test_exempt_item_and_paper_need_a_public_reason(committee, site_tree):
    with pytest.raises(ValidationError, match="public reason"):
        AgendaItem(number="1", title="x", exempt_paragraph=2).clean()
    paper = factories.PaperPageFactory.build(exempt_paragraph=2)
    with pytest.raises(ValidationError, match="public reason"):
        paper.clean()


@pytest.mark.django_db
def test_documents_are_served_only_when_public(client, site_tree):
    public_doc, exempt_doc, secret_doc, loose_doc = (
        document(f"{n}.pdf") for n in ("public", "exempt-appendix", "exempt-paper", "loose")
    )
    paper = factories.PaperPageFactory(parent=site_tree["papers"])
    paper.appendices.add(Appendix(title="Figures", document=public_doc))
    paper.appendices.add(Appendix(title="Prices", document=exempt_doc, exempt=True))
    publish(paper)
    secret = factories.PaperPageFactory(
        parent=site_tree["papers"], exempt_paragraph=3, exempt_reason="Prices."
    )
    secret.appendices.add(Appendix(title="Bids", document=secret_doc))
    publish(secret)

    assert set(CommitteeDocument.objects.visible_to_public()) == {public_doc}
    assert client.get(public_doc.url).status_code == 200
    for doc in (exempt_doc, secret_doc, loose_doc):
        assert client.get(doc.url).status_code == 404, doc.title
    client.force_login(user_in("editor"))
    assert client.get(secret_doc.url).status_code == 200


@pytest.mark.django_db
def test_exempt_matters_go_through_legal_review_first(committee, site_tree):
    ordinary = new_paper(site_tree)
    assert ordinary.get_workflow().name == roles.MODERATION_WORKFLOW
    exempt_paper = new_paper(site_tree, exempt_paragraph=6, exempt_reason="A proposed order.")
    assert exempt_paper.get_workflow().name == roles.LEGAL_WORKFLOW
    meeting = meeting_with_item(committee, ordinary, exempt_paragraph=3, exempt_reason="Prices.")
    assert meeting.get_workflow().name == roles.LEGAL_WORKFLOW
    plain = factories.MeetingPageFactory(parent=committee)
    assert plain.get_workflow().name == roles.MODERATION_WORKFLOW
