"""Reading a field of a page's parent inside one SQL query.

Wagtail stores the tree as materialised paths of four characters per level, so a
page's parent is the page whose path is its own less the last four characters. That
lets listings show a minutes page's meeting date, or a meeting's committee, without a
query per row.
"""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr

STEP = 4


def parent_value(model, field, outer="path"):
    """A subquery for `field` of the `model` page that is the parent of the outer row."""
    parent_path = Substr(OuterRef(outer), 1, Length(OuterRef(outer)) - STEP)
    return Subquery(model.objects.filter(path=parent_path).values(field)[:1])
