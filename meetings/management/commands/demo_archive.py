import datetime

from django.core.management.base import BaseCommand, CommandError

from meetings.demo.archive import DemoArchive
from meetings.demo.progress import Progress

MAX_ITEMS = 1_000_000
MAX_COMMITTEES = 3_000


class Command(BaseCommand):
    help = "Create the demo archive of the fictional Northmoor Police and Crime Panel."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Years of meetings (default 3; 10 with --items).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--committees", type=int, default=None, help="The panel plus task groups (default 1)."
        )
        parser.add_argument(
            "--items",
            type=int,
            default=None,
            help="Build at least this many pages and documents: picks the number of "
            "committees for --years, and implies --bulk.",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For large archives: rows written in batches, no revisions, the search "
            "and reference indexes rebuilt once at the end.",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="With --bulk or --items: do not rebuild the indexes at the end.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Build as if today were this date (yyyy-mm-dd), for a repeatable archive.",
        )

    def handle(self, *args, years, seed, committees, items, bulk, no_index, today, **options):
        if items is not None:
            if committees is not None:
                raise CommandError("Give either --items or --committees, not both.")
            if not 1 <= items <= MAX_ITEMS:
                raise CommandError(f"--items must be between 1 and {MAX_ITEMS:,}.")
            bulk = True
            years = 10 if years is None else years
        years = 3 if years is None else years
        if not 1 <= years <= 50:
            raise CommandError("--years must be between 1 and 50.")
        if items is not None:
            committees = DemoArchive.committees_for(items, years, today)
        committees = 1 if committees is None else committees
        if not 1 <= committees <= MAX_COMMITTEES:
            raise CommandError(
                f"--committees must be between 1 and {MAX_COMMITTEES:,}"
                + (" (ask for fewer --items, or more --years)." if items else ".")
            )
        if no_index and not bulk:
            raise CommandError("--no-index only applies with --bulk or --items.")
        archive = DemoArchive(
            years=years,
            seed=seed,
            committees=committees,
            bulk=bulk,
            index=not no_index,
            today=today,
            report=self.stdout.write,
            progress=Progress(self.stdout),
        )
        self.stdout.write(
            f"Demo archive: {years} years, {committees} committees, "
            f"{archive.planned_items():,} items (pages and documents)"
            + (", in bulk" if bulk else "")
            + "."
        )
        try:
            archive.build()
        except KeyboardInterrupt:
            self.stdout.write("")
            raise CommandError(
                "Interrupted. Every batch written so far is complete; run the same command "
                "again to finish (it skips what is there)."
            ) from None
