"""The crisis check's first look (does any pattern's opening occur at all?) is one regex: it
answers exactly as testing each opening in turn, on every labelled line and on any text."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import crisis

LINES = Path(__file__).parents[1] / "data" / "crisis"
OPENINGS = crisis._openings(crisis._ALL_PATTERNS)


def _one_by_one(plain: str) -> bool:
    return any(opening in plain for opening in OPENINGS)


def _regex(plain: str) -> bool:
    return crisis._opening().search(plain) is not None


def _labelled() -> list[str]:
    found = []
    for path in sorted(LINES.glob("*.tsv")):
        with path.open(newline="") as handle:
            found += [row["text"] for row in csv.DictReader(handle, delimiter="\t")]
    return found


def test_every_labelled_line_gets_the_same_answer() -> None:
    lines = _labelled()
    assert len(lines) > 2500
    for line in lines:
        plain = crisis._normalise(line)
        assert _regex(plain) == _one_by_one(plain), line
        for start in range(0, len(plain), 7):  # and the pieces of it, where openings are cut
            assert _regex(plain[start:]) == _one_by_one(plain[start:])


_PIECES = st.sampled_from(
    [o[1 : 1 + n] for o in OPENINGS for n in (1, 2, len(o))] + [" ", "'", "x", "\n"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_any_text_gets_the_same_answer(text: str) -> None:
    plain = crisis._normalise(text)
    assert _regex(plain) == _one_by_one(plain)
    assert _regex(f" {text}") == _one_by_one(f" {text}")
