"""Ranking and snippets from FTS5's highlighted text: terms counted where FTS5 marked them,
bm25 preferring more, denser and rarer matches, and snippets that keep their marks whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trustbridge.domain.search_rank import CLOSE, OPEN, bm25, entry, needle, snippet, weight


def _marked(text: str) -> str:
    return text.replace("[", OPEN).replace("]", CLOSE)


def _shown(text: str) -> str:
    return text.replace(OPEN, "[").replace(CLOSE, "]")


def test_terms_are_counted_only_where_fts5_marked_them() -> None:
    found = entry(_marked("[Walking] to walk with my [sister], [walk sister] and [Café] again"))
    assert found.length == 11
    assert needle("walk", prefix=True).times_in(found.marked) == 2  # Walking, and in the phrase
    assert needle("walk sister", prefix=False).times_in(found.marked) == 1
    assert needle("sister walk", prefix=False).times_in(found.marked) == 0
    assert needle("cafe", prefix=True).times_in(found.marked) == 1  # accents folded away
    assert needle("wal", prefix=False).times_in(found.marked) == 0  # a phrase is whole words


def test_bm25_prefers_more_matches_shorter_entries_and_rarer_terms() -> None:
    term = [needle("sister", prefix=True)]
    once, twice = (
        entry(_marked("[sister] " + "x " * 9)),
        entry(_marked("[sister] [sister] " + "x " * 8)),
    )
    assert bm25(twice, term, [1.0], 10) > bm25(once, term, [1.0], 10)
    short = entry(_marked("[sister] x"))
    assert bm25(short, term, [1.0], 10) > bm25(once, term, [1.0], 10)
    both = [needle("the", prefix=True), needle("lighthouse", prefix=True)]
    weights = [weight(1000, 990), weight(1000, 3)]
    many_the = entry(_marked("[the] [the] [the] [the] [lighthouse] x"))
    many_lights = entry(_marked("[the] [lighthouse] [lighthouse] [lighthouse] x x"))
    assert bm25(many_lights, both, weights, 6) > bm25(many_the, both, weights, 6)


def test_a_short_entry_is_its_own_snippet() -> None:
    text = _marked("Sunday: a [walk]\nto the café")
    assert snippet(text, 24) == text


def test_a_long_entry_shows_the_stretch_with_the_most_matches() -> None:
    text = _marked(" ".join(["word"] * 40) + " [walk] and [sister]. " + " ".join(["more"] * 40))
    assert _shown(snippet(text, 6)) == "…word [walk] and [sister]. more more…"
    start = _marked("[walk] " + " ".join(["word"] * 40))
    assert _shown(snippet(start, 5)) == "[walk] word word word word…"  # the start shows as much


def test_a_snippet_cut_inside_a_marked_phrase_keeps_its_marks() -> None:
    text = _marked(" ".join(["word"] * 30) + " [my dear sister] " + " ".join(["more"] * 30))
    assert _shown(snippet(text, 1)) == "…[my]…"
    assert _shown(snippet(text, 2)) == "…[my dear]…"


WORDS = st.lists(
    st.tuples(st.sampled_from(["walk", "sister", "café", "the", "x,"]), st.booleans()),
    min_size=1,
    max_size=60,
)


@given(WORDS, st.integers(min_value=1, max_value=30))
def test_snippets_keep_marks_paired_and_only_show_what_was_written(
    words: list[tuple[str, bool]], size: int
) -> None:
    text = " ".join(f"{OPEN}{w}{CLOSE}" if hit else w for w, hit in words)
    shown = snippet(text, size)
    marks = [ch for ch in shown if ch in (OPEN, CLOSE)]
    assert marks == [OPEN, CLOSE] * (len(marks) // 2)
    plain = shown.replace(OPEN, "").replace(CLOSE, "").strip("…")
    assert plain in text.replace(OPEN, "").replace(CLOSE, "")
    assert len(plain.split()) == min(size, len(words))
