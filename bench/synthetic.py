"""What the search benchmarks share: bulk-inserted section pages and percentiles."""

import uuid


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def base36(number: int) -> str:
    """A four-character treebeard path step."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        text = digits[digit] + text
    return text


def bulk_sections(parent, titles, slug_prefix, content_type):
    """Insert one live page per title straight under `parent` (no tree bookkeeping, for
    speed) and put the last one behind a password, as private content to leave out."""
    from wagtail.models import Locale, Page, PageViewRestriction

    locale = Locale.get_default()
    sections = [
        Page(
            path=f"{parent.path}Y{number:03d}",
            depth=parent.depth + 1,
            numchild=0,
            title=title,
            draft_title=title,
            slug=f"{slug_prefix}-{number}",
            content_type=content_type,
            live=True,
            locale=locale,
            translation_key=uuid.uuid4(),
            url_path=f"{parent.url_path}{slug_prefix}-{number}/",
        )
        for number, title in enumerate(titles)
    ]
    Page.objects.bulk_create(sections)
    # bulk_create: save() would log the change against the (absent) specific page
    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(
                page=Page.objects.get(path=sections[-1].path),
                restriction_type="password",
                password="bench",
            )
        ]
    )
    return sections
