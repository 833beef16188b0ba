"""Patterns kept compiled in the cache folder behave exactly as ``re.compile`` makes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trustbridge.domain import crisis, regex_cache

TEXTS = (
    " i want to end it all tonight ",
    " this workout is killing me ",
    " my brother overdosed two years ago ",
    " i have been saving my tablets ",
    " short walk after work ",
    " ",
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(folder))
    return folder


def _same(one: re.Pattern[str], other: re.Pattern[str]) -> None:
    assert (one.pattern, one.flags, one.groups, one.groupindex) == (
        other.pattern,
        other.flags,
        other.groups,
        other.groupindex,
    )
    for text in TEXTS:
        assert [m.span() for m in one.finditer(text)] == [m.span() for m in other.finditer(text)]


def test_kept_then_read_back(cache: Path) -> None:
    pattern = r" (?:kill(?:ing)? (?P<who>me|myself)|end it(?: all)?)\b"
    made = regex_cache.compiled(pattern, re.IGNORECASE)
    [kept] = (cache / "regex").iterdir()
    again = regex_cache.compiled(pattern, re.IGNORECASE)
    _same(made, re.compile(pattern, re.IGNORECASE))
    _same(again, re.compile(pattern, re.IGNORECASE))
    assert again.search(" i am killing myself ").group("who") == "myself"  # type: ignore[union-attr]
    assert kept.stat().st_size > 0


def test_the_crisis_patterns_read_back_match_as_compiled(cache: Path) -> None:
    patterns = [crisis._compile(p) for p in crisis._PATTERNS]  # compiled, and kept
    for made in patterns:
        again = regex_cache.compiled(made.pattern)  # read back
        _same(again, re.compile(made.pattern))


def test_a_damaged_or_foreign_copy_is_compiled_again(cache: Path) -> None:
    regex_cache.compiled(" walk")
    [kept] = (cache / "regex").iterdir()
    kept.write_bytes(b"\x00not marshal")
    _same(regex_cache.compiled(" walk"), re.compile(" walk"))
    import marshal

    # another pattern's code under this pattern's name is not used
    other = marshal.loads(kept.read_bytes())
    kept.write_bytes(marshal.dumps((" talk", *other[1:])))
    assert regex_cache.compiled(" walk").search(" a walk ")
    # code the engine refuses is not used either
    kept.write_bytes(marshal.dumps((" walk", 0, [1, 2, 3], 0, {}, (None,))))
    _same(regex_cache.compiled(" walk"), re.compile(" walk"))


def test_an_unwritable_cache_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(blocked))
    _same(regex_cache.compiled(" walk"), re.compile(" walk"))
