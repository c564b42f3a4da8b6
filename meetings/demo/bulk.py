"""The demo archive's bulk mode: the same meetings, papers, documents and minutes as the
normal mode, written as rows in batches instead of one `add_child` and revision each.

Wagtail keeps its page tree as treebeard materialised paths: each level adds a step of
four base-36 characters (`Page.steplen`, `Page.alphabet`), `depth` is the number of
steps and `numchild` counts the children. The writer places each new page itself (the
next free step under its parent), sets `url_path` through the page's own
`set_url_path` (meetings add their "meetings/" segment), inserts the `wagtailcore_page`
rows of a batch in one statement per level, then each page type's own table, then the
related rows (agenda items and their papers, appendices, documents and their page text,
attendance, minute items) with `bulk_create`, and finally raises the parents' `numchild`.

Each batch (up to BATCH_MEETINGS meetings of one committee) is one transaction, so an
interrupted run leaves a valid tree, and a second run skips the meetings already there
and writes the rest. Every meeting draws its own random generator from the archive's
seed in date order, whether it is written or skipped, so a resumed archive is the same
as one built in one go.
"""

import hashlib
import os
import random
import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Collection, Page, ReferenceIndex

from meetings import models
from meetings.demo.pdf import make_pdf, page_text

BATCH_MEETINGS = 25
# Translation keys are derived from the URL path, so a rebuilt archive has the same ones.
TRANSLATION_NAMESPACE = uuid.UUID("0b6c5a4e-6d1f-4a57-9d54-2f1c6a3e7b10")


class BulkWriter:
    def __init__(self, archive):
        self.archive = archive
        self.now = timezone.now()
        self.collection_id = Collection.get_first_root_node().id
        self.next_step = {}
        self._paper_slugs = None

    def paper_exists(self, slug):
        """Whether a paper with this slug is under the papers index (one query per run)."""
        if self._paper_slugs is None:
            self._paper_slugs = set(
                children_of(models.PaperPage.objects, self.archive.papers).values_list(
                    "slug", flat=True
                )
            )
        return slug in self._paper_slugs

    # Committees and meetings ---------------------------------------------------------

    def committees(self):
        """The panel and its task groups; the missing task groups are written in one batch."""
        archive = self.archive
        wanted = [archive.sub_committee_fields(n) for n in range(2, archive.committee_count + 1)]
        found = {
            page.slug: page
            for page in children_of(models.CommitteePage.objects, archive.committees).filter(
                slug__in=[fields["slug"] for fields in wanted]
            )
        }
        missing = [fields for fields in wanted if fields["slug"] not in found]
        if missing:
            with self.batch() as batch:
                for fields in missing:
                    page = models.CommitteePage(**fields)
                    batch.add_page(archive.committees, page)
                    found[page.slug] = page
            archive.counts.add("CommitteePage", len(missing))
        archive.progress.advance(len(wanted), created=len(missing))
        return [archive.panel] + [found[fields["slug"]] for fields in wanted]

    def meetings(self, committee):
        archive = self.archive
        dates = archive.meeting_dates()
        # One draw per meeting in date order, written or not (see the module docstring).
        draws = [archive.random.random() for _ in dates]
        previous = None
        for first in range(0, len(dates), BATCH_MEETINGS):
            numbered = list(enumerate(dates))[first : first + BATCH_MEETINGS]
            previous = self._meeting_batch(committee, numbered, draws, previous)

    def _meeting_batch(self, committee, numbered, draws, previous):
        """Write the meetings of `numbered` [(number, start)] that are not there yet.
        `previous` is the meeting before the first of them (a page, or None)."""
        archive = self.archive
        slugs = [start.date().isoformat() for _, start in numbered]
        existing = {
            page.slug: page
            for page in children_of(models.MeetingPage.objects, committee)
            .filter(slug__in=slugs)
            .only("id", "path", "depth", "slug", "url_path")
        }
        if previous is None and numbered[0][0] > 0:
            previous = (
                children_of(models.MeetingPage.objects, committee)
                .filter(start__lt=numbered[0][1])
                .order_by("-start")
                .first()
            )
        items = 0
        created_before = archive.counts.items
        with self.batch() as batch:
            previous_minutes = None  # the unsaved minutes of `previous`, if in this batch
            for (number, start), slug in zip(numbered, slugs, strict=True):
                items += archive.meeting_items(start)
                if slug in existing:
                    previous, previous_minutes = existing[slug], None
                    continue
                rng = random.Random(f"{draws[number]}-{committee.slug}-{slug}")
                reports = archive._reports_for(committee, start, rng, batch.paper)
                meeting, agenda = archive._make_meeting(committee, start, number, reports)
                batch.add_page(committee, meeting)
                meeting.agenda_items.add(*agenda)  # in memory, for the reference index
                batch.add_agenda(meeting, agenda, reports)
                archive.counts.add("MeetingPage")
                archive.counts.add("AgendaItem", len(agenda))
                minutes = None
                if start.date() < archive.today:
                    minutes, attendance, minute_items = archive._make_minutes(meeting, agenda, rng)
                    batch.add_page(meeting, minutes)
                    minutes.attendance.add(*attendance)
                    minutes.items.add(*minute_items)
                    batch.rows[models.Attendance] += [(minutes, row) for row in attendance]
                    batch.rows[models.MinuteItem] += [(minutes, row) for row in minute_items]
                    archive.counts.add("MinutesPage")
                    # These minutes approve those of the meeting before, as in normal mode.
                    if previous_minutes is not None:
                        previous_minutes.status = models.MinutesPage.Status.APPROVED
                        previous_minutes.approved_at = meeting
                    elif previous is not None:
                        batch.approvals.append((previous, meeting))
                previous, previous_minutes = meeting, minutes
        archive.progress.advance(items, created=archive.counts.items - created_before)
        return previous

    # Batches -------------------------------------------------------------------------

    def batch(self):
        return Batch(self)

    def place(self, parent, page):
        """Give `page` the next free treebeard path under `parent`, its depth and url_path."""
        step = self.next_step.get(parent.path)
        if step is None:
            last = (
                children_of(Page.objects, parent)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.next_step[parent.path] = step + 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.set_url_path(parent)
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid5(TRANSLATION_NAMESPACE, page.url_path)
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = self.now


class Batch:
    """The rows of one transaction, written in dependency order when the block ends."""

    def __init__(self, writer):
        self.writer = writer
        self.archive = writer.archive
        self.pages = []
        self.new_pages = set()  # ids of the unsaved page objects in this batch
        self.child_counts = defaultdict(int)  # saved parent page pk -> new children
        self.rows = defaultdict(list)  # model -> [(parent object, row)]
        self.consultations = []  # (agenda item, paper)
        self.documents = []  # (paper, document, [page text])
        self.approvals = []  # (earlier meeting in the database, meeting approving it)
        self.papers_by_slug = {}

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            try:
                self.write()
            except BaseException as error:
                self.writer.next_step.clear()  # the paths handed out are rolled back
                self.atomic.__exit__(type(error), error, error.__traceback__)
                raise
        else:
            self.writer.next_step.clear()
        return self.atomic.__exit__(kind, value, traceback)

    # Collecting --------------------------------------------------------------------

    def add_page(self, parent, page):
        self.writer.place(parent, page)
        parent.numchild += 1
        if id(parent) not in self.new_pages:
            self.child_counts[parent.pk] += 1
        self.new_pages.add(id(page))
        self.pages.append(page)

    def paper(self, committee, start, spec, words, rng):
        """The paper for one report of a meeting: found, or made with its appendix."""
        archive = self.archive
        title, slug = archive.paper_title_and_slug(committee, start, spec, words)
        if slug in self.papers_by_slug:
            return self.papers_by_slug[slug]
        if self.writer.paper_exists(slug):
            return children_of(models.PaperPage.objects, archive.papers).get(slug=slug)
        paper, appendix_title, pages = archive._make_paper(start, spec, words, rng, title, slug)
        self.add_page(archive.papers, paper)
        self.papers_by_slug[slug] = paper
        document = models.CommitteeDocument(
            title=appendix_title,
            collection_id=self.writer.collection_id,
            extraction_status=models.CommitteeDocument.Extraction.DONE,
            extracted_at=self.writer.now,
            page_count=len(pages),
            mime_type="application/pdf",
            language="en",
        )
        self.documents.append((paper, document, pages))
        paper.appendices.add(models.Appendix(title=appendix_title, document=document, sort_order=0))
        archive.counts.add("PaperPage")
        archive.counts.add("CommitteeDocument")
        return paper

    def add_agenda(self, meeting, agenda, reports):
        self.rows[models.AgendaItem] += [(meeting, item) for item in agenda]
        self.consultations += list(zip(agenda[4:], reports, strict=False))

    # Writing -----------------------------------------------------------------------

    def write(self):
        insert_pages(self.pages)
        if self.writer._paper_slugs is not None:
            self.writer._paper_slugs.update(self.papers_by_slug)
        documents = [
            self._store(paper, document, pages) for paper, document, pages in self.documents
        ]
        models.CommitteeDocument.objects.bulk_create(documents)
        models.DocumentPageText.objects.bulk_create(
            models.DocumentPageText(document=document, number=number, text=page_text(text))
            for (_, document, pages) in self.documents
            for number, text in enumerate(pages, start=1)
        )
        appendices = []
        for paper, _, _ in self.documents:
            for appendix in paper.appendices.all():
                appendix.paper = paper  # bulk_create takes the new ids of paper and document
                appendices.append(appendix)
        models.Appendix.objects.bulk_create(appendices)
        for model in (models.AgendaItem, models.Attendance, models.MinuteItem):
            rows = []
            for parent, row in self.rows[model]:
                setattr(row, _parental_key(model).name, parent)
                rows.append(row)
            model.objects.bulk_create(rows)
        through = models.AgendaItem.papers.through
        through.objects.bulk_create(
            through(agendaitem_id=item.pk, paperpage_id=paper.pk)
            for item, paper in self.consultations
        )
        for earlier, meeting in self.approvals:
            children_of(models.MinutesPage.objects, earlier).filter(
                status=models.MinutesPage.Status.DRAFT
            ).update(status=models.MinutesPage.Status.APPROVED, approved_at=meeting)
        for pk, n in self.child_counts.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + n)
        index_references([*self.pages, *(document for _, document, _ in self.documents)])

    def _store(self, paper, document, pages):
        """Write the appendix's PDF under a name fixed by its paper (a re-run after an
        interruption overwrites the same file) and fill in its size and checksums."""
        data = make_pdf(pages, document.title)
        digest = hashlib.sha1(paper.slug.encode()).hexdigest()[:8]
        name = f"documents/demo/{paper.slug[:60]}-{digest}.pdf"
        document.file.name = write_file(name, data)
        document.file_size = document.size = len(data)
        document.file_hash = hashlib.sha1(data).hexdigest()
        document.sha256 = hashlib.sha256(data).hexdigest()
        return document


def insert_pages(pages):
    """Insert new pages (placed, with path and depth) level by level: the shared
    `wagtailcore_page` rows in one statement per chunk, then each page type's own table.
    Django's bulk_create refuses multi-table inheritance, so this does the same two steps
    through the queryset's insert, with every column the models declare."""
    by_depth = defaultdict(list)
    for page in pages:
        by_depth[page.depth].append(page)
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    for depth in sorted(by_depth):
        level = by_depth[depth]
        for page in level:
            # Takes the ids of related objects saved since they were assigned.
            page._prepare_related_fields_for_save(operation_name="bulk_create")
        for chunk in _chunks(level, page_fields):
            rows = Page._base_manager.using(connection.alias)._insert(
                chunk,
                fields=page_fields,
                returning_fields=Page._meta.db_returning_fields,
                using=connection.alias,
            )
            for page, row in zip(chunk, rows, strict=True):
                page.id = row[0]
        by_model = defaultdict(list)
        for page in level:
            by_model[type(page)].append(page)
        for model, objs in by_model.items():
            # Each concrete ancestor's table between Page and the model, then its own.
            for table in [*reversed(model._meta.get_parent_list()), model]:
                if table is Page:
                    continue
                link = table._meta.pk
                for page in objs:
                    setattr(page, link.attname, page.id)
                fields = table._meta.local_concrete_fields
                for chunk in _chunks(objs, fields):
                    table._base_manager.using(connection.alias)._insert(
                        chunk, fields=fields, using=connection.alias
                    )
            for page in objs:
                page._state.adding = False
                page._state.db = connection.alias


def children_of(queryset, parent):
    """`queryset.child_of(parent)` as a range of paths, which an index serves on SQLite
    too (a LIKE 'prefix%' there scans the whole table, and the table grows with the run)."""
    first = Page._get_path(parent.path, parent.depth + 1, 0)
    last = parent.path + Page.alphabet[-1] * Page.steplen
    return queryset.filter(path__range=(first, last), depth=parent.depth + 1)


def index_references(objects):
    """Wagtail's reference index rows for new objects (what `rebuild_references_index`
    would write for them), from the objects in memory: their foreign keys, the references
    in their StreamFields and rich text, and those of their child rows (agenda items,
    appendices, attendance, minute items), which must be in the objects' clusters."""
    rows = []
    for obj in objects:
        if not ReferenceIndex.is_indexed(type(obj)):
            continue
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        base_content_type = ReferenceIndex._get_base_content_type(obj)
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=obj.pk,
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


def write_file(name, data):
    """Write `data` to the default storage under exactly `name`, replacing what is there."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # a remote storage
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(data))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(data)
    return name


def _chunks(objs, fields):
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    return [objs[i : i + size] for i in range(0, len(objs), size)]


def _parental_key(model):
    from modelcluster.fields import ParentalKey

    return next(f for f in model._meta.concrete_fields if isinstance(f, ParentalKey))
