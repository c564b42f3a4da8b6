"""Exempt papers are read by the panel members of their own committee, and by staff.

A panel member's account is linked to their person page (`create_user --person`); their
current memberships say which committees' exempt papers, and which documents of those
papers, they may read. Everyone else gets the same 404 as an anonymous visitor.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from meetings.demo.pdf import make_pdf
from meetings.models import AgendaItem, Appendix, CommitteeDocument, Membership, PersonPage
from tests import factories
from tests.factories import publish
from tests.home.install import user_in

STAFF_ROLES = ("editor", "moderator", "legal", "admin")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def document(name):
    doc = CommitteeDocument(title=name)
    doc.file.save(name, ContentFile(make_pdf([f"Contents of {name}"])), save=False)
    doc.save()
    return doc


def member_of(committee, people, username, **dates):
    """A panel member whose person page sits on `committee` (between the given dates)."""
    person = factories.PersonPageFactory(parent=people, given_name=username.title())
    Membership.objects.create(committee=committee, person=person, **dates)
    return user_in("member", username, person=person.slug)


@pytest.fixture
def other_committee(site_tree):
    return factories.CommitteePageFactory(
        parent=site_tree["committees"], title="Complaints Sub-Committee", slug="complaints"
    )


@pytest.fixture
def exempt(committee, site_tree):
    """An exempt paper on the panel's agenda, with its report file and two appendices."""
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"],
        title="Chief executive's pay",
        exempt_paragraph=1,
        exempt_reason="About an individual.",
    )
    paper.document = document("report.pdf")
    paper.appendices.add(Appendix(title="Pay scales", document=document("scales.pdf")))
    paper.appendices.add(
        Appendix(title="Candidate", document=document("candidate.pdf"), exempt=True)
    )
    paper = publish(paper)
    meeting = factories.MeetingPageFactory(parent=committee)
    item = AgendaItem(number="12", title="Pay", exempt_paragraph=1, exempt_reason="A person.")
    item.papers = [paper]
    meeting.agenda_items.add(item)
    publish(meeting)
    documents = [paper.document, *(a.document for a in paper.appendices.all())]
    return paper, documents


def status_codes(client, paper, documents):
    return [client.get(url).status_code for url in [paper.url, *(d.url for d in documents)]]


@pytest.mark.django_db
def test_a_member_of_the_committee_reads_the_paper_and_all_its_documents(
    client, committee, site_tree, exempt
):
    paper, documents = exempt
    client.force_login(member_of(committee, site_tree["people"], "alice"))

    assert status_codes(client, paper, documents) == [200, 200, 200, 200]


@pytest.mark.django_db
def test_a_member_of_another_committee_gets_404_like_the_public(
    client, committee, other_committee, site_tree, exempt
):
    paper, documents = exempt
    client.force_login(member_of(other_committee, site_tree["people"], "bob"))

    assert status_codes(client, paper, documents) == [404, 404, 404, 404]


@pytest.mark.django_db
def test_a_former_member_and_a_future_member_get_404(client, committee, site_tree, exempt):
    paper, documents = exempt
    today = timezone.localdate()
    former = member_of(
        committee,
        site_tree["people"],
        "carol",
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=1),
    )
    future = member_of(
        committee, site_tree["people"], "dan", start_date=today + datetime.timedelta(days=1)
    )
    current = member_of(
        committee,
        site_tree["people"],
        "erin",
        start_date=today - datetime.timedelta(days=30),
        end_date=today,
    )

    for user, expected in ((former, 404), (future, 404), (current, 200)):
        client.force_login(user)
        assert status_codes(client, paper, documents) == [expected] * 4, user.username


@pytest.mark.django_db
def test_a_member_without_a_person_page_gets_404(client, exempt):
    paper, documents = exempt
    client.force_login(user_in("member", "frank"))

    assert status_codes(client, paper, documents) == [404, 404, 404, 404]


@pytest.mark.django_db
def test_staff_read_everything_and_anonymous_visitors_nothing(client, exempt):
    paper, documents = exempt
    assert status_codes(client, paper, documents) == [404, 404, 404, 404]

    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    for user in [user_in(role) for role in STAFF_ROLES] + [superuser]:
        client.force_login(user)
        assert status_codes(client, paper, documents) == [200, 200, 200, 200], user.username


@pytest.mark.django_db
def test_an_exempt_appendix_of_a_public_paper_is_for_the_committee_only(
    client, committee, other_committee, site_tree
):
    paper = factories.PaperPageFactory(parent=site_tree["papers"], title="Estates strategy")
    withheld = document("valuations.pdf")
    paper.appendices.add(Appendix(title="Valuations", document=withheld, exempt=True))
    paper = publish(paper)
    meeting = factories.MeetingPageFactory(parent=committee)
    item = AgendaItem(number="5", title="Estates")
    item.papers = [paper]
    meeting.agenda_items.add(item)
    publish(meeting)

    assert client.get(paper.url).status_code == 200
    assert client.get(withheld.url).status_code == 404
    client.force_login(member_of(other_committee, site_tree["people"], "gina"))
    assert client.get(withheld.url).status_code == 404
    client.force_login(member_of(committee, site_tree["people"], "hugh"))
    assert client.get(withheld.url).status_code == 200


@pytest.mark.django_db
def test_an_exempt_paper_on_no_agenda_is_for_staff_only(client, committee, site_tree):
    paper = publish(
        factories.PaperPageFactory(
            parent=site_tree["papers"], exempt_paragraph=3, exempt_reason="Prices."
        )
    )
    client.force_login(member_of(committee, site_tree["people"], "ivan"))
    assert client.get(paper.url).status_code == 404
    client.force_login(user_in("moderator"))
    assert client.get(paper.url).status_code == 200


@pytest.mark.django_db
def test_create_user_links_the_person_and_refuses_bad_slugs(site_tree):
    person = factories.PersonPageFactory(parent=site_tree["people"], given_name="Jo")

    user = user_in("member", "jo", person=person.slug)

    assert PersonPage.objects.get(pk=person.pk).user == user
    with pytest.raises(CommandError, match="no person page with the slug 'nobody'"):
        call_command("create_user", "kim", role="member", person="nobody", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already linked to the user 'jo'"):
        call_command("create_user", "lee", role="member", person=person.slug, stdout=io.StringIO())
    assert not get_user_model().objects.filter(username__in=["kim", "lee"]).exists()


@pytest.mark.django_db
def test_publishing_a_revision_keeps_the_account_link(site_tree):
    person = publish(factories.PersonPageFactory(parent=site_tree["people"], given_name="Max"))
    old_revision = person.latest_revision
    user = user_in("member", "max", person=person.slug)

    old_revision.publish()  # a revision saved before the link was made

    assert PersonPage.objects.get(pk=person.pk).user == user
