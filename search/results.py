"""What each kind of searchable thing is, for the index (facets) and for the result list."""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags

TYPE_LABELS = {
    "paper": "Paper",
    "item": "Agenda item",
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
    public: bool | None = None  # documents, agenda items: pages are gated when a search runs
    pages: list[tuple[int, str]] = field(default_factory=list)
    text: str = ""  # searchable text beyond the object's own fields (an item's minutes)


def type_of(obj) -> str:
    from meetings.models import AgendaItem, CommitteeDocument

    if isinstance(obj, CommitteeDocument):
        return "document"
    if isinstance(obj, AgendaItem):
        return "item"
    return _PAGE_TYPES.get(type(obj).__name__, "page")


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def minutes_text(item) -> str:
    """The published minutes of a public agenda item: what was said and resolved."""
    from meetings.models import MinuteItem

    if item.is_exempt:
        return ""
    texts = []
    for minute in MinuteItem.objects.published().filter(agenda_item=item):
        texts += _minute_texts(minute)
    return "\n".join(text for text in texts if text)


def _minute_texts(minute) -> list[str]:
    """A minute's title, narrative and resolutions, as plain text."""
    texts = [minute.title, _plain(minute.narrative)]
    for block in minute.resolutions.get_prep_value():
        out: list[str] = []
        strings_in(block.get("value"), out)
        texts += [_plain(text) for text in out]
    return texts


def strings_in(value, out: list[str]):
    """Append every non-blank string found in nested dicts, lists and tuples."""
    if isinstance(value, str):
        if value.strip():
            out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            strings_in(item, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            strings_in(item, out)


def _item_facts(item) -> IndexFacts:
    from meetings.models import MeetingPage

    meeting = item.meeting
    committees, date = _meeting_facts(meeting)
    return IndexFacts(
        type="item",
        committees=committees,
        date=date,
        public=MeetingPage.objects.visible_to_public().filter(pk=item.meeting_id).exists(),
        text=minutes_text(item),
    )


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
    token = _PREFETCHED.set(_describe_documents(items))
    try:
        yield
    finally:
        _PREFETCHED.reset(token)


def _describe_documents(items) -> dict[int, IndexFacts]:
    from wagtail.models import Page

    from meetings.models import AgendaItem, Appendix, CommitteeDocument, DocumentPageText

    pks = [item.pk for item in items]
    public = CommitteeDocument.objects.public_ids_among(pks)
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
    prefetched = [i for i in items if "text_pages" in getattr(i, "_prefetched_objects_cache", {})]
    for item in prefetched:  # already fetched for Wagtail's own fields
        facts[item.pk].pages = [(page.number, page.text) for page in item.text_pages.all()]
    done = {item.pk for item in prefetched}
    rest = [pk for pk in pks if pk not in done]
    for document, number, text in DocumentPageText.objects.filter(document_id__in=rest).values_list(
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
            public=bool(CommitteeDocument.objects.public_ids_among([obj.pk])),
            pages=list(obj.text_pages.values_list("number", "text")),
        )
    if kind == "item":
        return _item_facts(obj)
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


# The same facts for many objects of one model in a handful of queries (indexing in bulk).


def describe_many(model, objects) -> dict[int, IndexFacts]:
    """{pk: facts} as describe_for_index() gives them one by one, for agenda items,
    documents, meetings, minutes, papers and committees; {} for other models, whose facts
    need no queries."""
    from meetings.models import (
        AgendaItem,
        CommitteeDocument,
        CommitteePage,
        MeetingPage,
        MinutesPage,
        PaperPage,
    )

    objects = list(objects)
    if not objects or not isinstance(model, type):
        return {}
    if issubclass(model, CommitteeDocument):
        return _describe_documents(objects)
    if issubclass(model, AgendaItem):
        return _describe_items(objects)
    if issubclass(model, MeetingPage):
        slugs = _parent_slugs([meeting.path for meeting in objects])
        return {
            meeting.pk: IndexFacts(
                type="meeting", committees=_listed(slugs, meeting.path), date=_day(meeting.start)
            )
            for meeting in objects
        }
    if issubclass(model, MinutesPage):
        return _describe_minutes(objects)
    if issubclass(model, PaperPage):
        return _describe_papers(objects)
    if issubclass(model, CommitteePage):
        return {c.pk: IndexFacts(type="committee", committees=[c.slug]) for c in objects}
    return {}


def _parent_path(path: str) -> str:
    from wagtail.models import Page

    return path[: -Page.steplen]


def _parent_slugs(paths) -> dict[str, str]:
    """{child path: its parent's slug}."""
    from wagtail.models import Page

    parents = dict(
        Page.objects.filter(path__in={_parent_path(path) for path in paths}).values_list(
            "path", "slug"
        )
    )
    return {path: parents[_parent_path(path)] for path in paths if _parent_path(path) in parents}


def _listed(slugs: dict[str, str], path: str) -> list[str]:
    return [slugs[path]] if path in slugs else []


def _describe_items(items) -> dict[int, IndexFacts]:
    from django.db.models import prefetch_related_objects

    from meetings.models import MeetingPage, MinuteItem

    prefetch_related_objects(items, "meeting")
    meetings = {item.meeting_id: item.meeting for item in items}
    slugs = _parent_slugs([meeting.path for meeting in meetings.values()])
    public = set(
        MeetingPage.objects.visible_to_public()
        .filter(pk__in=list(meetings))
        .values_list("pk", flat=True)
    )
    public_items = [item.pk for item in items if not item.is_exempt]
    texts: dict[int, list[str]] = {}
    for minute in MinuteItem.objects.published().filter(agenda_item__in=public_items):
        texts.setdefault(minute.agenda_item_id, []).extend(_minute_texts(minute))
    return {
        item.pk: IndexFacts(
            type="item",
            committees=_listed(slugs, item.meeting.path),
            date=_day(item.meeting.start),
            public=item.meeting_id in public,
            text="\n".join(text for text in texts.get(item.pk, []) if text),
        )
        for item in items
    }


def _describe_minutes(minutes) -> dict[int, IndexFacts]:
    from meetings.models import MeetingPage

    meetings = {
        meeting.path: meeting
        for meeting in MeetingPage.objects.filter(
            path__in={_parent_path(page.path) for page in minutes}
        ).only("path", "start")
    }
    slugs = _parent_slugs(list(meetings))
    facts = {}
    for page in minutes:
        meeting = meetings.get(_parent_path(page.path))
        facts[page.pk] = IndexFacts(
            type="minutes",
            committees=_listed(slugs, meeting.path) if meeting else [],
            date=_day(meeting.start) if meeting else None,
        )
    return facts


def _describe_papers(papers) -> dict[int, IndexFacts]:
    from meetings.models import AgendaItem

    uses = list(
        AgendaItem.objects.filter(papers__in=[paper.pk for paper in papers])
        .order_by("papers", "sort_order", "pk")  # as paper.agenda_items lists them
        .values_list("papers", "meeting__path")
    )
    slugs = _parent_slugs({path for _, path in uses})
    committees: dict[int, list[str]] = {}
    for paper, path in uses:
        slug = slugs.get(path)
        if slug and slug not in committees.setdefault(paper, []):
            committees[paper].append(slug)
    return {
        paper.pk: IndexFacts(type="paper", committees=committees.get(paper.pk, []), date=paper.date)
        for paper in papers
    }
