"""Tests for the program and crisis content and their loader."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from trustbridge.content import (
    ChecklistItem,
    Crisis,
    Program,
    Stage,
    _parse_crisis,
    _parse_program,
    load_crisis,
    load_program,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CONTENT = resources.files("trustbridge.content")
SHINGLE = 8

STAGE_SLUGS = [
    "roots",
    "patterns",
    "safety",
    "compassion",
    "vulnerability",
    "trust",
    "boundaries",
    "partnership",
    "support",
]
STAGE_TOOLS = {
    "roots": {"hurt_inventory", "learned_beliefs", "pattern_journal"},
    "patterns": {"thought_record", "belief_tracker"},
    "safety": {"safety_selfcheck", "self_promises", "emotion_checkin"},
    "compassion": {"self_empathy", "affirmations", "mindful_pause", "habits"},
    "vulnerability": {"vulnerability_ladder"},
    "trust": {
        "trust_circle",
        "evidence_log",
        "trust_estimate",
        "bridge_plan",
        "promises_both_ways",
        "gut_checks",
    },
    "boundaries": {"boundaries", "istatement", "boundary_events", "balance_log"},
    "partnership": {"partner_checkin", "rituals", "appreciation_log", "shared_goals", "wins"},
    "support": {"support_map", "safety_plan", "therapist_report", "crisis_resources"},
}


@pytest.fixture(scope="module")
def program() -> Program:
    return load_program()


@pytest.fixture(scope="module")
def crisis() -> Crisis:
    return load_crisis()


def _raw(name: str) -> dict[str, Any]:
    data = yaml.safe_load(CONTENT.joinpath(name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- loading and shape -------------------------------------------------------------------


def test_loaders_are_cached(program: Program, crisis: Crisis) -> None:
    assert load_program() is program
    assert load_crisis() is crisis


def test_nine_stages_in_order(program: Program) -> None:
    assert [s.number for s in program.stages] == list(range(1, 10))
    assert [s.slug for s in program.stages] == STAGE_SLUGS
    for stage in program.stages:
        assert stage.title and stage.summary
        assert stage.summary.count(".") <= 1, f"{stage.slug}: summary should be one sentence"


@pytest.mark.parametrize("slug", STAGE_SLUGS)
def test_lesson_length_and_prompts(program: Program, slug: str) -> None:
    stage = program.stage(slug)
    assert 150 <= len(stage.lesson.split()) <= 400
    assert 3 <= len(stage.prompts) <= 6
    assert all(p.strip().endswith("?") for p in stage.prompts)


def test_stage_tools_match_program_md(program: Program) -> None:
    for stage in program.stages:
        assert set(stage.tools) == STAGE_TOOLS[stage.slug], stage.slug


def test_every_stage_tool_exists(program: Program) -> None:
    for stage in program.stages:
        for slug in stage.tools:
            assert slug in program.tools, f"{stage.slug} lists unknown tool {slug}"


def test_every_tool_belongs_to_exactly_one_stage(program: Program) -> None:
    for slug, tool in program.tools.items():
        owners = [s.slug for s in program.stages if slug in s.tools]
        assert len(owners) == 1, f"{slug} belongs to {owners}"
        assert tool.slug == slug and tool.name and tool.blurb


def test_lookups(program: Program) -> None:
    assert program.stage("trust") is program.stage(6)
    assert isinstance(program.stage(9), Stage) and program.stage(9).slug == "support"
    assert program.stage_for_tool("gut_checks").slug == "trust"
    assert program.stage_for_tool("crisis_resources").number == 9
    assert program.distortion("mind_reading").name == "Mind reading"
    with pytest.raises(KeyError):
        program.stage("nope")
    with pytest.raises(KeyError):
        program.stage(10)
    with pytest.raises(KeyError):
        program.stage_for_tool("nope")
    with pytest.raises(KeyError):
        program.distortion("nope")


def test_checklist_counts(program: Program) -> None:
    lists = program.checklists
    assert 8 <= len(lists["learned_beliefs"]) <= 12
    assert [i.key for i in lists["traps"]] == [
        "minimising",
        "blame",
        "avoidance",
        "overgeneralising",
        "one_root",
        "overwhelm",
        "ignoring_patterns",
        "rushing",
    ]
    assert len(lists["safety_signs"]) == 10
    assert len(lists["safety_builders"]) == 7
    assert [i.key for i in lists["self_empathy_steps"]] == [
        "acknowledge",
        "reflect",
        "validate",
        "be_kind",
        "challenge",
    ]
    assert 6 <= len(lists["patterns"]) <= 10
    for name, items in lists.items():
        keys = [i.key for i in items]
        assert len(keys) == len(set(keys)), f"{name} has duplicate keys"
        for item in items:
            assert isinstance(item, ChecklistItem)
            assert re.fullmatch(r"[a-z][a-z0-9_]*", item.key)
            assert item.name and item.text


def test_checklist_name_and_text_mapping(program: Program) -> None:
    raw = _raw("program.yaml")["checklists"]
    overwhelm = program.checklists["traps"][5]
    assert overwhelm.text == raw["traps"][5]["hint"]
    assert "breathe" in overwhelm.text.lower()
    first_step = program.checklists["self_empathy_steps"][0]
    assert first_step.text == raw["self_empathy_steps"][0]["prompt"]
    for item in program.checklists["learned_beliefs"] + program.checklists["safety_signs"]:
        assert item.name == item.text
    for item in program.checklists["patterns"]:
        assert item.name == item.text


def test_distortions_and_affirmations(program: Program) -> None:
    assert len(program.distortions) >= 14
    keys = {d.key for d in program.distortions}
    assert len(keys) == len(program.distortions)
    assert {"all_or_nothing", "mind_reading", "catastrophising", "emotional_reasoning"} <= keys
    for d in program.distortions:
        assert d.name and d.explanation and d.example
    assert 8 <= len(program.affirmation_starters) <= 12


def test_disclaimer_and_first_run(program: Program) -> None:
    assert len(re.findall(r"[.!?](?:\s|$)", program.disclaimer)) == 2
    assert "not therapy" in program.disclaimer
    assert "Help now" in program.disclaimer
    words = len(program.first_run.split())
    assert 60 <= words <= 120
    assert "not therapy" in program.first_run
    assert "this computer" in program.first_run


# --- crisis ------------------------------------------------------------------------------


def test_crisis_sections(crisis: Crisis) -> None:
    assert 4 <= len(crisis.do_now) <= 6
    assert len(crisis.grounding) >= 6
    assert any("breath" in step.lower() for step in crisis.grounding)
    assert crisis.message


def test_helplines_have_dates_and_sources(crisis: Crisis) -> None:
    assert len(crisis.helplines) >= 12
    for line in crisis.helplines:
        assert re.fullmatch(r"[A-Z]{2}|INT", line.country), line
        assert line.country_name and line.name and line.hours
        assert line.number or line.text, line
        assert isinstance(line.last_verified, dt.date)
        assert line.last_verified <= dt.date(2027, 1, 1)
        assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", line.source), line.source
    countries = {line.country for line in crisis.helplines}
    wanted = ["US", "GB", "IE", "CA", "AU", "NZ", "DE", "FR", "NL", "ES", "IN", "JP", "ZA", "INT"]
    assert set(wanted) <= countries
    numbers = {(line.country, line.number) for line in crisis.helplines}
    assert {("US", "988"), ("CA", "988"), ("GB", "116 123"), ("AU", "13 11 14")} <= numbers


def test_emergency_numbers(crisis: Crisis) -> None:
    expected = {"US": "911", "GB": "999", "EU": "112", "AU": "000", "NZ": "111", "CA": "911"}
    for code, number in expected.items():
        assert crisis.emergency_numbers[code] == number
    assert crisis.emergency_numbers["IN"] == "112"


# --- validation --------------------------------------------------------------------------


def test_short_lesson_is_rejected() -> None:
    data = _raw("program.yaml")
    data["stages"][0]["lesson"] = "Too short."
    with pytest.raises(ValueError, match="lesson"):
        _parse_program(data)


def test_wrong_trap_count_is_rejected() -> None:
    data = _raw("program.yaml")
    data["checklists"]["traps"].pop()
    with pytest.raises(ValueError, match="traps"):
        _parse_program(data)


def test_missing_field_is_rejected() -> None:
    data = _raw("program.yaml")
    del data["stages"][2]["summary"]
    with pytest.raises(ValueError, match="summary"):
        _parse_program(data)


def test_unknown_tool_is_rejected() -> None:
    data = _raw("program.yaml")
    data["stages"][0]["tools"].append("no_such_tool")
    with pytest.raises(ValueError, match="no_such_tool"):
        _parse_program(data)


def test_unquoted_emergency_number_is_rejected() -> None:
    data = _raw("crisis.yaml")
    bad = copy.deepcopy(data)
    bad["emergency_numbers"]["AU"] = 0
    with pytest.raises(ValueError, match="AU"):
        _parse_crisis(bad)
    bad = copy.deepcopy(data)
    del bad["helplines"][0]["source"]
    with pytest.raises(ValueError, match="source"):
        _parse_crisis(bad)


# --- seed overlap ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _content_texts() -> Iterator[tuple[str, str]]:
    for entry in CONTENT.iterdir():
        if entry.is_file() and entry.name.endswith((".yaml", ".yml", ".py", ".md", ".txt")):
            yield entry.name, entry.read_text(encoding="utf-8")
    yield Path(__file__).name, Path(__file__).read_text(encoding="utf-8")


def test_no_seed_sentences_in_content() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}")
    seed: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        seed |= _shingles(_words(path.read_text(encoding="utf-8", errors="replace")))
    assert seed, "no seed text was read"
    hits = [
        f"{name}: {' '.join(shingle)}"
        for name, text in _content_texts()
        for shingle in sorted(_shingles(_words(text)) & seed)
    ]
    assert not hits, "content repeats seed text word for word:\n" + "\n".join(hits)
