"""Moderators export the audit log (Wagtail's page history) as CSV for a date range."""

import csv
import io

import pytest
from django.utils import timezone

from home.models import StandardPage
from tests.home.install import user_in


@pytest.fixture
def history(home):
    editor, moderator = user_in("editor"), user_in("moderator")
    page = StandardPage(title="Annual report 2024", slug="annual", live=False, owner=editor)
    home.add_child(instance=page)
    page.save_revision(user=editor, log_action=True)
    state = page.get_workflow().start(page, editor)
    state.current_task_state.task.specific.on_action(
        state.current_task_state, moderator, "reject", comment="Add the figures."
    )
    page.save_revision(user=editor)
    state.refresh_from_db()
    state.resume(user=editor)
    state.refresh_from_db()
    state.current_task_state.task.specific.on_action(
        state.current_task_state, moderator, "approve", comment=""
    )
    return page, moderator, editor


def export(client, **params):
    return client.get("/admin/audit-log/", params)


def test_moderator_downloads_who_submitted_and_who_approved(client, history):
    page, moderator, editor = history
    client.force_login(moderator)
    today = timezone.localdate().isoformat()
    response = export(client, start=today, end=today)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    actions = [(r["action"], r["user"]) for r in rows if r["page_id"] == str(page.pk)]
    assert ("wagtail.workflow.start", "editor") in actions
    assert ("wagtail.workflow.reject", "moderator") in actions
    assert ("wagtail.workflow.approve", "moderator") in actions
    assert ("wagtail.publish", "moderator") in actions
    rejected = next(r for r in rows if r["action"] == "wagtail.workflow.reject")
    assert rejected["comment"] == "Add the figures."
    assert all(r["revision_id"] for r in rows if r["action"] == "wagtail.publish")


def test_a_range_before_the_events_exports_only_the_header(client, history):
    client.force_login(history[1])
    response = export(client, start="2020-01-01", end="2020-12-31")
    assert response.content.decode().strip().splitlines() == [
        "timestamp,action,description,page_id,page_title,page_path,revision_id,user,"
        "user_email,comment"
    ]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "2024-02-01", "end": "2024-01-01"}, "must not be before"),
        ({"start": "2024-13-01", "end": "2024-01-01"}, "Enter a valid date"),
        ({"start": "2000-01-01", "end": "2024-01-01"}, "at most six years"),
    ],
)
def test_bad_ranges_get_a_clear_message(client, history, params, message):
    client.force_login(history[1])
    response = export(client, **params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_editors_cannot_export_the_audit_log(client, history):
    client.force_login(history[2])
    response = export(client, start="2024-01-01", end="2024-01-02")
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("text/csv")
