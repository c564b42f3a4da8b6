"""The query language of the search box, parsed by us so that no input can break a search.

    plain words      all preferred (a document missing one of four words still matches)
    "exact phrase"   must appear as written (after stemming)
    -word -"phrase"  must not appear
    a OR b           either

Anything else is text: Elasticsearch's own syntax characters have no meaning here, an
unbalanced quote runs to the end of the query, and a lone `-` or `OR` is ignored.
"""

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD_CHARS = re.compile(r"[\w'’.&/+-]+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    groups: list[list[Term]] = field(default_factory=list)  # each group: alternatives (OR)
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def plain_text(self) -> str:
        """The positive words and phrases as plain text (for suggestions and the fallback)."""
        return " ".join(term.text for term in self.terms)


def _clean(text: str) -> str:
    # Keep letters, digits and the joiners found in names and references (O'Neill, A&E).
    return " ".join(_WORD_CHARS.findall(text)).strip("-'’.&/+ ")


def parse(q: str) -> ParsedQuery:
    parsed = ParsedQuery()
    pending_or = False
    for match in _TOKEN.finditer(q or ""):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            term = Term(_clean(quoted), phrase=True)
            negated = bool(negated)
        elif bare == "OR":
            pending_or = bool(parsed.groups)
            continue
        else:
            negated = bare.startswith("-") and len(bare) > 1
            term = Term(_clean(bare[1:] if negated else bare))
        if not term.text:
            continue
        if term.phrase and " " not in term.text:
            term = Term(term.text)
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed


def expand_abbreviations(parsed: ParsedQuery, expansions: dict[str, list[str]]) -> ParsedQuery:
    """Add each known short form's long form as an alternative, and back.

    A run of plain words that spells a long form ("police and crime commissioner") becomes
    one group: that phrase OR its short form."""
    if not expansions:
        return parsed
    longest = max((len(key.split()) for key in expansions), default=1)
    groups: list[list[Term]] = []
    index = 0
    while index < len(parsed.groups):
        group = parsed.groups[index]
        matched = False
        for size in range(min(longest, len(parsed.groups) - index), 1, -1):
            window = parsed.groups[index : index + size]
            if all(len(g) == 1 and not g[0].phrase for g in window):
                key = " ".join(g[0].text.lower() for g in window)
                if key in expansions:
                    groups.append([Term(key, phrase=True), *_alternatives(expansions[key])])
                    index += size
                    matched = True
                    break
        if matched:
            continue
        new_group = list(group)
        for term in group:
            new_group += [
                alt
                for alt in _alternatives(expansions.get(term.text.lower(), []))
                if alt not in new_group
            ]
        groups.append(new_group)
        index += 1
    return ParsedQuery(groups=groups, excluded=parsed.excluded)


def _alternatives(forms: list[str]) -> list[Term]:
    return [Term(form, phrase=" " in form) for form in forms]
