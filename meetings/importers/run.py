"""Import a batch of files: read and parse them all, then write each in its own transaction.

Writing goes in meeting-date order, agenda reports before minutes, so that minutes which
agree earlier minutes find them when both are in the batch. A file that fails leaves
nothing behind (its transaction rolls back and any stored file is removed); an interrupted
run leaves whole files only, and running it again updates them.
"""

import logging
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction

from meetings.importers import AgendaReport, ImportFailed, parse_document
from meetings.importers.outcome import Outcome, describe
from meetings.importers.sources import read_source
from meetings.importers.writer import write

logger = logging.getLogger(__name__)


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the files directly in it, in name order."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    return files


def import_documents(paths: list[Path]) -> Iterator[Outcome]:
    """Yield one Outcome per file: failures to read or parse first, then each write."""
    parsed = []
    for order, path in enumerate(paths):
        outcome = Outcome(path=path)
        try:
            source = read_source(path)
            document = parse_document(source.text)
        except ImportFailed as error:
            outcome.error = str(error)
            yield outcome
            continue
        outcome.kind = document.kind
        outcome.fields = describe(document)
        outcome.to_check.extend(document.to_check)
        is_minutes = not isinstance(document, AgendaReport)
        parsed.append(((document.meeting_date, is_minutes, order), outcome, source, document))
    for _, outcome, source, document in sorted(parsed, key=lambda entry: entry[0]):
        _write_one(outcome, source, document)
        yield outcome


def _write_one(outcome: Outcome, source, document) -> None:
    try:
        with transaction.atomic():
            write(document, source, outcome)
    except BaseException as error:
        _discard(outcome)  # the transaction rolled back; the stored file goes too
        if not isinstance(error, Exception):
            raise  # Ctrl-C: this file is undone, the files before it stay imported
        outcome.error = _message(error, outcome)


def _message(error: Exception, outcome: Outcome) -> str:
    if isinstance(error, ImportFailed):
        return str(error)
    if isinstance(error, ValidationError):
        return "Could not save: " + "; ".join(error.messages)
    logger.exception("Importing %s failed", outcome.path)
    return f"Could not save: {type(error).__name__}: {error}"


def _discard(outcome: Outcome) -> None:
    for name in outcome.stored_files:
        default_storage.delete(name)
    outcome.created.clear()
    outcome.updated.clear()
    outcome.unchanged.clear()
    outcome.people_created.clear()
    outcome.document = ""
