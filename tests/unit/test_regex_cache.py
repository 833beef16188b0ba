"""Patterns kept compiled in the cache folder behave exactly as ``re.compile`` makes them."""

from __future__ import annotations

import re
from collections.abc import Sequence
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


def _join(words: Sequence[str]) -> str:
    return " (?:" + "|".join(words) + ")"


def _join_differently(words: Sequence[str]) -> str:
    return " (?:" + "|".join(reversed(words)) + ")"


def test_a_built_pattern_is_kept_and_not_built_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[tuple[str, ...]] = []

    def build(words: Sequence[str]) -> str:
        built.append(tuple(words))
        return _join(words)

    made = regex_cache.compiled_from(("walk", "talk"), build, _join)
    _same(made, re.compile(" (?:walk|talk)"))
    again = regex_cache.compiled_from(("walk", "talk"), build, _join)
    _same(again, re.compile(" (?:walk|talk)"))
    assert built == [("walk", "talk")]  # read back the second time, not built
    # other sources, or other code building them, are built afresh
    other = regex_cache.compiled_from(("walk", "run"), build, _join)
    _same(other, re.compile(" (?:walk|run)"))
    assert built[-1] == ("walk", "run")
    _same(
        regex_cache.compiled_from(("walk", "talk"), _join_differently),
        re.compile(" (?:talk|walk)"),
    )


def test_a_damaged_built_copy_is_built_again(cache: Path) -> None:
    regex_cache.compiled_from(("walk",), _join)
    [kept] = (cache / "regex").iterdir()
    kept.write_bytes(b"\x00not marshal")
    _same(regex_cache.compiled_from(("walk",), _join), re.compile(" (?:walk)"))
    import marshal

    key, parts = marshal.loads(kept.read_bytes())
    kept.write_bytes(marshal.dumps((key, (parts[0], 0, [1, 2, 3], 0, {}, (None,)))))
    _same(regex_cache.compiled_from(("walk",), _join), re.compile(" (?:walk)"))


def test_the_crisis_openings_and_rules_read_back_as_built(cache: Path) -> None:
    crisis._opening.cache_clear()
    crisis._rules.cache_clear()
    try:
        first_opening, (first_any, first_rules) = crisis._opening(), crisis._rules()
        crisis._opening.cache_clear()
        crisis._rules.cache_clear()
        opening, (any_rule, rules) = crisis._opening(), crisis._rules()
    finally:
        crisis._opening.cache_clear()
        crisis._rules.cache_clear()
    _same(opening, first_opening)
    _same(opening, re.compile(crisis._build_opening(crisis._ALL_PATTERNS)))
    _same(any_rule, first_any)
    for (reason, rule), (_, first_rule) in zip(rules, first_rules, strict=True):
        _same(rule, first_rule)
        patterns = crisis._PATTERNS[crisis.CATEGORIES.index(reason)]
        assert rule.pattern == crisis._build(patterns)
