"""Scheduled publishing happens by itself: `run_scheduler` (the process the README and the
production setup run beside the web server) publishes a page when its time comes."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from home.models import HomePage, StandardPage
from quorum import env
from tests.home.install import ensure_fresh_install

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_scheduled_page_goes_live_without_anyone_running_a_command(client):
    if connection.vendor != "postgresql":
        if env.REQUIRE_SERVICES:
            pytest.fail("This test needs PostgreSQL (DATABASE_URL)")
        pytest.skip("needs a database a second process can share (PostgreSQL)")
    ensure_fresh_install()
    home = HomePage.objects.get()
    page = StandardPage(title="Agenda goes out at noon", slug="noon", live=False)
    home.add_child(instance=page)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=3)
    page.save_revision().publish()  # approved now, to go live at go_live_at
    page.refresh_from_db()
    assert not page.live
    assert client.get("/noon/").status_code == 404

    scheduler = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "1"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "quorum.settings.test",
            "DATABASE_URL": database_url(),
            "ELASTICSEARCH_URL": "",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline
            and not StandardPage.objects.live().filter(pk=page.pk).exists()
        ):
            assert scheduler.poll() is None, scheduler.stderr.read().decode()
            time.sleep(0.5)
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=10)
    page.refresh_from_db()
    assert page.live
    assert page.last_published_at >= page.go_live_at  # not before its time
    assert client.get("/noon/").status_code == 200
