"""The editorial roles and workflows, set up by a data migration and by `create_user`.

Wagtail's own migrations create the `Editors` and `Moderators` groups, page
permissions for both on the root page and a "Moderators approval" workflow on the
root. We build on them: editors draft and submit, moderators approve and publish,
legal reviewers approve anything touching exempt information, panel members read
exempt papers, site administrators manage users, groups and settings.

Every function takes an `apps` registry so that the data migration can run it with
historical models; at run time it defaults to the real one. All of it is idempotent.
"""

from django.apps import apps as global_apps

EDITORS = "Editors"
MODERATORS = "Moderators"
LEGAL_REVIEWERS = "Legal reviewers"
PANEL_MEMBERS = "Panel members"
SITE_ADMINISTRATORS = "Site administrators"

ROLES = {
    "editor": EDITORS,
    "moderator": MODERATORS,
    "legal": LEGAL_REVIEWERS,
    "member": PANEL_MEMBERS,
    "admin": SITE_ADMINISTRATORS,
}

# Staff read every exempt paper; a panel member only those of their own committees
# (meetings.exempt.may_read).
STAFF = [EDITORS, MODERATORS, LEGAL_REVIEWERS, SITE_ADMINISTRATORS]
# Who may read an exempt paper once signed in (the view restriction's groups).
EXEMPT_READERS = [PANEL_MEMBERS, *STAFF]
# Who may export the audit log.
AUDITORS = [MODERATORS, SITE_ADMINISTRATORS]

MODERATION_WORKFLOW = "Moderation"
MODERATION_TASK = "Moderators approval"
LEGAL_WORKFLOW = "Legal review and moderation"
LEGAL_TASK = "Legal review"

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")

# Page permissions granted on the root page (so they cover the whole public site).
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Collection permissions on the root collection, for documents and images.
_DOCUMENT = ("meetings", "committeedocument")
_IMAGE = ("wagtailimages", "image")
COLLECTION_PERMISSIONS = {
    EDITORS: [
        (*_DOCUMENT, "add_committeedocument"),
        (*_DOCUMENT, "change_committeedocument"),
        (*_DOCUMENT, "choose_committeedocument"),
        (*_IMAGE, "add_image"),
        (*_IMAGE, "change_image"),
        (*_IMAGE, "choose_image"),
    ],
    MODERATORS: [
        (*_DOCUMENT, "add_committeedocument"),
        (*_DOCUMENT, "change_committeedocument"),
        (*_DOCUMENT, "choose_committeedocument"),
        (*_DOCUMENT, "delete_committeedocument"),
        (*_IMAGE, "add_image"),
        (*_IMAGE, "change_image"),
        (*_IMAGE, "choose_image"),
        (*_IMAGE, "delete_image"),
    ],
}

_SNIPPETS = [("meetings", model) for model in ("organisation", "venue", "municipalyear")]

# Plain model permissions (snippets, users, settings).
MODEL_PERMISSIONS = {
    EDITORS: [ADMIN_ACCESS]
    + [
        (app, model, f"{action}_{model}")
        for app, model in _SNIPPETS
        for action in ("add", "change", "view")
    ],
    MODERATORS: [ADMIN_ACCESS]
    + [
        (app, model, f"{action}_{model}")
        for app, model in _SNIPPETS
        for action in ("add", "change", "view", "delete")
    ],
    LEGAL_REVIEWERS: [ADMIN_ACCESS],
    PANEL_MEMBERS: [],
    SITE_ADMINISTRATORS: [ADMIN_ACCESS]
    + [
        (app, model, f"{action}_{model}")
        for app, model in [
            ("auth", "user"),
            ("auth", "group"),
            ("wagtailcore", "site"),
            ("wagtailcore", "workflow"),
            ("wagtailcore", "task"),
            ("wagtailredirects", "redirect"),
            ("home", "sitesettings"),
        ]
        for action in ("add", "change", "delete")
    ],
}


def _permission(apps, app_label, model, codename):
    """Get or create a permission: in a fresh database the post-migrate signal that
    creates model permissions has not run yet when our migration does."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def setup_roles(apps=global_apps):
    """Create the five groups and give each its permissions."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES.values()}
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            permission = _permission(apps, "wagtailcore", "page", codename)
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root_page, permission=permission
            )
    for name, triples in COLLECTION_PERMISSIONS.items():
        for app_label, model, codename in triples:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name],
                collection=root_collection,
                permission=_permission(apps, app_label, model, codename),
            )
    for name, triples in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*(_permission(apps, *triple) for triple in triples))
    return groups


def _approval_task(apps, name, group):
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=name, content_type=content_type, active=True)
    task.groups.add(group)
    return task


def _workflow(apps, name, tasks):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    return workflow


def setup_workflows(apps=global_apps):
    """ "Moderation" on the whole site; "Legal review and moderation" for exempt matters.

    Wagtail's own "Moderators approval" workflow on the root page is renamed
    "Moderation" (so existing moderation history stays attached to it). The legal
    workflow is assigned to no page: MeetingPage and PaperPage choose it in
    `get_workflow()` when they touch exempt information (see meetings.exempt).
    """
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    moderators = Group.objects.get(name=MODERATORS)
    legal = Group.objects.get(name=LEGAL_REVIEWERS)
    moderation_task = _approval_task(apps, MODERATION_TASK, moderators)
    legal_task = _approval_task(apps, LEGAL_TASK, legal)

    Workflow.objects.filter(name=MODERATION_TASK).exclude(name=MODERATION_WORKFLOW).update(
        name=MODERATION_WORKFLOW
    )
    moderation = _workflow(apps, MODERATION_WORKFLOW, [moderation_task])
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": moderation})
    _workflow(apps, LEGAL_WORKFLOW, [legal_task, moderation_task])


def moderation_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).first()


def legal_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=LEGAL_WORKFLOW, active=True).first()


def in_groups(user, names):
    """True for a superuser or a member of any of the named groups."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=names).exists()
