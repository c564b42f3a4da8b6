"""Read a file to import: text as it is, PDF, DOCX and ODT through the bounded extractor."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from meetings.extraction import (
    DOCX,
    MIME_TYPES,
    ODT,
    PDF,
    ExtractionError,
    extract,
    sniff_mime_type,
)
from meetings.importers import ImportFailed
from meetings.importers.text import normalise, without_page_furniture

TEXT_SUFFIXES = {"", ".txt", ".text", ".md", ".markdown", ".htm", ".html"}
MAX_TEXT_BYTES = 20 * 1024 * 1024
TEXT = "text/plain"


@dataclass
class Source:
    """A file read for import. Its bytes are not kept (a batch may be large): `read()`
    reads them again to store the original, and checks they have not changed."""

    path: Path
    sha256: str
    mime_type: str
    text: str  # normalised
    page_count: int | None = None

    def read(self) -> bytes:
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ImportFailed("The file changed while it was being imported; run it again.")
        return data

    @property
    def is_original_format(self) -> bool:
        """A PDF, DOCX or ODT: the kind of file Quorum keeps as a document."""
        return self.mime_type in (PDF, DOCX, ODT)


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise ImportFailed("No such file.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(f"Could not read the file: {error.strerror or error}.") from error
    if not data.strip():
        raise ImportFailed("The file is empty.")
    mime_type = sniff_mime_type(path)
    suffix = path.suffix.lower()
    if mime_type:
        try:
            pages = extract(path).pages
        except ExtractionError as error:
            raise ImportFailed(f"Could not read the {suffix or 'file'}: {error}") from error
        text = normalise(without_page_furniture("\n".join(pages)))
        if not text:
            raise ImportFailed("The document has no text layer (a scan needs OCR first).")
        return Source(path, _sha256(data), mime_type, text, page_count=len(pages))
    if suffix in MIME_TYPES:
        raise ImportFailed(f"The file is named {suffix} but its content is not a {suffix} file.")
    if suffix not in TEXT_SUFFIXES:
        raise ImportFailed(f"Cannot import {suffix} files: use text, PDF, DOCX or ODT.")
    if len(data) > MAX_TEXT_BYTES or b"\x00" in data[:8192]:
        raise ImportFailed("The file does not look like text.")
    return Source(path, _sha256(data), TEXT, normalise(_decode(data)))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes) -> str:
    """UTF-8 if it is; otherwise Windows-1252, what older council systems export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
