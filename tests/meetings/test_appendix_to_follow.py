"""An appendix can be listed before its file arrives: pages and the agenda pack say
"to follow" instead of breaking."""

import io

import pytest
from pypdf import PdfReader

from meetings.models import AgendaItem, Appendix
from tests import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.django_db
def test_meeting_page_and_agenda_pack_show_an_appendix_to_follow(client, committee, site_tree):
    paper = factories.PaperPageFactory(parent=site_tree["papers"], title="Annual report")
    paper.appendices.add(Appendix(title="Annual Report 2023/24", label="1"))
    paper.save_revision().publish()
    meeting = factories.MeetingPageFactory(parent=committee)
    item = AgendaItem(number="8", title="Annual report")
    item.papers = [paper]
    meeting.agenda_items.add(item)
    meeting.save_revision().publish()

    html = client.get(meeting.url).content.decode()
    assert 'Appendix 1: Annual Report 2023/24 <span class="meta">(to follow)</span>' in html

    response = client.get(f"{meeting.url}agenda-pack/")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Appendix 1: Annual Report 2023/24 is to follow." in text
