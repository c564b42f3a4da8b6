"""Committee documents (OParl File) with the text of each page, for page-level search hits."""

from django.db import models
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

        return self.filter(used_by(public_pages(), shown_only=True)).exclude(_private())

    def public_among(self, pks):
        """The documents among `pks` that visible_to_public() gives, for a page of search
        results or a download (call it on the manager). The gate is the same; building
        it is not cheap (Django resolves a dozen nested subqueries, some 10 ms), so it is
        built once per restriction state and reused."""
        return _public_gate(self.db).filter(pk__in=pks)

    def used_under(self, page):
        """Documents that `page` or the pages below it use in any of the ways above (for
        re-indexing documents when a page's visibility changes)."""
        from wagtail.models import Page

        return self.filter(used_by(Page.objects.filter(path__startswith=page.path)))


# The built gate per database and restriction state. Everything that visible_to_public()
# reads from the database while it is being built (rather than in the SQL it makes) is
# in the key: the view-restricted page and collection paths, and the content type ids.
_GATES: dict[tuple, models.QuerySet] = {}


def _restriction_state(using):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

    types = ContentType.objects.db_manager(using)
    pages = PageViewRestriction.objects.using(using).order_by("page__path")
    collections = CollectionViewRestriction.objects.using(using).order_by("collection__path")
    return (
        using,
        types.get_for_model(CommitteeDocument).pk,
        types.get_for_model(Page).pk,
        tuple(pages.values_list("page__path", flat=True)),
        tuple(collections.values_list("collection__path", flat=True)),
    )


def _public_gate(using):
    state = _restriction_state(using)
    gate = _GATES.get(state)
    if gate is None:
        gate = CommitteeDocument.objects.using(using).visible_to_public()
        if _restriction_state(using) == state:  # not changed while it was being built
            if len(_GATES) >= 16:
                _GATES.clear()
            _GATES[state] = gate
    return gate


# Each condition below is an EXISTS correlated to the document (and, inside, to the page),
# so checking one document or a page of search results costs a few index look-ups, not a
# scan of every public page and reference.


def _private():
    from wagtail.models import CollectionViewRestriction

    private = models.Q(pk__in=[])
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        private |= models.Q(collection__path__startswith=path)
    return private


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
