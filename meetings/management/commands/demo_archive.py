from django.core.management.base import BaseCommand

from meetings.demo.archive import DemoArchive


class Command(BaseCommand):
    help = "Create the demo archive of the fictional Northmoor Police and Crime Panel."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=3, help="Years of meetings (default 3).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, years, seed, **options):
        if years < 1 or years > 50:
            self.stderr.write("--years must be between 1 and 50.")
            raise SystemExit(2)
        DemoArchive(years=years, seed=seed, report=self.stdout.write).build()
