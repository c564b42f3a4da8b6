from django import forms
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from meetings.extraction import MIME_TYPES, sniff_mime_type


class CommitteeDocumentForm(BaseDocumentForm):
    """Accept PDF, DOCX and ODT by content, not just by name, with a clear message."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):
            return uploaded  # editing the title only: the stored file stays
        suffix = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
        expected = MIME_TYPES.get(suffix)
        actual = _sniff_upload(uploaded)
        if expected is None or actual != expected:
            raise forms.ValidationError(
                "Upload a PDF, Word (.docx) or OpenDocument (.odt) file. This file's "
                "content does not match its name, or it is another kind of file."
            )
        # A replaced file must be read again.
        if self.instance.pk:
            self.instance.extraction_status = self.instance.Extraction.PENDING
        return uploaded


def _sniff_upload(uploaded) -> str:
    import tempfile
    from pathlib import Path

    if hasattr(uploaded, "temporary_file_path"):
        return sniff_mime_type(Path(uploaded.temporary_file_path()))
    with tempfile.NamedTemporaryFile() as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
        handle.flush()
        uploaded.seek(0)
        return sniff_mime_type(Path(handle.name))
