"""The importer's pure parsing: text in, dataclasses out, no database."""

import datetime
from pathlib import Path

import pytest

from meetings.importers import ImportFailed, parse_document
from meetings.importers.agenda_report import AgendaReport, parse_agenda_report
from meetings.importers.minutes import (
    APOLOGIES,
    GUEST,
    OFFICER,
    PRESENT,
    REMOTE,
    Minutes,
    parse_minutes,
)
from meetings.importers.people import parse_people
from meetings.importers.text import (
    find_date,
    normalise,
    parse_time_range,
    sentence_case,
    title_case,
    without_page_furniture,
)
from tests.conftest import SHARED

SEEDS = Path(SHARED) / "seeds"
REPORT_SEED = SEEDS / "000_e546f663aee729a3.txt"
MINUTES_SEED = SEEDS / "003_5cadfbb05be16e5f.txt"


@pytest.fixture(scope="module")
def report() -> AgendaReport:
    return parse_document(normalise(REPORT_SEED.read_text()))


@pytest.fixture(scope="module")
def minutes() -> Minutes:
    return parse_document(normalise(MINUTES_SEED.read_text()))


# Text


def test_normalise_removes_html_and_markdown_and_splits_table_cells():
    raw = (
        "<b>PANEL</b>\t<b>Agenda Item 8</b>\n\n\n## **5. Next Steps**\n"
        "**Contact – [a@b.uk](mailto:a@b.uk)**\n1.1\tThe Commissioner’s “plan”&amp;more"
    )
    assert normalise(raw).split("\n") == [
        "PANEL",
        "Agenda Item 8",
        "",
        "5. Next Steps",
        "Contact – a@b.uk",
        '1.1 The Commissioner\'s "plan"&more',
    ]


def test_normalise_keeps_the_address_of_a_web_link():
    assert normalise("[The plan](https://example.org/plan.pdf)") == (
        "The plan (https://example.org/plan.pdf)"
    )


def test_page_numbers_are_dropped_from_extracted_text():
    assert without_page_furniture("Text\nPage 2 of 7\n3\n- 4 -\n4.1 More") == "Text\n4.1 More"


def test_capitals_are_recased_and_mixed_case_is_kept():
    assert title_case("POLICE AND CRIME COMMISSIONER'S ANNUAL REPORT 2023/24") == (
        "Police and Crime Commissioner's Annual Report 2023/24"
    )
    assert title_case("OPCC ANTI-SOCIAL BEHAVIOUR UPDATE") == "OPCC Anti-Social Behaviour Update"
    assert sentence_case("TERMS OF REFERENCE") == "Terms of reference"
    assert sentence_case("Next Steps") == "Next Steps"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31 July 2024", datetime.date(2024, 7, 31)),
        ("Wednesday, 25th September 2024", datetime.date(2024, 9, 25)),
        ("held 15 Aug. 2024", datetime.date(2024, 8, 15)),
        ("31/07/2024", datetime.date(2024, 7, 31)),
        ("31 February 2024", None),
    ],
)
def test_dates(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("1.30 - 2.40 pm", ((13, 30), (14, 40))),
        ("10.00 am – 12.15 pm", ((10, 0), (12, 15))),
        ("11.00 - 1.00 pm", ((11, 0), (13, 0))),
        ("14:00 to 15:30", ((14, 0), (15, 30))),
        ("The meeting commenced at 2pm and ended at 3.45pm.", ((14, 0), (15, 45))),
        ("4 - 5", None),
        ("Item 4 - Public Consultation", None),
    ],
)
def test_time_ranges(line, expected):
    times = parse_time_range(line)
    assert (times and tuple((t.hour, t.minute) for t in times)) == expected or (
        expected is None and times is None
    )


def test_people_lists_keep_nested_roles_and_shared_honorifics():
    people, rejected = parse_people(
        "Neil McArthur (Monitoring Officer PCC) and Philippa Rose (Senior Democratic Services "
        "Officer (PCP)), Cllr Jan van der Berg & the press"
    )
    assert [(p.name, p.role, p.honorific) for p in people] == [
        ("Neil McArthur", "Monitoring Officer PCC", ""),
        ("Philippa Rose", "Senior Democratic Services Officer (PCP)", ""),
        ("Jan van der Berg", "", "Councillor"),
    ]
    assert (people[2].given_name, people[2].family_name) == ("Jan", "van der Berg")
    assert rejected == ["the press"]
    people, _ = parse_people("Councillors; John Gowing and Christine Wheelan.")
    assert [(p.name, p.honorific) for p in people] == [
        ("John Gowing", "Councillor"),
        ("Christine Wheelan", "Councillor"),
    ]


# The agenda report seed


def test_report_heading(report):
    assert isinstance(report, AgendaReport)
    assert report.committee == "Cambridgeshire Police and Crime Panel"
    assert report.meeting_date == datetime.date(2024, 7, 31)
    assert report.item_number == "8"
    assert report.title == "Police and Crime Commissioner's Annual Report 2023/24"
    assert report.public is True
    assert report.exempt_paragraph is None
    assert report.author == "Police and Crime Commissioner for Cambridgeshire and Peterborough"


def test_report_contact(report):
    assert report.contact_name == "Jack Hudson"
    assert report.contact_email == "cambs-pcc@cambs.police.uk"
    assert report.contact_phone == "0300 333 3456"


def test_report_sections_and_paragraphs(report):
    assert [(s.number, s.heading, len(s.paragraphs)) for s in report.sections] == [
        ("1", "Purpose", 1),
        ("2", "Recommendations", 1),
        ("3", "Terms of reference", 1),
        ("4", "Background", 4),
        ("5", "Next Steps", 1),
        ("6", "Background documents", 1),
        ("7", "Appendices", 1),
    ]
    background = report.sections[3]
    assert [p.number for p in background.paragraphs] == ["4.1", "4.2", "4.3", "4.4"]
    # 4.2 is broken by a blank line mid-sentence in the seed; it is one paragraph.
    assert background.paragraphs[1].parts == [
        "Under Section 12 of the Act, the Commissioner must produce an Annual Report on the "
        "exercise of the organisation's functions in the budget year and the progress that has "
        "been made in meeting the police and crime objectives in the Police and Crime Plan. It "
        "is noted again that the Police and Crime Plan was endorsed by this Panel in November "
        "2021, and formally published later that month."
    ]


def test_report_recommendations_background_documents_and_appendices(report):
    assert report.recommendations == [
        "The Panel is recommended to review the draft Annual Report for 2023/24, which is "
        "attached at Appendix 1 and make a report or recommendation (as necessary) on this "
        "Annual Report."
    ]
    assert [d.title for d in report.background_documents] == [
        "Police and Crime Commissioner's Police and Crime Plan 2021/24"
    ]
    assert [str(a) for a in report.appendices] == ["Appendix 1 - Annual Report 2023/24"]
    # Those three sections are read into fields; the page does not repeat them.
    assert [(s.number, s.read_into) for s in report.sections if s.read_into] == [
        ("2", "recommendations"),
        ("6", "background papers"),
        ("7", "appendices"),
    ]
    assert report.summary.startswith("The purpose of the report is to present")
    assert report.unplaced == []
    assert report.to_check == []


def test_report_exempt_bullets_unplaced_text_and_numbering():
    report = parse_agenda_report(
        normalise(
            "REPORT TO THE POLICE AND CRIME PANEL\nAgenda Item No. 4.1\n"
            "Meeting date: 3 March 2025\n"
            "NOT FOR PUBLICATION by virtue of paragraph 3 of Schedule 12A\n"
            "Report of the Chief Executive\nReport of the Monitoring Officer\n"
            "PRECEPT PROPOSAL 2025/26\nDraft for consultation\n\n1. PURPOSE\n"
            "1.1 To set out the options:\n• Option A\n• Option B\n1.3 Skipped a number.\n"
            "2. Background papers\n2.1 None."
        )
    )
    assert report.committee == "Police and Crime Panel"
    assert report.item_number == "4.1"
    assert report.meeting_date == datetime.date(2025, 3, 3)
    assert (report.public, report.exempt_paragraph) == (False, 3)
    assert report.title == "Precept Proposal 2025/26"
    assert report.author == "Chief Executive"
    # A field given twice keeps the first; the second is kept as unplaced text.
    assert report.unplaced == ["Report of the Monitoring Officer", "Draft for consultation"]
    assert report.sections[0].paragraphs[0].parts == [
        "To set out the options:",
        "• Option A",
        "• Option B",
    ]
    assert report.background_documents == []
    assert any("1.1, 1.3" in note for note in report.to_check)


# The minutes seed


def test_minutes_heading_times_and_chair(minutes):
    assert isinstance(minutes, Minutes)
    assert minutes.committee == "Cambridgeshire Police and Crime Panel"
    assert minutes.meeting_date == datetime.date(2024, 9, 25)
    assert (minutes.started_at, minutes.finished_at) == (
        datetime.time(13, 30),
        datetime.time(14, 40),
    )
    assert minutes.chair == "Claire George"
    assert minutes.signed_by_chair


def test_minutes_attendance(minutes):
    def listed(status):
        return [(p.name, p.role) for p in minutes.people(status)]

    assert listed(PRESENT) == [
        ("Claire George", "Chair"),
        ("Anna Bradnam", ""),
        ("Marge Beuttell", ""),
        ("Cameron Holloway", ""),
        ("Helene Leeming", ""),
        ("Julie Kerr", ""),
    ]
    assert listed(APOLOGIES) == [("John Gowing", ""), ("Christine Wheelan", "")]
    assert listed(OFFICER) == [
        ("Neil McArthur", "Monitoring Officer PCC"),
        ("Philippa Rose", "Senior Democratic Services Officer (PCP)"),
    ]
    assert listed(GUEST) == [
        ("Darryl Preston", "Police and Crime Commissioner"),
        ("Jack Hudson", "Interim Chief Executive OPCC"),
        ("Cristina Turner", "Director of Strategic Partnerships OPCC"),
        ("Catherine Kimberley", "Head of Communications & Engagement OPCC"),
    ]


def test_minutes_items_resolutions_and_forward_plan(minutes):
    assert [(i.number, i.title) for i in minutes.items] == [
        ("1", "Apologies for Absence"),
        ("2", "Declarations of Interest"),
        ("3", "Minutes of the previous meetings"),
        ("4", "Police and Crime Plan 2024/28 - Public Consultation"),
        (
            "5",
            "Tackling Crime and Anti-Social Behaviour - Supporting Community Safety "
            "Partnerships in Problem Solving Local Issues",
        ),
        ("6", "Forward Plan"),
    ]
    assert [len(i.paragraphs) for i in minutes.items] == [1, 1, 1, 5, 5, 2]
    assert minutes.items[3].resolutions == [
        "The Panel, having reviewed the action taken by the Police and Crime Commissioner, "
        "support the Commissioner in the work and will raise awareness of opportunities to "
        "engage with their constituents."
    ]
    assert minutes.items[4].resolutions == ["The Panel supports the Commissioner in this work."]
    assert minutes.declarations == []
    assert minutes.forward_plan == minutes.items[5].paragraphs
    assert minutes.forward_plan[0].startswith("The OPCC will determine")


def test_minutes_approvals_of_earlier_minutes(minutes):
    assert [(a.meeting_date, a.what) for a in minutes.approvals] == [
        (datetime.date(2024, 7, 31), "previous meeting"),
        (datetime.date(2024, 8, 15), "confirmation hearing"),
    ]
    assert minutes.unplaced == []
    assert minutes.to_check == ["The minutes do not say where the meeting was held."]


def test_minutes_variants():
    minutes = parse_minutes(
        normalise(
            "Minutes of the meeting of the Police and Crime Panel held at Shire Hall, "
            "Cambridge on Wednesday 5 February 2025\n"
            "Present: Councillor Ann Smith (Chair), Bob Jones (remote)\n"
            "A note nobody expected\n\n"
            "12. Apologies\nThere were no apologies.\n"
            "13. Declarations of interest\n"
            "Councillor Bob Jones declared a non-registrable interest in item 14 as a trustee.\n"
            "14. Minutes\nThe minutes of the previous meeting were agreed as a correct record.\n"
            "Resolved that:\n(a) the report be noted;\n(b) a briefing be arranged.\n"
            "Chair: Ann Smith\nThe meeting commenced at 10am and closed at 11.45 am."
        )
    )
    assert (minutes.committee, minutes.venue) == ("Police and Crime Panel", "Shire Hall, Cambridge")
    assert minutes.meeting_date == datetime.date(2025, 2, 5)
    assert [(a.person.name, a.status) for a in minutes.attendance] == [
        ("Ann Smith", PRESENT),
        ("Bob Jones", REMOTE),
    ]
    assert [i.number for i in minutes.items] == ["12", "13", "14"]
    assert [(d.person.name, d.kind, d.item_number) for d in minutes.declarations] == [
        ("Bob Jones", "non-registrable", "14")
    ]
    assert [(a.meeting_date, a.what) for a in minutes.approvals] == [(None, "previous meeting")]
    assert minutes.items[2].resolutions == [
        "that:\n(a) the report be noted;\n(b) a briefing be arranged."
    ]
    assert minutes.unplaced == ["A note nobody expected"]
    assert minutes.chair == "Ann Smith"
    assert (minutes.started_at, minutes.finished_at) == (
        datetime.time(10, 0),
        datetime.time(11, 45),
    )


# Recognising the kind


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no text"),
        ("Dear all,\nThe car park is closed on Friday.", "Not recognised"),
        ("Agenda Item 8\nSome words", "found no committee and no meeting date"),
    ],
)
def test_unrecognised_documents_fail_with_a_reason(text, message):
    with pytest.raises(ImportFailed, match=message):
        parse_document(normalise(text))
