"""Median server time for each public page type on the demo archive.

    .venv/bin/python manage.py demo_archive --years 3      # once
    .venv/bin/python bench/public_pages.py [--runs 20]

Requests go through Django's test client in this process, so the figures are the
server's own time (routing, queries, templates), without network or browser. The
database is whatever DATABASE_URL names (SQLite by default).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quorum.settings.development")


def page_urls():
    from home.models import StandardPage
    from meetings.models import (
        CommitteePage,
        MeetingPage,
        MinutesPage,
        PaperPage,
        PersonPage,
    )

    public = {
        "committee": CommitteePage.objects.visible_to_public().first(),
        "meeting": MeetingPage.objects.visible_to_public().past().first(),
        "paper": PaperPage.objects.visible_to_public().order_by("-date").first(),
        "minutes": MinutesPage.objects.visible_to_public().first(),
        "person": PersonPage.objects.visible_to_public().filter(kind="councillor").first(),
        "standard page": StandardPage.objects.visible_to_public().first(),
    }
    missing = [kind for kind, page in public.items() if page is None]
    if missing:
        sys.exit(
            f"No public {', '.join(missing)} found: build the demo archive first with "
            "`.venv/bin/python manage.py demo_archive --years 3`."
        )
    meeting = public["meeting"]
    return {
        "home": "/",
        "committee index": "/committees/",
        "committee": public["committee"].url,
        "meetings calendar": "/meetings/",
        "meeting": meeting.url,
        "agenda item": meeting.url + meeting.reverse_subpage("agenda_item", args=["item-5"]),
        "paper index": "/papers/",
        "paper": public["paper"].url,
        "minutes": public["minutes"].url,
        "person index": "/people/",
        "person": public["person"].url,
        "standard page": public["standard page"].url,
        "meetings calendar (iCalendar)": "/meetings/calendar.ics",
        "papers feed (RSS)": "/feeds/papers.rss",
        "minutes feed (Atom)": "/feeds/minutes.atom",
        "sitemap.xml": "/sitemap.xml",
    }


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per page (default 20)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client run against this database
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST="localhost")
    print(f"{'page type':<32}{'median ms':>10}{'queries':>9}   ({args.runs} runs each)")
    for kind, url in page_urls().items():
        median, queries = measure(client, url, args.runs)
        print(f"{kind:<32}{median:>10.1f}{queries:>9}   {url}")


if __name__ == "__main__":
    main()
