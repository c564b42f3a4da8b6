from django.core.management.base import BaseCommand, CommandError

from meetings.demo.archive import DemoArchive


class Command(BaseCommand):
    help = "Create the demo archive of the fictional Northmoor Police and Crime Panel."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=3, help="Years of meetings (default 3).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--committees", type=int, default=1, help="The panel plus task groups (default 1)."
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For large archives: no revisions, indexes rebuilt once at the end.",
        )

    def handle(self, *args, years, seed, committees, bulk, **options):
        if not 1 <= years <= 50:
            raise CommandError("--years must be between 1 and 50.")
        if not 1 <= committees <= 100:
            raise CommandError("--committees must be between 1 and 100.")
        DemoArchive(
            years=years, seed=seed, committees=committees, bulk=bulk, report=self.stdout.write
        ).build()
