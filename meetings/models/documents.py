"""Committee documents (OParl File) with the text of each page, for page-level search hits."""

import contextlib

from django.db import models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.search import index


class CommitteeDocumentQuerySet(DocumentQuerySet):
    def visible_to_public(self):
        """Documents the public may download and find in search: the one gate for them.

        A document is public when a public page (live, under no view restriction: see
        home.visibility) uses it in a part the public sees:
        - as a non-exempt appendix of a paper, a paper's report file (OParl mainFile) or a
          minutes page's file (OParl resultsProtocol), read straight from those fields;
        - or through any other reference that Wagtail's ReferenceIndex records from the
          page: a link in rich text, a background paper, a document block. References
          from the withheld parts of a public page do not count: the summary of an exempt
          agenda item, the minute of an exempt item (the public sees only their number,
          title and paragraph). Wagtail updates the ReferenceIndex in a background task
          after each save, so a new link counts once the task worker has run.
        A draft, a private page or an exempt paper makes nothing public.

        Exempt wins: a document that is an exempt appendix anywhere, or the report file or
        an appendix of a paper withheld as exempt, is the exempt information itself, so it
        stays withheld even if a public page also links it. So is any document in a private
        collection (such as "Imported originals").
        """
        from home.visibility import public_pages

        return self.filter(used_by(public_pages(self.db), shown_only=True)).exclude(
            _private(self.db)
        )

    def public_among(self, pks):
        """The documents among `pks` that visible_to_public() gives, for a page of search
        results or a download (call it on the manager; see public_ids_among)."""
        return self.filter(pk__in=self.public_ids_among(pks))

    def public_ids_among(self, pks) -> set[int]:
        """The ids among `pks` of documents that visible_to_public() gives: the same gate,
        compiled once per restriction state (Django takes some 5 ms to compile its dozen
        nested subqueries) and, on PostgreSQL, run as a prepared statement (planning it
        takes 8 ms at 100,000 items, running it about 1 ms)."""
        pks = {int(pk) for pk in pks}
        return _public_gate(self.db).ids_among(pks) if pks else set()

    def used_under(self, page):
        """Documents that `page` or the pages below it use in any of the ways above (for
        re-indexing documents when a page's visibility changes)."""
        from wagtail.models import Page

        return self.filter(used_by(Page.objects.filter(path__startswith=page.path)))


class _Gate:
    """visible_to_public() for one restriction state, built once. On PostgreSQL it is also
    compiled once, taking the ids to check as one array parameter."""

    def __init__(self, using):
        from django.db import connections

        self.using = using  # connections are per thread: looked up on each use
        self.documents = CommitteeDocument.objects.using(using).visible_to_public()
        self.sql = None
        if connections[using].vendor == "postgresql":
            table = connections[using].ops.quote_name(CommitteeDocument._meta.db_table)
            among = RawSQL(f'{table}."id" = ANY(%s)', (_IDS,), BooleanField())
            ids = self.documents.filter(among).values_list("pk")
            self.sql, self.params = ids.query.get_compiler(using).as_sql()

    def ids_among(self, pks: set[int]) -> set[int]:
        from django.db import connections

        if self.sql is None:
            return set(self.documents.filter(pk__in=pks).values_list("pk", flat=True))
        params = [sorted(pks) if param is _IDS else param for param in self.params]
        with _server_bound_cursor(connections[self.using]) as cursor:
            cursor.execute(self.sql, params)
            return {row[0] for row in cursor.fetchall()}


_IDS = object()  # where the ids go among a compiled gate's parameters


@contextlib.contextmanager
def _server_bound_cursor(connection):
    """A cursor that binds parameters on the server, so that psycopg prepares a statement
    once it has run `prepare_threshold` times on the connection (see settings)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.validate_thread_sharing()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:  # as Django's own cursors: logged under DEBUG and in tests
        cursor = connection.make_debug_cursor(cursor)
    else:
        cursor = connection.make_cursor(cursor)
    with cursor:
        yield cursor


# The compiled gate per database and restriction state. Everything that
# visible_to_public() reads from the database while it is being built (rather than in
# the SQL it makes) is in the key: the view-restricted page and collection paths, and
# the content type ids.
_GATES: dict[tuple, _Gate] = {}


def _public_gate(using) -> _Gate:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from home.visibility import read_restrictions_once, view_restrictions

    with read_restrictions_once():  # the key and the gate see the same restrictions
        restrictions = view_restrictions(using)
        types = ContentType.objects.db_manager(using)
        state = (
            using,
            types.get_for_model(CommitteeDocument).pk,
            types.get_for_model(Page).pk,
            restrictions,
        )
        gate = _GATES.get(state)
        if gate is None:
            if len(_GATES) >= 16:
                _GATES.clear()
            gate = _GATES[state] = _Gate(using)
    return gate


# Each condition below is an EXISTS correlated to the document (and, inside, to the page),
# so checking one document or a page of search results costs a few index look-ups, not a
# scan of every public page and reference.


def _private(using):
    """Documents in a collection under a view restriction."""
    from home.visibility import under_any, view_restrictions

    return under_any(view_restrictions(using).collections, field="collection__path")


def _one_of(pages, outer_field):
    """`OuterRef(outer_field)` is the id of one of `pages` (a page queryset)."""
    return models.Exists(pages.filter(pk=models.OuterRef(outer_field)))


def _page_id(field):
    # ReferenceIndex keeps ids as text; rows are first narrowed to pages (base content
    # type Page), whose ids are integers, so the cast meets only digits.
    return Cast(models.OuterRef(field), models.IntegerField())


def used_by(pages, shown_only=False):
    """A condition on documents: used by one of `pages` (a page queryset) as an appendix,
    a report or minutes file, or any reference in the ReferenceIndex. With `shown_only`,
    only where the public sees the use (see visible_to_public), and never a document
    withheld as exempt."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    from meetings.models import AgendaItem, Appendix, MinuteItem, MinutesPage, PaperPage

    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(CommitteeDocument),
        to_object_id=Cast(models.OuterRef("pk"), models.CharField(max_length=255)),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).filter(models.Exists(pages.filter(pk=_page_id("object_id"))))
    appendices = Appendix.objects.filter(document=models.OuterRef("pk")).filter(
        _one_of(pages, "paper_id")
    )
    if shown_only:
        appendices = appendices.filter(exempt=False)
        content_path = Cast(models.OuterRef("content_path"), models.TextField())
        withheld_parts = [
            # "agenda_items.<id>." under a meeting, "items.<id>." under its minutes.
            AgendaItem.objects.filter(
                exempt_paragraph__isnull=False, meeting_id=_page_id("object_id")
            ).annotate(
                prefix=Concat(models.Value("agenda_items."), _as_text("pk"), models.Value(".")),
            ),
            MinuteItem.objects.filter(
                agenda_item__exempt_paragraph__isnull=False, minutes_id=_page_id("object_id")
            ).annotate(
                prefix=Concat(models.Value("items."), _as_text("pk"), models.Value(".")),
            ),
        ]
        for part in withheld_parts:
            references = references.exclude(
                models.Exists(
                    part.annotate(path=content_path).filter(path__startswith=models.F("prefix"))
                )
            )
    files = [
        model.objects.filter(document=models.OuterRef("pk")).filter(_one_of(pages, "pk"))
        for model in (PaperPage, MinutesPage)
    ]
    used = (
        models.Q(models.Exists(references))
        | models.Q(models.Exists(appendices))
        | models.Q(models.Exists(files[0]))
        | models.Q(models.Exists(files[1]))
    )
    return used & ~_withheld() if shown_only else used


def _withheld():
    """Exempt wins: exempt appendices, and the report files and appendices of exempt papers."""
    from meetings.exempt import exempt_restricted_pages
    from meetings.models import Appendix, PaperPage

    exempt_papers = exempt_restricted_pages()
    appendices = Appendix.objects.filter(document=models.OuterRef("pk")).filter(
        models.Q(exempt=True) | models.Q(paper_id__in=exempt_papers)
    )
    files = PaperPage.objects.filter(document=models.OuterRef("pk"), pk__in=exempt_papers)
    return models.Q(models.Exists(appendices)) | models.Q(models.Exists(files))


def _as_text(field):
    return Cast(field, output_field=models.CharField(max_length=255))


class CommitteeDocument(AbstractDocument):
    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    mime_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(max_length=10, default="en", blank=True)
    extraction_status = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING, editable=False
    )
    extraction_error = models.TextField(blank=True, editable=False)
    extracted_at = models.DateTimeField(null=True, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields + ("language",)

    objects = CommitteeDocumentQuerySet.as_manager()

    search_fields = AbstractDocument.search_fields + [
        index.RelatedFields("text_pages", [index.SearchField("text")]),
        index.FilterField("extraction_status"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"

    @property
    def text(self):
        return "\n\n".join(p.text for p in self.text_pages.all())


class DocumentPageText(models.Model):
    """The extracted text of one page of a document (a DOCX or ODT is one "page")."""

    document = models.ForeignKey(
        CommitteeDocument, on_delete=models.CASCADE, related_name="text_pages"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_text_per_page")
        ]

    def __str__(self):
        return f"{self.document} page {self.number}"
