"""Admin and serving hooks for the editorial workflow and the public gate."""

from django.http import Http404
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import PageViewRestriction

from home import views
from home.roles import AUDITORS, in_groups
from meetings import exempt
from meetings.exempt import RELEASED_ACTION, WITHHELD_ACTION


@hooks.register("before_serve_page", order=-1)
def hide_restricted_pages(page, request, serve_args, serve_kwargs):
    """A page restricted to signed-in users or groups is a 404 to anyone it excludes,
    rather than Wagtail's login redirect: an exempt paper's existence is not disclosed.
    An exempt paper also excludes panel members of other committees (meetings.exempt).
    Panel members sign in first (the "Sign in" link) and then follow links as usual."""
    restrictions = list(page.get_view_restrictions())
    for restriction in restrictions:
        if restriction.restriction_type in (
            PageViewRestriction.LOGIN,
            PageViewRestriction.GROUPS,
        ) and not restriction.accept_request(request):
            raise Http404
    if not exempt.may_read(request.user, page, restrictions):
        raise Http404


@hooks.register("before_serve_document", order=-1)
def serve_only_public_documents(document, request):
    """Anonymous visitors get only `CommitteeDocument.objects.visible_to_public()`; staff
    get every document, panel members also their own committees' papers' documents."""
    if not exempt.may_read_document(request.user, document):
        raise Http404


@hooks.register("register_log_actions")
def register_exempt_actions(actions):
    actions.register_action(WITHHELD_ACTION, "Withheld as exempt", "Withheld as exempt")
    actions.register_action(RELEASED_ACTION, "Released to the public", "Released to the public")


@hooks.register("register_admin_urls")
def audit_log_urls():
    return [
        path("audit-log/", views.audit_log_export, name="home_audit_log"),
        path("person-accounts/", views.person_accounts, name="home_person_accounts"),
    ]


class PersonAccountsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("auth.change_user")


@hooks.register("register_settings_menu_item")
def person_accounts_menu_item():
    return PersonAccountsMenuItem(
        "Panel member accounts", reverse("home_person_accounts"), icon_name="user", order=650
    )


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return in_groups(request.user, AUDITORS)


@hooks.register("register_reports_menu_item")
def audit_log_menu_item():
    return AuditMenuItem(
        "Audit log export (CSV)", reverse("home_audit_log"), icon_name="download", order=900
    )
