"""What each kind of searchable thing is, for the index (facets) and for the result list."""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

TYPE_LABELS = {
    "paper": "Paper",
    "document": "Document",
    "meeting": "Meeting",
    "minutes": "Minutes",
    "committee": "Committee",
    "person": "Person",
    "page": "Page",
}

_PAGE_TYPES = {
    "MeetingPage": "meeting",
    "MinutesPage": "minutes",
    "PaperPage": "paper",
    "CommitteePage": "committee",
    "PersonPage": "person",
}


@dataclass
class IndexFacts:
    type: str
    committees: list[str] = field(default_factory=list)
    date: datetime.date | None = None
    public: bool | None = None  # only documents: pages are gated when a search runs
    pages: list[tuple[int, str]] = field(default_factory=list)


def type_of(obj) -> str:
    from meetings.models import CommitteeDocument

    if isinstance(obj, CommitteeDocument):
        return "document"
    return _PAGE_TYPES.get(type(obj).__name__, "page")


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _meeting_facts(meeting) -> tuple[list[str], datetime.date | None]:
    return [meeting.get_parent().slug], _day(meeting.start)


def _paper_facts(paper) -> tuple[list[str], datetime.date | None]:
    committees = []
    for item in paper.agenda_items.select_related("meeting"):
        slug = item.meeting.get_parent().slug
        if slug not in committees:
            committees.append(slug)
    return committees, paper.date


# Facts worked out in bulk for a chunk of documents being indexed (see prefetched_facts).
_PREFETCHED: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "quorum_prefetched_facts", default=None
)


@contextlib.contextmanager
def prefetched_facts(model, items):
    """Work out the index facts of many documents in a handful of queries, not ~8 each."""
    from meetings.models import CommitteeDocument

    if not (isinstance(model, type) and issubclass(model, CommitteeDocument)) or not items:
        yield
        return
    token = _PREFETCHED.set(_describe_documents([item.pk for item in items]))
    try:
        yield
    finally:
        _PREFETCHED.reset(token)


def _describe_documents(pks: list[int]) -> dict[int, IndexFacts]:
    from wagtail.models import Page

    from meetings.models import AgendaItem, Appendix, CommitteeDocument, DocumentPageText

    public = set(
        CommitteeDocument.objects.visible_to_public()
        .filter(pk__in=pks)
        .values_list("pk", flat=True)
    )
    uses = list(
        Appendix.objects.filter(document_id__in=pks).values_list(
            "document_id", "paper_id", "paper__date"
        )
    )
    meeting_paths = AgendaItem.objects.filter(
        papers__in={paper for _, paper, _ in uses}
    ).values_list("papers", "meeting__path")
    steplen = Page.steplen
    slugs = dict(
        Page.objects.filter(path__in={path[:-steplen] for _, path in meeting_paths}).values_list(
            "path", "slug"
        )
    )
    paper_committees: dict[int, list[str]] = {}
    for paper, path in meeting_paths:
        slug = slugs.get(path[:-steplen])
        if slug and slug not in paper_committees.setdefault(paper, []):
            paper_committees[paper].append(slug)
    facts = {pk: IndexFacts(type="document", public=pk in public) for pk in pks}
    for document, paper, date in uses:
        fact = facts[document]
        fact.committees += [c for c in paper_committees.get(paper, []) if c not in fact.committees]
        fact.date = min(fact.date, date) if fact.date and date else (fact.date or date)
    for document, number, text in DocumentPageText.objects.filter(document_id__in=pks).values_list(
        "document_id", "number", "text"
    ):
        facts[document].pages.append((number, text))
    return facts


def describe_for_index(obj) -> IndexFacts:
    from meetings.models import CommitteeDocument, PaperPage

    kind = type_of(obj)
    prefetched = _PREFETCHED.get()
    if prefetched is not None and kind == "document" and obj.pk in prefetched:
        return prefetched[obj.pk]
    if kind == "document":
        papers = PaperPage.objects.filter(appendices__document=obj).distinct()
        committees: list[str] = []
        dates = []
        for paper in papers:
            paper_committees, paper_date = _paper_facts(paper)
            committees += [c for c in paper_committees if c not in committees]
            dates.append(paper_date)
        return IndexFacts(
            type=kind,
            committees=committees,
            date=min(dates) if dates else None,
            public=CommitteeDocument.objects.visible_to_public().filter(pk=obj.pk).exists(),
            pages=list(obj.text_pages.values_list("number", "text")),
        )
    if kind == "meeting":
        committees, date = _meeting_facts(obj)
    elif kind == "minutes":
        committees, date = _meeting_facts(obj.get_parent().specific)
    elif kind == "paper":
        committees, date = _paper_facts(obj)
    elif kind == "committee":
        committees, date = [obj.slug], None
    else:
        committees, date = [], None
    return IndexFacts(type=kind, committees=committees, date=date)
