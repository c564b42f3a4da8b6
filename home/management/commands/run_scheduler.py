import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search.models import PendingIndexOperation


class Command(BaseCommand):
    help = (
        "Every minute: publish and unpublish scheduled pages (Wagtail's publish_scheduled), "
        "so that an agenda approved for a set time goes live without anyone at a keyboard, "
        "and replay search-index updates that Elasticsearch missed (search_sync)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, interval, once, **options):
        while True:
            call_command("publish_scheduled", verbosity=0)
            self.sync_search()
            if once:
                return
            time.sleep(interval)

    def sync_search(self):
        """Replay owed index writes, if any; Elasticsearch still down is no reason to stop."""
        if not PendingIndexOperation.objects.exists():
            return
        try:
            call_command("search_sync", stdout=self.stdout)
        except CommandError as error:
            self.stderr.write(f"search_sync: {error}")
