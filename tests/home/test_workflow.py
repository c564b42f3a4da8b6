"""Moderation by e-mail: moderators hear of submissions, authors of the decision."""

import pytest
from django.core import mail

from home import roles
from home.models import StandardPage
from tests import factories
from tests.home.install import user_in


@pytest.fixture
def people(db):
    return {role: user_in(role) for role in ("editor", "moderator", "legal")}


@pytest.fixture
def submitted(home, people):
    page = StandardPage(
        title="How to ask a question", slug="questions", live=False, owner=people["editor"]
    )
    home.add_child(instance=page)
    page.save_revision(user=people["editor"])
    mail.outbox.clear()
    workflow_state = page.get_workflow().start(page, people["editor"])
    return page, workflow_state


def recipients():
    return {address for message in mail.outbox for address in message.to}


def test_moderators_are_emailed_when_a_page_is_submitted(submitted):
    assert recipients() == {"moderator@example.org"}
    assert "How to ask a question" in mail.outbox[0].subject + mail.outbox[0].body


def test_author_is_emailed_the_rejection_comment_and_sees_it_in_the_admin(
    client, submitted, people
):
    page, workflow_state = submitted
    mail.outbox.clear()
    workflow_state.current_task_state.task.specific.on_action(
        workflow_state.current_task_state,
        people["moderator"],
        "reject",
        comment="Please add the deadline for questions.",
    )
    assert recipients() == {"editor@example.org"}
    assert "Please add the deadline for questions." in mail.outbox[0].body
    page.refresh_from_db()
    assert not page.live
    client.force_login(people["editor"])
    edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Please add the deadline for questions." in edit


def test_author_is_emailed_on_approval_and_the_page_goes_live(submitted, people):
    page, workflow_state = submitted
    mail.outbox.clear()
    workflow_state.current_task_state.task.specific.on_action(
        workflow_state.current_task_state, people["moderator"], "approve", comment="Thanks."
    )
    page.refresh_from_db()
    assert page.live
    assert "editor@example.org" in recipients()


def test_exempt_paper_goes_to_legal_review_before_moderation(site_tree, people):
    paper = factories.PaperPageFactory(
        parent=site_tree["papers"],
        live=False,
        exempt_paragraph=3,
        exempt_reason="Prices.",
        owner=people["editor"],
    )
    paper.save_revision(user=people["editor"])
    mail.outbox.clear()
    workflow_state = paper.get_workflow().start(paper, people["editor"])
    assert workflow_state.workflow.name == roles.LEGAL_WORKFLOW
    assert recipients() == {"legal@example.org"}
    mail.outbox.clear()
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, people["legal"], "approve", comment="")
    workflow_state.refresh_from_db()
    assert workflow_state.current_task_state.task.name == roles.MODERATION_TASK
    assert "moderator@example.org" in recipients()
