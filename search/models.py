"""Search data kept in the database: editors' abbreviations, and index writes still owed."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


class AbbreviationQuerySet(models.QuerySet):
    def expansions(self) -> dict[str, list[str]]:
        """Each short form and each long form (lower case) mapped to what it also means."""
        mapping: dict[str, list[str]] = {}
        for short, long in self.values_list("short_form", "long_form"):
            short, long = " ".join(short.lower().split()), " ".join(long.lower().split())
            mapping.setdefault(short, []).append(long)
            mapping.setdefault(long, []).append(short)
        return mapping


@register_snippet
class Abbreviation(models.Model):
    """A short form that search treats as its long form and back: PCC = Police and Crime
    Commissioner. Applied when a search runs, so a change needs no reindex."""

    short_form = models.CharField(max_length=20, help_text="For example PCC.")
    long_form = models.CharField(
        max_length=200, help_text="For example Police and Crime Commissioner."
    )

    objects = AbbreviationQuerySet.as_manager()

    panels = [FieldPanel("short_form"), FieldPanel("long_form")]

    class Meta:
        ordering = ["short_form"]
        constraints = [
            models.UniqueConstraint(fields=["short_form", "long_form"], name="one_abbreviation")
        ]

    def __str__(self):
        return f"{self.short_form} = {self.long_form}"


class PendingIndexOperationQuerySet(models.QuerySet):
    def record(self, obj, action: str, error: str = ""):
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        operation, _ = self.update_or_create(
            content_type=content_type,
            object_id=str(obj.pk),
            defaults={"action": action, "error": error[:500]},
        )
        return operation


class PendingIndexOperation(models.Model):
    """An index write that Elasticsearch did not take (it was down or too slow).

    Written instead of losing the update; `manage.py search_sync` (and the next write that
    succeeds) replays them against the object's current state."""

    class Action(models.TextChoices):
        INDEX = "index", "Index"
        DELETE = "delete", "Delete"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=Action.choices)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PendingIndexOperationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_operation_per_object"
            )
        ]

    def __str__(self):
        return f"{self.action} {self.content_type.model} {self.object_id}"
