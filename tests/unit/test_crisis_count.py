"""An import's crisis count (``crisis.count_flagged``) is the full check's, NumPy or not.

A restore counts the entries of its last days that sound like crisis; entries the quick
look (``crisis._quick``) finds calm are let be without loading NumPy, and every other entry
goes to the full check. Whatever the mix, and wherever the quick look's budget runs out,
the count is the one ``check_many`` gives: no entry the full check flags is missed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import crisis, crisis_learned, crisis_semantic

LINES = sorted(
    row["text"]
    for path in (Path(__file__).parents[1] / "data" / "crisis").glob("*.tsv")
    for row in csv.DictReader(path.open(newline=""), delimiter="\t")
)


@pytest.fixture(scope="module", autouse=True)
def _kept() -> Iterator[None]:
    """The copies the quick look reads are kept by the full check's first use."""
    crisis_semantic.closeness(["warm up the check"])
    crisis_learned.weights()
    yield


def _full(entries: list[list[str | None]]) -> int:
    return sum(signal.flagged for signal in crisis.check_many(entries, in_context=False))


def _quick_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a fresh process: the full model not in memory, so the quick look goes first."""
    monkeypatch.setattr(crisis, "loaded", lambda: False)


def test_every_labelled_line_is_counted_as_the_full_check_counts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(LINES) > 2500
    expected = [
        signal.flagged for signal in crisis.check_many([[t] for t in LINES], in_context=False)
    ]
    assert any(expected) and not all(expected)
    _quick_only(monkeypatch)
    monkeypatch.setattr(crisis, "QUICK_IMPORT_CHARACTERS", 10**9)  # every line looked at quickly
    for line, flagged in zip(LINES, expected, strict=True):
        assert crisis.count_flagged([[line]]) == flagged, line


_TEXTS = st.sampled_from(LINES) | st.text(max_size=60) | st.none()


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(st.lists(_TEXTS, max_size=3), max_size=8),
    budget=st.integers(0, 400),
)
def test_any_entries_get_the_full_check_s_count(
    entries: list[list[str | None]], budget: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        _quick_only(patch)
        patch.setattr(crisis, "QUICK_IMPORT_CHARACTERS", budget)
        assert crisis.count_flagged(entries) == _full(entries)


def test_calm_entries_are_counted_without_the_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    _quick_only(monkeypatch)
    calm = [["A long quiet walk with my sister after work, then tea at home"], [None, ""]]
    monkeypatch.setattr(crisis, "check_many", lambda *a, **k: pytest.fail("the full check ran"))
    assert crisis.count_flagged(calm) == 0
