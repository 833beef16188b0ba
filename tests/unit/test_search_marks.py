"""Hosted search marks matches itself: exactly where FTS5's ``highlight`` would mark them."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain.search_marks import mark
from trustbridge.domain.search_query import match_expression, parse
from trustbridge.domain.search_rank import CLOSE, OPEN
from trustbridge.store.search_index import CREATE_TABLE, TABLE

MARKS = (OPEN, CLOSE)


def _fts5(text: str, words: str) -> str | None:
    """What FTS5 marks in ``text`` for ``words``, searched as the local search builds its
    query; ``None`` when FTS5 finds no match there."""
    with sqlite3.connect(":memory:") as conn:
        conn.execute(CREATE_TABLE)
        conn.execute(f"INSERT INTO {TABLE}(rowid, text) VALUES (1, ?)", (text,))
        expression = match_expression(parse(words))
        found = conn.execute(
            f"SELECT highlight({TABLE}, 0, ?, ?) FROM {TABLE} WHERE {TABLE} MATCH ?",
            (*MARKS, expression),
        ).fetchone()
    return None if found is None else str(found[0])


def _ours(text: str, words: str) -> str:
    terms = parse(words)
    return mark(text, terms.words, terms.phrases, MARKS)


CASES = [
    ("I went walking with my sister to the café", "walk cafe"),
    ("with my sister with my sister, then home", '"with my sister"'),
    ("record 75 walking to the café with my sister", "record 7"),
    ("she said sister with care, with my sister", '"sister with"'),
    ("Don't wait: don't!", "don't"),
    ("ÉCOLE, école, ecole", "ECOLE"),
    ("self-care and_more under_score", "care more score"),
    ("Ελένη came by; ελένη again", "ελένη"),
    ("walk walk walking", "walk walking"),
    ("nothing here matches", "walk"),
]


def test_marks_are_where_fts5_puts_them() -> None:
    for text, words in CASES:
        expected = _fts5(text, words)
        assert _ours(text, words) == (expected if expected is not None else text), (text, words)


_PIECES = st.sampled_from(["walk", "walking", "Café", "cafe", "sister", "my", "with", "don't",
                           "x-y", "2026", "é", ",", ".", " ", "  ", "_", "wa"])  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(_PIECES, min_size=1, max_size=20).map(" ".join),
    words=st.lists(st.sampled_from(["walk", "wa", "cafe", '"with my"', '"my sister"', "w",
                                    "don't", "2026", "x-y", "sister"]),
                   min_size=1, max_size=3).map(" ".join),
)  # fmt: skip
def test_marks_agree_with_fts5_on_any_text(text: str, words: str) -> None:
    expected = _fts5(text, words)
    if expected is not None:  # where FTS5 finds the entry, the marks are its
        assert _ours(text, words) == expected
