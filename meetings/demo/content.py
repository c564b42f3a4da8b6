"""The words of the fictional Northmoor Police and Crime Panel's demo archive.

Everything here is invented for Quorum, shaped like the real papers a panel
publishes (see ../shared/seeds) but in the project's own words.
"""

PANEL = "Northmoor Police and Crime Panel"
COMMISSIONER_OFFICE = "Office of the Northmoor Police and Crime Commissioner"
FORCE = "Northmoor Police"
COUNCILS = [
    "Northmoor County Council",
    "Eastfield City Council",
    "Harrowby District Council",
    "Sallow Vale District Council",
    "Westmere Borough Council",
    "Brackenford District Council",
]
VENUES = [
    ("Northmoor Shire Hall", "Council Chamber", "Market Square, Northmoor NM1 2AB"),
    ("Eastfield Guildhall", "Committee Room 1", "Guildhall Lane, Eastfield EF3 4CD"),
]

GIVEN_NAMES = [
    "Amira",
    "Bernard",
    "Catrin",
    "Dev",
    "Eleanor",
    "Farid",
    "Gwen",
    "Hamish",
    "Ines",
    "Jonah",
    "Kezia",
    "Lorcan",
    "Maud",
    "Nikhil",
    "Orla",
    "Percy",
    "Rosa",
    "Sefton",
    "Tamsin",
    "Ulric",
    "Vida",
    "Wilf",
    "Yasmin",
    "Zeb",
]
FAMILY_NAMES = [
    "Ashdown",
    "Blackwood",
    "Carrow",
    "Dunmore",
    "Ellery",
    "Fairholme",
    "Garside",
    "Hollins",
    "Ibbotson",
    "Jessop",
    "Kettering",
    "Lathom",
    "Marchbank",
    "Northcott",
    "Oakenshaw",
    "Pendle",
    "Quarrie",
    "Rushworth",
    "Saltmarsh",
    "Thackeray",
    "Upcott",
    "Verity",
    "Whitlock",
    "Yeadon",
]

# (paper type, title pattern, purpose, background paragraphs, recommendation, appendix title)
REPORTS = [
    (
        "annual-report",
        "Commissioner's Annual Report {year}/{next_year}",
        "To present the Commissioner's draft annual report for {year}/{next_year} so that the "
        "Panel can review it, question the Commissioner in public and make a report on it.",
        [
            "The Commissioner must publish an annual report on the exercise of their functions "
            "in each financial year and on progress against the objectives in the police and "
            "crime plan.",
            "The report is sent to the Panel as soon as practicable after it is produced. The "
            "Commissioner attends the meeting to present it and to answer the Panel's questions.",
            "This year the report covers neighbourhood policing, support for victims of crime, "
            "road safety on rural routes and the work of the community safety partnerships.",
        ],
        "The Panel is recommended to review the draft annual report at Appendix A and to make "
        "a report or recommendations on it as it sees fit.",
        "Draft annual report {year}/{next_year}",
    ),
    (
        "precept",
        "Proposed Police Precept {next_year}/{after_year}",
        "To notify the Panel of the precept the Commissioner proposes to issue for "
        "{next_year}/{after_year}, as the law requires, so that the Panel can review it.",
        [
            "The precept is the part of council tax that funds policing in Northmoor. The "
            "Commissioner must notify the Panel of the proposed precept by the first of February.",
            "The Panel may accept the proposal, make recommendations, or veto it by a two-thirds "
            "majority of its members at the time.",
            "The proposal assumes a rise for a Band D property and sets out the savings plan, the "
            "use of reserves and the medium-term financial outlook for the force.",
        ],
        "The Panel is recommended to review the proposed precept and to report to the "
        "Commissioner whether it supports the proposal.",
        "Medium-term financial plan {next_year}/{after_year}",
    ),
    (
        "plan",
        "Police and Crime Plan Delivery Update, {season} {year}",
        "To update the Panel on how the objectives of the police and crime plan are being met.",
        [
            "The plan has four priorities: preventing crime early, tackling anti-social "
            "behaviour, supporting victims and witnesses, and building public trust.",
            "Since the last update the Commissioner has funded three new youth diversion "
            "schemes and extended the rural crime team to the Sallow Vale district.",
            "Anti-social behaviour reports fell in the city centre but rose in two market towns; "
            "the community safety partnerships are working on targeted patrol plans.",
        ],
        "The Panel is recommended to note the update and to question the Commissioner on "
        "delivery against the plan.",
        "Performance dashboard, {season} {year}",
    ),
    (
        "report",
        "Victims' Services Commissioning, {season} {year}",
        "To inform the Panel about the services the Commissioner commissions for victims of "
        "crime and the outcomes achieved.",
        [
            "The Commissioner receives a grant to commission local support services for "
            "victims, including those affected by domestic abuse and sexual violence.",
            "The victims' hub handled more referrals than last year, and waiting times for "
            "specialist counselling have shortened.",
            "Funding beyond the current three-year settlement is uncertain, which makes it "
            "hard for smaller charities to plan ahead.",
        ],
        "The Panel is recommended to note the report and to support the Commissioner's work "
        "to secure longer-term funding for victims' services.",
        "Victims' services outcomes report",
    ),
    (
        "report",
        "Complaints Against the Commissioner: Annual Summary {year}",
        "To summarise the complaints about the Commissioner received and handled by the Panel "
        "during the year.",
        [
            "The Panel is responsible for the informal resolution of non-criminal complaints "
            "about the conduct of the Commissioner.",
            "The monitoring officer records each complaint and reports a summary to the Panel "
            "once a year without identifying the complainants.",
        ],
        "The Panel is recommended to note the summary.",
        "Complaints log summary {year}",
    ),
    (
        "decision-notice",
        "Commissioner's Decisions, {season} {year}",
        "To list the significant decisions the Commissioner has taken since the last meeting.",
        [
            "The Commissioner publishes a decision notice for each significant decision, "
            "including contracts, grants and changes to the estate.",
            "Since the last meeting the Commissioner has approved the refurbishment of the "
            "Eastfield custody suite and a grant to the road safety partnership.",
        ],
        "The Panel is recommended to note the decisions and to ask about any that need "
        "further scrutiny.",
        "Decision notices issued",
    ),
]

SEASONS = ["Winter", "Spring", "Summer", "Autumn"]

DISCUSSION = [
    "Members asked how the figures compared with similar force areas, and the Commissioner "
    "agreed to circulate the benchmarking data after the meeting.",
    "A member raised concerns about response times in rural areas; the Commissioner explained "
    "the new deployment model and the recruitment of additional officers.",
    "The Panel welcomed the report and thanked the officers of the Commissioner's office for "
    "their work.",
    "Members discussed the low response rate to the public survey and agreed to promote future "
    "consultations through their councils.",
    "In answer to a question, the chief finance officer confirmed that the reserves strategy "
    "would be reviewed before the budget is set.",
    "The Commissioner noted the Panel's comments and undertook to report back on progress at a "
    "later meeting.",
]

RESOLUTIONS = [
    "The Panel noted the report.",
    "The Panel supports the Commissioner in this work and will raise awareness of opportunities "
    "to engage with residents in their wards.",
    "The Panel agreed to make a report to the Commissioner setting out the comments made at the "
    "meeting.",
    "The Panel, having reviewed the proposed precept, supports the proposal.",
]

SUB_COMMITTEE_TOPICS = [
    "Complaints",
    "Precept Scrutiny",
    "Rural Crime",
    "Victims Services",
    "Road Safety",
    "Youth Justice",
    "Violence Against Women and Girls",
    "Estates and Custody",
    "Community Safety Partnerships",
    "Policing Digital Services",
    "Public Confidence",
]

# The accessibility statement the 2018 Regulations require, in the GOV.UK model's order.
ACCESSIBILITY_STATEMENT = [
    ("heading", "Using this website"),
    (
        "paragraph",
        "<p>This website is run by the Northmoor Police and Crime Panel. We want as many "
        "people as possible to be able to use it. You should be able to zoom in up to 400% "
        "without the text spilling off the screen, navigate the whole site using just a "
        "keyboard or speech recognition software, and listen to it using a screen reader. "
        "Every meeting, agenda, report and set of minutes is published as a web page as well "
        "as a download.</p>",
    ),
    ("heading", "How accessible this website is"),
    (
        "paragraph",
        "<p>Some older appendices are PDF documents that are not fully accessible to screen "
        "reader software. The text of every appendix can be searched on this site.</p>",
    ),
    ("heading", "Reporting accessibility problems"),
    (
        "paragraph",
        "<p>If you need information in a different format, or find a problem not listed on "
        "this page, e-mail panel@northmoor-pcc.example or call 01234 567890. We will reply "
        "within 5 working days.</p>",
    ),
    ("heading", "Enforcement procedure"),
    (
        "paragraph",
        "<p>The Equality and Human Rights Commission is responsible for enforcing the Public "
        "Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations "
        "2018. If you are not happy with how we respond to your complaint, contact the "
        "Equality Advisory and Support Service.</p>",
    ),
    ("heading", "Compliance status"),
    (
        "paragraph",
        "<p>This website is fully compliant with the Web Content Accessibility Guidelines "
        "version 2.2 AA standard, except for the older PDF appendices described above. Every "
        "page type is tested automatically with axe-core and by keyboard on each change.</p>",
    ),
]
