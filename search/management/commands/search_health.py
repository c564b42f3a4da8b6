"""Say whether search is healthy: Elasticsearch answers, and no index updates are owed."""

from django.core.management.base import BaseCommand, CommandError

from search.health import search_status
from search.models import PendingIndexOperation


class Command(BaseCommand):
    help = "Check the search backend and the queue of index updates still owed."

    def handle(self, *args, **options):
        status = search_status()
        pending = PendingIndexOperation.objects.count()
        self.stdout.write(f"search backend: {status}")
        self.stdout.write(f"index updates pending: {pending}")
        if not status["ok"]:
            raise CommandError("Search is not healthy.")
        if pending:
            raise CommandError("Index updates are pending: run `manage.py search_sync`.")
