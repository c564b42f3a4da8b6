"""A minimal PDF writer for generated documents (agenda packs, demo archive, tests).

It writes text pages in Helvetica with the standard 14-font metrics left to the
reader, which is all that text extraction and a browser need.
"""

import zlib


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(paragraph: str, width: int = 90) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


LINES_PER_PAGE = 52


def paginate(text: str) -> list[str]:
    """Split text (paragraphs separated by blank lines) into pages that make_pdf fits."""
    pages, lines = [], []
    for paragraph in text.split("\n\n"):
        lines.extend([*_wrap(paragraph), ""])
        while len(lines) >= LINES_PER_PAGE:
            pages.append("\n".join(lines[:LINES_PER_PAGE]))
            lines = lines[LINES_PER_PAGE:]
    if any(lines):
        pages.append("\n".join(lines))
    return pages or [""]


def layout(text: str) -> list[str]:
    """The lines of one page as make_pdf prints them (a blank line after each paragraph)."""
    lines = []
    for paragraph in text.split("\n\n"):
        # A paginated page is already wrapped: keep its lines as they are.
        lines.extend(_wrap(paragraph) if "\n" not in paragraph else paragraph.split("\n"))
        lines.append("")
    return lines[:LINES_PER_PAGE]


def page_text(text: str) -> str:
    """The text a PDF reader extracts from the page make_pdf prints for `text`: its
    lines, without the blank ones (what meetings.extraction stores for the page)."""
    return "\n".join(line.rstrip() for line in layout(text) if line.strip())


def make_pdf(pages: list[str], title: str = "") -> bytes:
    """Return a PDF with one page per string; paragraphs are separated by blank lines."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1
    add(b"")  # placeholder for the page tree, written below
    kids = []
    for text in pages:
        lines = layout(text)
        ops = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
        for line in lines[:LINES_PER_PAGE]:
            encoded = _escape(line).encode("cp1252", errors="replace").decode("latin-1")
            ops.append(f"({encoded}) Tj T*")
        ops.append("ET")
        stream = zlib.compress("\n".join(ops).encode("latin-1"))
        content = add(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    info = add(b"<< /Title (%s) >>" % _escape(title).encode("latin-1", errors="replace"))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
