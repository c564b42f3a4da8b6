"""The search box's query language, parsed without Elasticsearch."""

from search.syntax import Term, expand_abbreviations, parse


def test_words_phrases_exclusions_and_or():
    parsed = parse('precept "police and crime plan" -budget -"annual report" a OR b')
    assert parsed.groups == [
        [Term("precept")],
        [Term("police and crime plan", phrase=True)],
        [Term("a"), Term("b")],
    ]
    assert parsed.excluded == [Term("budget"), Term("annual report", phrase=True)]


def test_unbalanced_quote_runs_to_the_end():
    assert parse('"police and crime').groups == [[Term("police and crime", phrase=True)]]


def test_syntax_characters_are_only_text():
    parsed = parse("title:(a^3) ~2 * || &&")
    assert [t.text for t in parsed.terms] == ["title a 3", "2"]


def test_lone_operators_are_ignored():
    assert parse("- OR --").is_empty


def test_abbreviation_adds_long_form_and_long_form_adds_abbreviation():
    expansions = {
        "pcc": ["police and crime commissioner"],
        "police and crime commissioner": ["pcc"],
    }
    short = expand_abbreviations(parse("PCC budget"), expansions)
    assert short.groups[0] == [Term("PCC"), Term("police and crime commissioner", phrase=True)]
    long = expand_abbreviations(parse("police and crime commissioner budget"), expansions)
    assert long.groups[0] == [Term("police and crime commissioner", phrase=True), Term("pcc")]
    assert long.groups[1] == [Term("budget")]
