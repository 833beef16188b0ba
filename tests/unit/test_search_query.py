"""The search query builder: any text at all becomes a safe FTS5 query, or none; never an error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain.search_query import (
    MAX_TERMS,
    folded,
    match_expression,
    match_parts,
    parse,
)
from trustbridge.store import cipherdb

#: FTS5's own syntax, mixed into the text Hypothesis makes
SYNTAX = st.sampled_from(
    ['"', "*", "AND", "OR", "NOT", "NEAR(", "(", ")", ":", "^", "+", "-", "{", "}"]
)
TEXTS = st.lists(st.one_of(st.text(), SYNTAX), max_size=12).map(" ".join)


@pytest.fixture(scope="module")
def fts() -> Iterator[object]:
    conn = cipherdb.dbapi.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t VALUES ('walking by the café with my sister')")
    yield conn
    conn.close()


@given(TEXTS)
def test_any_text_gives_a_query_that_fts5_accepts(fts: object, text: str) -> None:
    expression = match_expression(parse(text))
    if expression is not None:
        fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()  # type: ignore[attr-defined]


@given(TEXTS)
def test_every_term_is_quoted_and_there_are_never_too_many(text: str) -> None:
    terms = parse(text)
    assert len(terms.words) + len(terms.phrases) <= MAX_TERMS
    expression = match_expression(terms)
    assert (expression is None) == (not terms)
    for word in terms.words:
        assert '"' not in word and "\x00" not in word


@given(st.text())
def test_a_word_typed_alone_finds_itself_as_a_prefix(text: str) -> None:
    words = parse(text).words
    assert all(w.strip() == w and w for w in words)


def test_words_phrases_and_stray_quotes() -> None:
    assert parse('walk "my sister" café').words == ("walk", "café")
    assert parse('walk "my sister" café').phrases == ("my sister",)
    assert match_expression(parse('"unclosed walk')) == '"unclosed"* AND "walk"*'
    assert match_expression(parse("AND( * :")) == '"AND("*'
    assert match_expression(parse('  " * " ')) is None
    assert match_expression(parse("")) is None


def test_a_spelling_is_given_only_when_fts5_spells_it_the_same(fts: object) -> None:
    """Every letter ``folded`` spells is spelled as FTS5 itself spells it, so looking a word
    up in the index's own word list finds exactly what FTS5's prefix search would."""
    conn: Any = fts
    conn.execute(
        "CREATE VIRTUAL TABLE letters USING fts5(t, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("CREATE VIRTUAL TABLE letter_words USING fts5vocab(letters, 'instance')")
    spelled = {}
    for code in range(0x20, 0x30000):
        letter = chr(code)
        if (known := folded(letter)) is not None:
            conn.execute("INSERT INTO letters(rowid, t) VALUES (?, ?)", (code, f"x{letter}x"))
            spelled[code] = f"x{known}x"
    assert len(spelled) > 500  # the Latin letters with accents, at least
    assert dict(conn.execute("SELECT doc, term FROM letter_words")) == spelled


def test_what_folded_leaves_to_fts5() -> None:
    assert folded("Café") == "cafe" and folded("ÉTÉ") == "ete" and folded("Walk2") == "walk2"
    for word in ("don't", "Ελένη", "Straße", "søster", "日記", "e\u0301", ""):
        assert folded(word) is None, word


def test_spellings_replace_a_prefix_with_the_words_it_starts() -> None:
    terms = parse('walk "my sister" tea')
    assert match_parts(terms, {"walk": ("walk", "walked")}) == [
        '("walk" OR "walked")',
        '"tea"*',
        '"my sister"',
    ]
    assert match_expression(terms, {"tea": ("tea",)}) == '"walk"* AND "tea" AND "my sister"'
