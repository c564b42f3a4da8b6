"""Names as minutes list them: "Claire George (Chair), Anna Bradnam … and Julie Kerr."."""

import re
from dataclasses import dataclass

HONORIFICS = {
    "councillor": "Councillor",
    "councillors": "Councillor",
    "cllr": "Councillor",
    "cllrs": "Councillor",
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "miss": "Miss",
    "mx": "Mx",
    "dr": "Dr",
    "prof": "Professor",
    "professor": "Professor",
    "sir": "Sir",
    "dame": "Dame",
}
_LEADING_HONORIFIC = re.compile(
    r"^(?P<honorific>" + "|".join(HONORIFICS) + r")\.?(?:\s+|\s*[;:,]\s*)", re.IGNORECASE
)
_PARTICLES = frozenset(["da", "de", "del", "della", "der", "di", "du", "la", "le", "van", "von"])
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class NamedPerson:
    name: str
    honorific: str = ""
    role: str = ""

    @property
    def given_name(self) -> str:
        return " ".join(self._split()[0])

    @property
    def family_name(self) -> str:
        return " ".join(self._split()[1])

    def _split(self) -> tuple[list[str], list[str]]:
        words = self.name.split()
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in _PARTICLES:
            cut -= 1
        return words[:cut], words[cut:]


def split_list(text: str) -> list[str]:
    """Split "A (x, y), B and C" on commas, semicolons and "and"/"&" outside parentheses."""
    parts, current, depth = [], [], 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if depth == 0:
            if char in ",;":
                parts.append("".join(current))
                current, i = [], i + 1
                continue
            joiner = re.match(r"\s+(?:and|&)\s+", text[i:])
            if joiner:
                parts.append("".join(current))
                current, i = [], i + joiner.end()
                continue
        current.append(char)
        i += 1
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip(" .")]


def parse_person(entry: str, honorific: str = "") -> NamedPerson | None:
    """ "Councillor Claire George (Chair)" → NamedPerson("Claire George", "Councillor", "Chair").

    None when the entry does not look like a name (a sentence, a lower-case word)."""
    entry = entry.strip().rstrip(".").strip()
    entry = re.sub(r"^(?:and|&)\s+", "", entry)
    role = ""
    opening = entry.find("(")
    if opening > 0 and entry.endswith(")"):
        role = entry[opening + 1 : -1].strip()
        entry = entry[:opening].strip()
    leading = _LEADING_HONORIFIC.match(entry)
    if leading:
        honorific = HONORIFICS[leading["honorific"].lower()]
        entry = entry[leading.end() :].strip()
    words = entry.split()
    if not words or len(words) > MAX_NAME_WORDS or "(" in entry or ")" in entry:
        return None
    if not all(word[:1].isupper() or word.lower() in _PARTICLES for word in words):
        return None
    return NamedPerson(name=" ".join(words), honorific=honorific, role=role)


def parse_people(text: str) -> tuple[list[NamedPerson], list[str]]:
    """The people in a list, and the entries that are not names (for an editor to check).

    A list that opens with "Councillors;" gives every name in it that honorific."""
    text = text.strip()
    shared = ""
    leading = re.match(r"^(councillors|cllrs)\.?\s*[;:,]?\s*", text, re.IGNORECASE)
    if leading:
        shared = "Councillor"
        text = text[leading.end() :]
    people, rejected = [], []
    for entry in split_list(text):
        person = parse_person(entry, honorific=shared)
        if person:
            people.append(person)
        else:
            rejected.append(entry)
    return people, rejected
