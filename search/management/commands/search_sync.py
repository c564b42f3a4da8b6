"""Bring the Elasticsearch index back in sync after it missed updates.

Index writes that failed while Elasticsearch was down or too slow were recorded as
PendingIndexOperation rows; this command replays them against each object's current
state (index it, or delete it if it is gone). Run it from cron every few minutes, and once
after an outage. `--rebuild` also runs a full atomic rebuild (`update_index`).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.search.backends import get_search_backend

from search.models import PendingIndexOperation


class Command(BaseCommand):
    help = "Replay index updates that Elasticsearch missed (and optionally rebuild)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Afterwards, rebuild every index atomically."
        )

    def handle(self, *args, rebuild=False, **options):
        backend = get_search_backend()
        if not hasattr(backend, "drain_pending"):
            self.stdout.write("The search backend is not Elasticsearch: nothing to sync.")
            return
        waiting = PendingIndexOperation.objects.count()
        done = backend.drain_pending()
        left = PendingIndexOperation.objects.count()
        self.stdout.write(
            f"{waiting} pending: {done['indexed']} indexed, {done['deleted']} deleted, "
            f"{left} still pending."
        )
        if left:
            raise CommandError("Elasticsearch is still not taking updates; try again later.")
        if rebuild:
            call_command("update_index", backend_name="default", stdout=self.stdout)
