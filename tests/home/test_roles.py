"""The five editorial roles, created by the data migration, and the create_user command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Workflow, WorkflowPage

from home import roles
from home.models import StandardPage
from tests.home.install import user_in


@pytest.fixture
def draft_page(home):
    page = StandardPage(title="About the panel", slug="about", live=False)
    home.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def live_page(home):
    page = StandardPage(title="Public questions", slug="questions")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_migration_creates_the_five_role_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLES.values()) <= names


@pytest.mark.django_db
def test_moderation_workflow_covers_the_whole_site_with_the_moderators_task():
    workflow = WorkflowPage.objects.get(page__depth=1).workflow
    assert workflow.name == roles.MODERATION_WORKFLOW
    tasks = [t.specific for t in workflow.tasks]
    assert [t.name for t in tasks] == [roles.MODERATION_TASK]
    assert list(tasks[0].groups.values_list("name", flat=True)) == [roles.MODERATORS]


@pytest.mark.django_db
def test_legal_workflow_puts_legal_review_before_moderation():
    workflow = Workflow.objects.get(name=roles.LEGAL_WORKFLOW)
    assert [t.name for t in workflow.tasks] == [roles.LEGAL_TASK, roles.MODERATION_TASK]


@pytest.mark.django_db
def test_setting_up_roles_twice_changes_nothing():
    before = Group.objects.count(), Workflow.objects.count()
    roles.setup_roles()
    roles.setup_workflows()
    assert (Group.objects.count(), Workflow.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(roles.ROLES))
def test_create_user_puts_the_user_in_the_role_group(role):
    user = user_in(role)
    assert list(user.groups.values_list("name", flat=True)) == [roles.ROLES[role]]
    assert user.check_password("pw-for-tests-only")
    assert not user.is_superuser


@pytest.mark.django_db
def test_create_user_without_password_leaves_it_unusable():
    call_command("create_user", "clerk", role="editor", stdout=io.StringIO())
    assert not get_user_model().objects.get(username="clerk").has_usable_password()


@pytest.mark.django_db
def test_create_user_refuses_an_unknown_role_and_a_taken_name():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("create_user", "x", role="chair", stdout=io.StringIO())
    user_in("editor", "sam")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_user", "sam", role="moderator", stdout=io.StringIO())


@pytest.mark.django_db
def test_editor_can_edit_but_not_publish_unpublish_or_delete_published(live_page, draft_page):
    editor = user_in("editor")
    live = live_page.permissions_for_user(editor)
    assert live.can_edit()
    assert not live.can_publish()
    assert not live.can_unpublish()
    assert not live.can_delete()
    assert not live.can_set_view_restrictions()
    assert draft_page.permissions_for_user(editor).can_submit_for_moderation()
    assert not editor.has_perm("auth.change_user")
    assert editor.has_perm("wagtailadmin.access_admin")
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    assert policy_registry.get_by_type(get_document_model()).user_has_permission(editor, "add")
    assert policy_registry.get_by_type(get_image_model()).user_has_permission(editor, "add")


@pytest.mark.django_db
def test_moderator_can_publish_and_unpublish(live_page):
    moderator = user_in("moderator")
    perms = live_page.permissions_for_user(moderator)
    assert perms.can_publish() and perms.can_unpublish()
    assert not moderator.has_perm("auth.change_user")


@pytest.mark.django_db
def test_panel_member_cannot_enter_the_admin_or_edit(live_page):
    member = user_in("member")
    assert not member.has_perm("wagtailadmin.access_admin")
    assert not live_page.permissions_for_user(member).can_edit()


@pytest.mark.django_db
def test_site_administrator_manages_users_and_settings_but_is_not_superuser():
    admin = user_in("admin")
    assert admin.has_perm("auth.change_user") and admin.has_perm("auth.add_group")
    assert admin.has_perm("home.change_sitesettings")
    assert not admin.is_superuser


@pytest.mark.django_db
def test_editor_crafted_publish_saves_a_draft_only(client, draft_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(user_in("editor"))
    revisions_before = draft_page.revisions.count()
    data = nested_form_data(
        {
            "title": "About the panel (edited)",
            "slug": "about",
            "introduction": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{draft_page.pk}/edit/", data)
    assert response.status_code == 302
    draft_page.refresh_from_db()
    assert draft_page.revisions.count() == revisions_before + 1  # the form was valid
    assert not draft_page.live
    assert not Page.objects.live().filter(pk=draft_page.pk).exists()


@pytest.mark.django_db
def test_editor_crafted_unpublish_and_delete_are_refused(client, live_page):
    client.force_login(user_in("editor"))
    unpublish = client.post(f"/admin/pages/{live_page.pk}/unpublish/")
    delete = client.post(f"/admin/pages/{live_page.pk}/delete/")
    assert unpublish.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    live_page.refresh_from_db()
    assert live_page.live


@pytest.mark.django_db
def test_editor_crafted_approval_is_refused(client, draft_page):
    editor = user_in("editor")
    user_in("moderator")
    workflow_state = draft_page.get_workflow().start(draft_page, editor)
    task_state = workflow_state.current_task_state
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/workflow/action/{draft_page.pk}/approve/{task_state.pk}/",
        {"comment": "looks fine to me"},
    )
    assert response.status_code in (302, 403)
    task_state.refresh_from_db()
    draft_page.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert not draft_page.live


@pytest.mark.django_db
def test_editor_crafted_privacy_change_is_refused(client, live_page):
    client.force_login(user_in("editor"))
    client.post(f"/admin/pages/{live_page.pk}/privacy/", {"restriction_type": "login"})
    assert not live_page.get_view_restrictions().exists()
