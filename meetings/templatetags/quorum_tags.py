"""Presentation helpers for the public templates. No filtering of content happens here:
what may be shown is decided by `visible_to_public()` before a template sees it."""

import json

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

FILE_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
}
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A schema.org JSON-LD script element, escaped so that no text can end the script."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def document_facts(document):
    """ "PDF, 120 KB, 6 pages": what a reader needs before downloading a file."""
    kind = FILE_TYPES.get(document.mime_type) or document.file_extension.upper() or "File"
    facts = [kind]
    size = document.size or _stored_size(document)
    if size:
        facts.append(filesizeformat(size).replace("\xa0", " "))
    if document.page_count:
        facts.append(f"{document.page_count} page{'s' if document.page_count != 1 else ''}")
    return ", ".join(facts)


def _stored_size(document):
    return getattr(document, "file_size", None)


@register.inclusion_tag("meetings/includes/bar_chart.html")
def attendance_chart(title, yearly_records):
    """Meetings attended out of meetings expected, one bar per year."""
    return bar_chart(
        title,
        [(str(year), r.attended, r.expected) for year, r in yearly_records],
        "Dark bars show the meetings attended, pale bars the meetings expected.",
    )


@register.inclusion_tag("meetings/includes/bar_chart.html")
def count_chart(title, counts, caption=""):
    """One bar per (label, count), e.g. meetings held each year."""
    return bar_chart(title, [(str(label), n, n) for label, n in counts], caption)


@register.inclusion_tag("meetings/includes/bar_chart.html")
def facet_chart(title, facets):
    """Search results per facet value (e.g. per year), beside the facet links."""
    return bar_chart(
        title,
        [(f.label, f.count, f.count) for f in facets],
        figures_note="The same figures are in the list beside it.",
    )


TABLE_NOTE = "The same figures are in the table below."


@register.inclusion_tag("meetings/includes/bar_chart.html")
def bar_chart(title, rows, caption="", figures_note=TABLE_NOTE):
    """A small accessible SVG bar chart: rows are (label, value, total) and the same
    numbers appear in a table beside it, so the picture is never the only source."""
    rows = list(rows)
    top = max([total for _, _, total in rows] + [1])
    bar_height, gap, label_width, width = 22, 8, 60, 320
    scale = (width - label_width - 70) / top
    bars = [
        {
            "label": label,
            "value": value,
            "total": total,
            "y": index * (bar_height + gap),
            "total_width": round(total * scale, 1),
            "value_width": round(value * scale, 1),
        }
        for index, (label, value, total) in enumerate(rows)
    ]
    return {
        "title": title,
        "bars": bars,
        "caption": caption,
        "figures_note": figures_note,
        "bar_height": bar_height,
        "label_width": label_width,
        "width": width,
        "height": max(len(bars) * (bar_height + gap), bar_height),
    }
