from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importers.outcome import summary
from meetings.importers.run import expand, import_documents


class Command(BaseCommand):
    help = (
        "Import agenda reports and minutes (text, PDF, DOCX or ODT) as draft pages, for "
        "editors to check and publish. Safe to run again: it updates what it made."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="PATH", help="Files, or folders of files."
        )

    def handle(self, *args, paths, verbosity, **options):
        files = expand(paths)
        if not files:
            raise CommandError("No files to import.")
        outcomes = []
        for number, outcome in enumerate(import_documents(files), start=1):
            outcomes.append(outcome)
            style = self.style.SUCCESS if outcome.ok else self.style.ERROR
            self.stdout.write(style(outcome.progress(number, len(files))))
            if verbosity >= 1:
                for line in outcome.details():
                    self.stdout.write(line)
        self.stdout.write(summary(outcomes))
        if not any(outcome.ok for outcome in outcomes):
            raise CommandError("No file could be imported.")
