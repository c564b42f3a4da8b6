from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import page_published

from home.changes import record_change_note
from home.visibility import forget_restrictions


@receiver(page_published)
def record_public_change_note(sender, instance, revision=None, **kwargs):
    record_change_note(instance, revision)


# Connected before the search and meetings apps' handlers (INSTALLED_APPS order), which
# re-index through the public gate when a restriction changes.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def restrictions_changed(sender, **kwargs):
    forget_restrictions()
