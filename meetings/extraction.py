"""Text extraction from committee documents, bounded in time and memory.

Parsing runs in a child process with an address-space limit and a timeout, so a
hostile or broken file (encrypted, broken cross-references, thousands of pages, a
compression bomb, not a PDF at all) fails that one document and nothing else.
Run as `python -m meetings.extraction PATH` it prints {"pages": [...]} as JSON.
"""

import json
import resource
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

MAX_PAGES = 2_000
MAX_SECONDS = 60
MAX_MEMORY = 768 * 1024 * 1024
MAX_XML_BYTES = 50 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
MIME_TYPES = {".pdf": PDF, ".docx": DOCX, ".odt": ODT}


class ExtractionError(Exception):
    pass


@dataclass
class Extracted:
    pages: list[str]


def sniff_mime_type(path: Path) -> str:
    """The type by content, not by name: a PDF starts %PDF; DOCX and ODT are zip files."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return DOCX
                if "content.xml" in names and b"opendocument.text" in archive.read("mimetype"):
                    return ODT
        except (zipfile.BadZipFile, KeyError):
            pass
    return ""


def extract(path: Path, timeout: float = MAX_SECONDS) -> Extracted:
    """Extract per-page text in a bounded child process."""
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "meetings.extraction", str(path)],
            capture_output=True,
            timeout=timeout,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ExtractionError(f"Gave up after {timeout:.0f} seconds.") from error
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip().splitlines()
        reason = message[-1] if message else f"exit code {completed.returncode}"
        if completed.returncode < 0 or "MemoryError" in reason:
            reason = "The document needs more memory than allowed to read."
        raise ExtractionError(reason[:500])
    return Extracted(pages=json.loads(completed.stdout)["pages"])


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        raise ExtractionError("The PDF is encrypted.")
    if len(reader.pages) > MAX_PAGES:
        raise ExtractionError(f"The PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}.")
    return [_tidy(page.extract_text() or "") for page in reader.pages]


def _zipped_xml_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_XML_BYTES:
            raise ExtractionError("The document's text is larger than allowed.")
        root = ElementTree.fromstring(archive.read(member))
    return _tidy("\n".join(_paragraph_text(p) for p in root.iter() if _local(p.tag) in {"p", "h"}))


def _paragraph_text(paragraph) -> str:
    """A Word or OpenDocument paragraph's text, with its tabs and line breaks kept as
    white space (headings like "PANEL<tab>Agenda Item 8" must not run together)."""
    parts = []

    def walk(element):
        tag = _local(element.tag)
        if tag == "tab":
            parts.append("\t")
        elif tag in {"br", "cr", "line-break"}:
            parts.append("\n")
        elif tag == "s":  # OpenDocument's run of spaces
            parts.append(" " * int(element.get(_ODF_COUNT, "1") or 1))
        elif element.text and tag != "instrText":
            parts.append(element.text)
        for child in element:
            if _local(child.tag) not in {"p", "h"}:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(paragraph)
    return "".join(parts)


_ODF_COUNT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\x00", "").splitlines()).strip()


def _main(argv: list[str]) -> int:
    path = Path(argv[1])
    mime_type = sniff_mime_type(path)
    if mime_type == PDF:
        pages = _pdf_pages(path)
    elif mime_type == DOCX:
        pages = [_zipped_xml_text(path, "word/document.xml")]
    elif mime_type == ODT:
        pages = [_zipped_xml_text(path, "content.xml")]
    else:
        raise ExtractionError("Not a PDF, DOCX or ODT file.")
    json.dump({"pages": pages}, sys.stdout)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_main(sys.argv))
    except ExtractionError as error:
        print(f"ExtractionError: {error}", file=sys.stderr)
        sys.exit(2)
