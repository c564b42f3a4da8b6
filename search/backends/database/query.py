"""Turn any query (a visitor's string or Wagtail query objects) into a small, safe tree.

Both engines render the same tree, so phrase, exclusion and OR behave alike on
SQLite and PostgreSQL. Only runs of word characters ever reach the engine, so no
input (quotes, `NEAR`, `*`, `:`, `^`, NUL bytes, emoji, 10,000 characters) can
break the MATCH or tsquery syntax. The public syntax is the familiar web one:
`"a phrase"`, `-word` or `-"a phrase"` to exclude, `OR` (capitals) between
alternatives; everything else is words, combined with the given operator.
"""

import re
from dataclasses import dataclass

from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_WORD_CHARS = 64

WORD = re.compile(r"[^\W_]+")  # letters and digits in any script
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word, or a phrase when it has several words; `prefix` for autocomplete."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class Any:
    parts: tuple


@dataclass(frozen=True)
class Without:
    """Matches `include` and not `exclude`."""

    include: object
    exclude: object


class _Everything:
    """The query matches every item (Wagtail's MATCH_ALL)."""


EVERYTHING = _Everything()


def words_of(text: str) -> tuple[str, ...]:
    return tuple(word[:MAX_WORD_CHARS] for word in WORD.findall(text.lower()))


def _combine(kind, parts):
    parts = tuple(part for part in parts if part is not None)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(parts)


def parse_web_query(text: str, operator: str = "and"):
    """The tree for a visitor's query string, or None when nothing searchable is left."""
    text = (text or "")[:MAX_QUERY_CHARS]
    groups: list[list[Term]] = []  # alternatives joined by OR form one group
    excluded: list[Term] = []
    join_next = False
    count = 0
    for match in TOKEN.finditer(text):
        negated, quoted, bare = match.groups()
        if bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = words_of(quoted if quoted is not None else bare)
        if not words or count >= MAX_TERMS:
            continue
        count += 1
        term = Term(words)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if operator.lower() == "or":
        groups = [[term for group in groups for term in group]] if groups else []
    include = _combine(All, [_combine(Any, group) for group in groups])
    if include is None:
        return None  # exclusions alone would match nearly everything: treat as empty
    exclude = _combine(Any, excluded)
    return include if exclude is None else Without(include, exclude)


def to_tree(query):
    """The tree for a Wagtail query object (strings arrive as PlainText)."""
    if isinstance(query, MatchAll):
        return EVERYTHING
    if isinstance(query, PlainText):
        return parse_web_query(query.query_string, query.operator)
    if isinstance(query, Phrase):
        words = words_of(query.query_string)[:MAX_TERMS]
        return Term(words) if words else None
    if isinstance(query, Not):
        return None  # a bare negation is treated like an empty query
    if isinstance(query, Or):
        return _combine(Any, [to_tree(sub) for sub in query.subqueries])
    if isinstance(query, And):
        include = [sub for sub in query.subqueries if not isinstance(sub, Not)]
        exclude = [sub.subquery for sub in query.subqueries if isinstance(sub, Not)]
        tree = _combine(All, [to_tree(sub) for sub in include])
        excluded = _combine(Any, [to_tree(sub) for sub in exclude])
        if tree is None or excluded is None or tree is EVERYTHING:
            return tree
        return Without(tree, excluded)
    raise NotImplementedError(f"{type(query).__name__} is not supported by the database backend")


def autocomplete_tree(query):
    """All words as terms, the last one as a prefix (for choosers and admin search)."""
    text = query.query_string if isinstance(query, PlainText) else str(query)
    words = words_of(text[:MAX_QUERY_CHARS])[:MAX_TERMS]
    if not words:
        return None
    terms = [Term((word,)) for word in words[:-1]] + [Term((words[-1],), prefix=True)]
    return _combine(All, terms)
