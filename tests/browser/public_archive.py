"""A small public archive for the browser tests, with one real PDF appendix to download."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from home.models import HomePage, StandardPage
from meetings.demo.pdf import make_pdf
from meetings.models import Appendix, CommitteeDocument, Membership
from tests import factories
from tests.home.install import ensure_fresh_install
from tests.meetings import public_site as build


def _half_past_one(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(13, 30), tzinfo=build.LONDON)


def ensure_home():
    """The home page, rebuilt with the rest of a fresh install if a flush removed it."""
    if not HomePage.objects.exists():
        ensure_fresh_install()
    return factories.home_page()


def public_archive():
    home = ensure_home()
    tree = {
        "committees": factories.CommitteeIndexPageFactory(parent=home),
        "papers": factories.PaperIndexPageFactory(parent=home),
        "people": factories.PersonIndexPageFactory(parent=home),
    }
    committee = factories.CommitteePageFactory(
        parent=tree["committees"],
        title="Police and Crime Panel",
        slug="panel",
        purpose="<p>The Panel scrutinises the Commissioner.</p>",
        forward_plan="<p>Annual report in July.</p>",
    )
    chair = build.member(committee, tree["people"], "Vida", Membership.Role.CHAIR)
    member = build.member(committee, tree["people"], "Ned", Membership.Role.MEMBER)
    paper = build.paper(tree["papers"], title="Proposed police precept", appendices=0)
    document = CommitteeDocument(title="Budget tables")
    document.file.save(
        "budget-tables.pdf", ContentFile(make_pdf(["Budget tables page one"], "Budget")), False
    )
    document.save()
    paper.appendices.add(Appendix(title="Budget tables", document=document))
    paper.save_revision().publish()
    held = build.meeting(
        committee,
        _half_past_one(days=-30),
        items=[("Apologies", [], {}), ("Proposed police precept", [paper], {})],
        title="Police and Crime Panel, last month",
    )
    minutes = build.minutes(held, present=[chair], apologies=[member], resolved="Agreed.")
    upcoming = build.meeting(
        committee,
        _half_past_one(days=14),
        items=[("Apologies", [], {}), ("Annual report", [], {})],
        title="Police and Crime Panel, next meeting",
    )
    statement = home.add_child(
        instance=StandardPage(
            title="Accessibility statement",
            slug="accessibility",
            introduction="How accessible this website is, and how to report a problem.",
        )
    )
    return {
        **tree,
        "home": home,
        "committee": committee,
        "chair": chair,
        "paper": paper,
        "document": document,
        "held": held,
        "minutes": minutes,
        "upcoming": upcoming,
        "statement": statement,
    }


def page_of_each_type(archive):
    """One URL for every public page type."""
    return {
        "home": "/",
        "committee index": archive["committees"].url,
        "committee": archive["committee"].url,
        "meetings calendar": "/meetings/",
        "meeting": archive["held"].url,
        "agenda item": archive["held"].url + "items/item-2/",
        "paper index": archive["papers"].url,
        "paper": archive["paper"].url,
        "minutes": archive["minutes"].url,
        "person index": archive["people"].url,
        "person": archive["chair"].url,
        "standard page": archive["statement"].url,
        "search": "/search/?q=precept",
    }
