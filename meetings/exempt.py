"""Schedule 12A to the Local Government Act 1972: the seven descriptions of exempt information."""

import functools
import operator

from django.db import models


class ExemptParagraph(models.IntegerChoices):
    INDIVIDUAL = 1, "1. Information relating to any individual"
    IDENTITY = 2, "2. Information likely to reveal the identity of an individual"
    FINANCIAL = 3, "3. Financial or business affairs of any particular person"
    LABOUR_RELATIONS = 4, "4. Consultations or negotiations on labour relations"
    LEGAL_PRIVILEGE = 5, "5. Legal professional privilege"
    NOTICES_ORDERS = 6, "6. Proposed notices, orders or directions"
    CRIME = 7, "7. Prevention, investigation or prosecution of crime"


# Enforcement. An exempt paper (its own flag, or a paper of an exempt agenda item, in
# the live version or in any pending draft) carries a view restriction to the groups
# in home.roles.EXEMPT_READERS, so every query through `visible_to_public()` (live and
# `.public()`) leaves it out: listings, search, sitemap, feeds and document serving.
# The restriction goes only when neither the live state nor any pending draft makes
# the paper exempt, and its going is logged as a public "released" event.

RELEASED_ACTION = "quorum.exempt_released"
WITHHELD_ACTION = "quorum.exempt_withheld"


def _exempt_restrictions(page):
    return _panel_restrictions().filter(page=page)


def _panel_restrictions():
    from wagtail.models import PageViewRestriction

    from home.roles import PANEL_MEMBERS

    return PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.GROUPS, groups__name=PANEL_MEMBERS
    )


def exempt_restricted_pages():
    """The ids of the pages withheld as exempt (restricted to the exempt readers)."""
    return _panel_restrictions().values("page")


def _exempt_paper_ids_in(meeting):
    """Papers of the exempt agenda items of an (unsaved, in-memory) meeting version."""
    return {
        paper.pk
        for item in meeting.agenda_items.all()
        if item.exempt_paragraph is not None
        for paper in item.papers.all()
    }


def paper_is_exempt(paper):
    """True if the paper is exempt in its saved state, in its latest draft, or as a paper
    of an exempt agenda item of a saved meeting or of a meeting's pending draft."""
    from meetings.models import AgendaItem, MeetingPage

    if paper.exempt_paragraph is not None:
        return True
    pending = paper.latest_revision if paper.has_unpublished_changes else None
    if pending is not None and pending.as_object().exempt_paragraph is not None:
        return True
    if AgendaItem.objects.filter(papers=paper, exempt_paragraph__isnull=False).exists():
        return True
    drafts = MeetingPage.objects.filter(has_unpublished_changes=True, latest_revision__isnull=False)
    return any(
        paper.pk in _exempt_paper_ids_in(meeting.latest_revision.as_object()) for meeting in drafts
    )


def withhold(paper):
    """Restrict the paper to exempt readers (idempotent)."""
    from django.contrib.auth.models import Group
    from wagtail.log_actions import log
    from wagtail.models import PageViewRestriction

    from home.roles import EXEMPT_READERS

    if _exempt_restrictions(paper).exists():
        return False
    restriction = PageViewRestriction.objects.create(
        page=paper, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name__in=EXEMPT_READERS))
    log(instance=paper, action=WITHHELD_ACTION)
    return True


def release(paper):
    """Lift the exempt restriction; the release is a public event in the page's history."""
    from wagtail.log_actions import log

    from home.changes import record_release

    restrictions = _exempt_restrictions(paper)
    if not restrictions.exists():
        return False
    for restriction in restrictions:
        restriction.delete()
    log(instance=paper, action=RELEASED_ACTION)
    record_release(paper, "Released: this paper was exempt information and is now public.")
    return True


def sync_paper(paper):
    return withhold(paper) if paper_is_exempt(paper) else release(paper)


def sync_meeting(meeting, version=None):
    """Withhold the papers of the meeting's exempt items (in `version`, a draft, or the
    saved meeting) and reconsider every paper that is withheld now."""
    from meetings.models import PaperPage

    exempt_ids = _exempt_paper_ids_in(version or meeting)
    for paper in PaperPage.objects.filter(pk__in=exempt_ids):
        withhold(paper)
    if version is not None:
        return
    for paper in PaperPage.objects.filter(pk__in=exempt_restricted_pages()):
        sync_paper(paper)


def touches_exempt_information(page):
    """Whether a meeting or paper version (as edited, in memory) makes or releases an
    exemption, so that it needs the monitoring officer's legal review."""
    from meetings.models import AgendaItem, MeetingPage

    if isinstance(page, MeetingPage):
        if any(item.exempt_paragraph is not None for item in page.agenda_items.all()):
            return True
        return (
            bool(page.pk)
            and AgendaItem.objects.filter(
                meeting_id=page.pk, exempt_paragraph__isnull=False
            ).exists()
        )
    if page.exempt_paragraph is not None:
        return True
    return bool(page.pk) and paper_is_exempt(page)


def workflow_for(page, default):
    """Wagtail gives a page one workflow (its nearest ancestor's); exempt matters swap
    "Moderation" for "Legal review and moderation", whose first task is legal review."""
    from home.roles import legal_workflow

    if default is None or not touches_exempt_information(page):
        return default
    return legal_workflow() or default


# Who may read what is withheld. The issue: "Signed-in panel members of that committee
# (and staff) can read them." Staff (editors, moderators, legal reviewers, site
# administrators, superusers) read every exempt paper. A panel member reads an exempt
# paper only while their person page (PersonPage.user) holds a current membership of a
# committee the paper belongs to. Papers live under /papers/, not under a committee, so
# a paper belongs to the committees whose meetings have it on their agenda (as saved):
# that is where it was put before members. A paper on no agenda belongs to no committee
# and only staff read it; membership of a parent committee does not open a task group's
# papers (the task group's own members are its members). Anyone else gets a 404, the
# same as an anonymous visitor, so a paper's existence is not disclosed.
# Page serving and document serving both ask `may_read` / `may_read_document` (the
# before_serve_page and before_serve_document hooks in home/wagtail_hooks.py).


def is_staff(user):
    from home.roles import STAFF, in_groups

    return in_groups(user, STAFF)


def _is_exempt_restricted(restrictions):
    from home.roles import PANEL_MEMBERS

    return any(
        restriction.restriction_type == restriction.GROUPS
        and any(group.name == PANEL_MEMBERS for group in restriction.groups.all())
        for restriction in restrictions
    )


def committees_of(paper_ids):
    """Paths of the committees whose meetings have these papers on their agenda."""
    from wagtail.models import Page

    from meetings.models import AgendaItem

    meeting_paths = AgendaItem.objects.filter(papers__in=paper_ids).values_list(
        "meeting__path", flat=True
    )
    return {path[: -Page.steplen] for path in meeting_paths}


def member_committee_paths(user, on=None):
    """Paths of the committees the user's person currently sits on."""
    from meetings.models import Membership

    if not user.is_authenticated or not user.is_active:
        return set()
    current = Membership.objects.current(on).filter(person__user=user)
    return set(current.values_list("committee__path", flat=True))


def may_read(user, page, restrictions=None):
    """Whether `user` may read `page`, as far as exemption goes: anything not withheld as
    exempt is left to the page's own view restrictions (checked by Wagtail). Pass the
    page's view restrictions if they are at hand, to save a query."""
    from meetings.models import PaperPage

    if restrictions is None:
        restrictions = page.get_view_restrictions()
    if not _is_exempt_restricted(restrictions) or is_staff(user):
        return True
    if not isinstance(page, PaperPage):
        return False  # only papers are withheld as exempt; anything else stays with staff
    return bool(member_committee_paths(user) & committees_of([page.pk]))


def committee_papers(user):
    """Live papers on the agendas of the committees `user` currently sits on: a panel
    member reads them whole, exempt appendices included."""
    from wagtail.models import Page

    from meetings.models import AgendaItem, PaperPage

    paths = member_committee_paths(user)
    if not paths:
        return PaperPage.objects.none()
    steplen = Page.steplen
    meetings = functools.reduce(
        operator.or_,
        (
            models.Q(meeting__path__startswith=path, meeting__depth=len(path) // steplen + 1)
            for path in paths
        ),
    )
    items = AgendaItem.objects.filter(meetings).values("papers")
    return PaperPage.objects.live().filter(pk__in=items)


def may_read_document(user, document):
    """Whether `user` may download `document`: the public's documents for everyone; every
    document for staff; for a panel member, also those used by their committees' papers
    (report files, appendices exempt or not, links), exempt papers included."""
    from meetings.models.documents import CommitteeDocument, used_by

    if is_staff(user):
        return True
    if CommitteeDocument.objects.public_ids_among([document.pk]):
        return True
    documents = CommitteeDocument.objects.filter(pk=document.pk)
    return documents.filter(used_by(committee_papers(user))).exists()
