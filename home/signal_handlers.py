from django.dispatch import receiver
from wagtail.signals import page_published

from home.changes import record_change_note


@receiver(page_published)
def record_public_change_note(sender, instance, revision=None, **kwargs):
    record_change_note(instance, revision)
