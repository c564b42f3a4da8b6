"""Import committee documents (agenda reports and minutes) as draft pages.

Reading and parsing are pure and need no database: `sources` reads a file (text, or
PDF/DOCX/ODT through `meetings.extraction`), `text` normalises what converters leave
behind, and `agenda_report` and `minutes` turn text into dataclasses. `writer` puts
those into the page tree as drafts; `run` ties it together for the management command.
"""

from meetings.importers.agenda_report import (
    AgendaReport,
    looks_like_agenda_report,
    parse_agenda_report,
)
from meetings.importers.minutes import Minutes, looks_like_minutes, parse_minutes


class ImportFailed(Exception):
    """A file that cannot be imported, with a message for the person running the import."""


def parse_document(normalised: str) -> AgendaReport | Minutes:
    """Recognise the kind of document and parse it; ImportFailed when it is neither."""
    if not normalised.strip():
        raise ImportFailed("The file has no text.")
    if looks_like_minutes(normalised):
        parsed = parse_minutes(normalised)
    elif looks_like_agenda_report(normalised):
        parsed = parse_agenda_report(normalised)
    else:
        raise ImportFailed(
            'Not recognised as an agenda report (no "Agenda Item" or "Report of" in its '
            'heading) or as minutes (no "Minutes of a meeting of …" heading).'
        )
    if missing := parsed.missing():
        raise ImportFailed(
            f"Recognised as {parsed.kind}, but found no {' and no '.join(missing)}; "
            "nothing was imported."
        )
    return parsed
