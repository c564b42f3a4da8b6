"""Committee documents (OParl File) with the text of each page, for page-level search hits."""

from django.db import models
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.search import index


class CommitteeDocumentQuerySet(DocumentQuerySet):
    def visible_to_public(self):
        """Documents attached, as a non-exempt appendix, to at least one public paper, and
        not in a private collection."""
        from wagtail.models import CollectionViewRestriction

        from home.visibility import public_pages
        from meetings.models import Appendix

        private = models.Q(pk__in=[])
        for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
            private |= models.Q(collection__path__startswith=path)
        return (
            self.filter(
                appendix_uses__exempt=False,
                appendix_uses__paper__in=public_pages().values("pk"),
            )
            .exclude(private)
            # An exempt appendix withholds its document even if a public paper also uses it.
            .exclude(pk__in=Appendix.objects.filter(exempt=True).values("document"))
            .distinct()
        )


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
