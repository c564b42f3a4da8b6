"""The editorial workflow in a real browser: nothing reaches the public unapproved.

An editor creates a report with a PDF appendix and a meeting whose agenda lists it, and
submits both; a moderator rejects the meeting with a comment; the editor reads the
comment, amends and resubmits; the moderator approves; only then does an anonymous
visitor see the meeting, its report and the appendix.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import TaskState

from meetings.demo.pdf import make_pdf
from meetings.models import CommitteeDocument, MeetingPage, PaperPage
from tests.home.install import ensure_fresh_install

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-long-browser-test-password"
COMMENT = "Please give the venue of the meeting in the title."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    # Autosave posts the form every half second; its requests would race the clicks.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def installed(transactional_db):
    ensure_fresh_install()


@pytest.fixture
def people(installed):
    for role in ("editor", "moderator"):
        call_command(
            "create_user",
            role,
            role=role,
            email=f"{role}@example.org",
            password=PASSWORD,
            stdout=io.StringIO(),
        )


@pytest.fixture
def contexts(browser):
    opened = []
    yield opened
    for context in opened:
        context.close()


def sign_in(browser, live_server, contexts, username):
    context = browser.new_context(base_url=live_server.url)
    contexts.append(context)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    expect(tab).to_have_url(re.compile(r"/admin/$"))
    return tab


def set_slug(tab, slug):
    tab.get_by_role("tab", name="Promote").click()
    tab.fill("#id_slug", slug)
    tab.get_by_role("tab", name="Content").click()


def press(tab, name):
    """Press a footer action button, which may sit folded in the action menu."""
    with tab.expect_navigation():
        tab.locator(f"button[name='{name}']").evaluate("button => button.click()")


def upload_appendix(tab):
    """The editor uploads the PDF through the documents screen, as they would."""
    path = "/tmp/quorum-appendix.pdf"
    with open(path, "wb") as f:
        f.write(make_pdf(["Appendix A: budget figures for 2025/26"]))
    tab.goto("/admin/documents/add/")
    tab.fill("#id_title", "Budget figures")
    tab.set_input_files("#id_file", path)
    tab.click("main form button[type=submit]")
    tab.wait_for_load_state()
    return CommitteeDocument.objects.get(title="Budget figures")


def create_paper(tab, papers_index, document):
    tab.goto(f"/admin/pages/add/meetings/paperpage/{papers_index.pk}/")
    tab.fill("#id_title", "Precept proposal 2025/26")
    set_slug(tab, "precept-2025")
    tab.fill("#id_date", "03/02/2025")
    tab.fill("#id_summary", "The Commissioner proposes the precept.")
    tab.click("#id_appendices-ADD")
    tab.fill("#id_appendices-0-title", "Budget figures")
    tab.locator("#id_appendices-0-document-chooser [data-chooser-action-choose]").click()
    tab.locator(".modal-content").get_by_role("link", name="Budget figures").click()
    expect(tab.locator(".modal-content")).to_be_hidden()
    press(tab, "action-submit")
    return PaperPage.objects.get(title="Precept proposal 2025/26")


def create_meeting(tab, committee, paper):
    tab.goto(f"/admin/pages/add/meetings/meetingpage/{committee.pk}/")
    tab.fill("#id_title", "Panel meeting, 3 February 2025")
    set_slug(tab, "2025-02-03")
    tab.fill("#id_start", "03/02/2025 13:30")
    tab.keyboard.press("Escape")
    tab.click("#id_agenda_items-ADD")
    tab.fill("#id_agenda_items-0-number", "5")
    tab.fill("#id_agenda_items-0-title", "Proposed precept 2025/26")
    # The papers picker finds the paper (a draft, still in moderation) as the editor types.
    tab.fill("#id_agenda_items-0-papers", "precept pro")
    tab.locator(".c-wagtailautocomplete__suggestions__item", has_text=paper.title).click()
    expect(tab.locator(".c-wagtailautocomplete__selection", has_text=paper.title)).to_be_visible()
    press(tab, "action-submit")
    return MeetingPage.objects.get(title="Panel meeting, 3 February 2025")


def test_editor_submits_moderator_rejects_then_approves_and_only_then_public_sees_it(
    installed, browser, live_server, committee, site_tree, people, contexts
):
    editor = sign_in(browser, live_server, contexts, "editor")
    document = upload_appendix(editor)
    paper = create_paper(editor, site_tree["papers"], document)
    meeting = create_meeting(editor, committee, paper)
    assert meeting.workflow_in_progress and paper.workflow_in_progress

    contexts.append(browser.new_context(base_url=live_server.url))
    public = contexts[-1].new_page()
    meeting_url = meeting.url_path.removeprefix("/home")
    assert public.goto(meeting_url).status == 404
    assert public.goto(document.url).status == 404

    moderator = sign_in(browser, live_server, contexts, "moderator")
    moderator.goto(f"/admin/pages/{meeting.pk}/edit/")
    moderator.locator('[data-workflow-action-name="reject"]').first.evaluate("b => b.click()")
    moderator.locator(".modal-content textarea").fill(COMMENT)
    with moderator.expect_navigation():
        moderator.locator(".modal-content button[type=submit]").click()
    rejected = TaskState.objects.filter(workflow_state__object_id=str(meeting.pk)).get()
    assert (rejected.status, rejected.comment) == (TaskState.STATUS_REJECTED, COMMENT)

    editor.goto(f"/admin/pages/{meeting.pk}/edit/")
    editor.locator('[data-side-panel-toggle="status"]').click()
    expect(editor.get_by_text("Changes requested").first).to_be_visible()
    editor.get_by_text("View details").first.click()  # the workflow history
    expect(editor.get_by_text(COMMENT).first).to_be_visible()
    editor.goto(f"/admin/pages/{meeting.pk}/edit/")
    editor.fill("#id_title", "Panel meeting, 3 February 2025, Shire Hall")
    press(editor, "action-submit")
    assert public.goto(meeting_url).status == 404

    for page_id in (paper.pk, meeting.pk):
        moderator.goto(f"/admin/pages/{page_id}/edit/")
        approve = '[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
        with moderator.expect_navigation():
            moderator.locator(approve).first.evaluate("button => button.click()")
    assert MeetingPage.objects.visible_to_public().filter(pk=meeting.pk).exists()

    response = public.goto(meeting_url)
    assert response.status == 200
    expect(public.locator("h1")).to_have_text("Panel meeting, 3 February 2025, Shire Hall")
    public.get_by_role("link", name="Precept proposal 2025/26").click()
    appendix = public.get_by_role("link", name=re.compile("Budget figures"))
    assert public.request.get(appendix.get_attribute("href")).status == 200
