"""Public change notes: a correction after publication carries a short note, written by
the editor in the page's "Change note" field and approved with the rest of the change."""

from django.db import models

HELP = "After publication only: a short public note of what was corrected."


def change_note_field():
    return models.CharField("change note", max_length=255, blank=True, help_text=HELP)


def record_change_note(page, revision):
    """On publication, turn the page's change note into a public ChangeNote, once.

    The first publication is not a change; a note carried over unchanged into a later
    revision is not recorded again.
    """
    from home.models import ChangeNote

    note = (getattr(page, "change_note", "") or "").strip()
    if not note or page.first_published_at is None:
        return None
    if revision is not None and page.first_published_at >= revision.created_at:
        return None  # the first publication
    latest = ChangeNote.objects.filter(page=page, kind=ChangeNote.Kind.CORRECTION).first()
    if latest is not None and latest.note == note:
        return None
    return ChangeNote.objects.create(page=page, revision=revision, note=note)


def record_release(page, note):
    from home.models import ChangeNote

    return ChangeNote.objects.create(page=page, kind=ChangeNote.Kind.RELEASE, note=note)
