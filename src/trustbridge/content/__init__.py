"""Program and crisis content: typed, validated views of the packaged YAML files."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from trustbridge.cachedir import cache_folder as cache_folder
from trustbridge.cachedir import kept_folder
from trustbridge.packaged import content_bytes

__all__ = [
    "ChecklistItem",
    "Crisis",
    "Distortion",
    "Helpline",
    "Program",
    "Stage",
    "Tool",
    "load_crisis",
    "load_program",
]

_STAGE_SLUGS = (
    "roots",
    "patterns",
    "safety",
    "compassion",
    "vulnerability",
    "trust",
    "boundaries",
    "partnership",
    "support",
)
_LESSON_WORDS = (150, 400)
_PROMPTS = (3, 6)
_TRAP_KEYS = (
    "minimising",
    "blame",
    "avoidance",
    "overgeneralising",
    "one_root",
    "overwhelm",
    "ignoring_patterns",
    "rushing",
)
_SELF_EMPATHY_KEYS = ("acknowledge", "reflect", "validate", "be_kind", "challenge")
# checklist name -> (min items, max items, field holding the text, field holding the name or None)
_CHECKLISTS: dict[str, tuple[int, int, str, str | None]] = {
    "learned_beliefs": (8, 12, "text", None),
    "traps": (8, 8, "hint", "name"),
    "safety_signs": (10, 10, "text", None),
    "safety_builders": (7, 7, "text", "name"),
    "self_empathy_steps": (5, 5, "prompt", "name"),
    "patterns": (6, 10, "name", "name"),
}
_MIN_DISTORTIONS = 12
_AFFIRMATIONS = (8, 12)
_DO_NOW = (4, 6)
_MIN_GROUNDING = 5
_MIN_HELPLINES = 12
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_COUNTRY_RE = re.compile(r"^(?:[A-Z]{2}|INT)$")


class Stage(NamedTuple):
    """One stage of the program (1-8) or the support layer (9)."""

    number: int
    slug: str
    title: str
    summary: str
    lesson: str
    prompts: tuple[str, ...]
    tools: tuple[str, ...]


class Tool(NamedTuple):
    """A tool's display name and a one-line blurb."""

    slug: str
    name: str
    blurb: str


class ChecklistItem(NamedTuple):
    """One checklist entry; `name` equals `text` where the list has no separate name."""

    key: str
    name: str
    text: str


class Distortion(NamedTuple):
    """A common thinking trap, explained in a line, with a trust-related example."""

    key: str
    name: str
    explanation: str
    example: str


class Helpline(NamedTuple):
    """A crisis line; `number` or `text` may be "" (text-only services, directories)."""

    country: str
    country_name: str
    name: str
    number: str
    text: str
    hours: str
    source: str
    last_verified: dt.date


class Program(NamedTuple):
    """The whole program: stages, tools, checklists and supporting text."""

    stages: tuple[Stage, ...]
    tools: dict[str, Tool]
    checklists: dict[str, tuple[ChecklistItem, ...]]
    distortions: tuple[Distortion, ...]
    affirmation_starters: tuple[str, ...]
    disclaimer: str
    first_run: str
    #: the same welcome on a shared server (hosted mode), which is not the person's computer
    first_run_hosted: str

    def stage(self, slug_or_number: str | int) -> Stage:
        """Return the stage with this slug or number; KeyError if there is none."""
        for stage in self.stages:
            if slug_or_number in (stage.slug, stage.number):
                return stage
        raise KeyError(slug_or_number)

    def stage_for_tool(self, tool_slug: str) -> Stage:
        """Return the stage a tool belongs to; KeyError if no stage has it."""
        for stage in self.stages:
            if tool_slug in stage.tools:
                return stage
        raise KeyError(tool_slug)

    def distortion(self, key: str) -> Distortion:
        """Return the distortion with this key; KeyError if there is none."""
        for distortion in self.distortions:
            if distortion.key == key:
                return distortion
        raise KeyError(key)


class Crisis(NamedTuple):
    """What the Help now page shows."""

    do_now: tuple[str, ...]
    grounding: tuple[str, ...]
    message: str
    helplines: tuple[Helpline, ...]
    emergency_numbers: dict[str, str]


@cache
def load_program() -> Program:
    """Read, validate and return program.yaml (cached)."""
    return _parse_program(_read_yaml("program.yaml"))


@cache
def load_crisis() -> Crisis:
    """Read, validate and return crisis.yaml (cached)."""
    return _parse_crisis(_read_yaml("crisis.yaml"))


def _read_yaml(name: str) -> Mapping[str, Any]:
    """The parsed YAML file: from a parsed copy in the user's cache folder when it has one
    made from these very bytes (reading it takes a fraction of a millisecond; importing the
    YAML parser and parsing, about 30 ms of every command), else parsed and kept there."""
    raw = content_bytes(name)  # not importlib.resources: importing it costs more than the read
    kept = _kept_path(name, raw)
    data = _kept(kept)
    if data is None:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: ten times faster
        data = yaml.load(raw.decode("utf-8"), Loader=loader)
        keep_parsed(kept, data)
    if not isinstance(data, Mapping):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def _kept_path(name: str, raw: bytes) -> Any:
    """Where the parsed copy of these bytes is kept: named by their checksum and length, so
    an edited file is parsed afresh. Only the app's own content (no one's writing) is ever kept there."""
    import sys
    import zlib  # not hashlib: loading OpenSSL would cost more than the parse saves
    from pathlib import Path

    digest = f"{zlib.crc32(raw):08x}{len(raw):x}"
    folder = kept_folder()
    version = f"{sys.version_info[0]}{sys.version_info[1]}"
    return Path(folder) / "content" / f"{name}.{digest}.py{version}.marshal"


def _kept(path: Any) -> Any | None:
    import marshal

    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def keep_parsed(path: Any, data: Any) -> None:
    """Keep a parsed copy (anything ``marshal`` writes), written whole or not at all; nothing
    is lost if it cannot be. Used for the content files and the crisis check's compiled
    patterns (``domain.regex_cache``)."""
    import marshal
    import os
    import tempfile

    try:
        body = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, path)
    except (OSError, ValueError):
        return


# --- validation helpers -------------------------------------------------------------------


def _field(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] is None:
        raise ValueError(f"{where}: missing field {key!r}")
    return data[key]


def _mapping(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = _field(data, key, where)
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}.{key}: expected a mapping")
    return value


def _text(data: Mapping[str, Any], key: str, where: str, *, allow_empty: bool = False) -> str:
    value = _field(data, key, where)
    if not isinstance(value, str):
        raise ValueError(f"{where}.{key}: expected text, got {type(value).__name__}")
    value = value.strip()
    if not value and not allow_empty:
        raise ValueError(f"{where}.{key}: must not be empty")
    return value


def _optional_text(data: Mapping[str, Any], key: str, where: str) -> str:
    if data.get(key) is None:
        return ""
    return _text(data, key, where, allow_empty=True)


def _items(data: Mapping[str, Any], key: str, where: str, lo: int, hi: int | None) -> list[Any]:
    value = _field(data, key, where)
    if not isinstance(value, list):
        raise ValueError(f"{where}.{key}: expected a list")
    if len(value) < lo or (hi is not None and len(value) > hi):
        wanted = f"exactly {lo}" if lo == hi else f"{lo}-{hi}" if hi is not None else f">= {lo}"
        raise ValueError(f"{where}.{key}: expected {wanted} entries, found {len(value)}")
    return value


def _strings(
    data: Mapping[str, Any], key: str, where: str, lo: int, hi: int | None
) -> tuple[str, ...]:
    out = []
    for i, value in enumerate(_items(data, key, where, lo, hi)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}.{key}[{i}]: expected non-empty text")
        out.append(value.strip())
    return tuple(out)


def _entry(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a mapping")
    return value


def _key(data: Mapping[str, Any], where: str, seen: set[str]) -> str:
    key = _text(data, "key", where)
    if not _KEY_RE.match(key):
        raise ValueError(f"{where}.key: {key!r} is not snake_case")
    if key in seen:
        raise ValueError(f"{where}.key: duplicate key {key!r}")
    seen.add(key)
    return key


def _word_count(text: str) -> int:
    return len(text.split())


# --- program ------------------------------------------------------------------------------


def _parse_stage(raw: Any, where: str, tools: Mapping[str, Tool]) -> Stage:
    data = _entry(raw, where)
    number = _field(data, "number", where)
    if not isinstance(number, int) or isinstance(number, bool):
        raise ValueError(f"{where}.number: expected an integer")
    where = f"stage {number}"
    lesson = _text(data, "lesson", where)
    words = _word_count(lesson)
    if not _LESSON_WORDS[0] <= words <= _LESSON_WORDS[1]:
        raise ValueError(
            f"{where}.lesson: expected {_LESSON_WORDS[0]}-{_LESSON_WORDS[1]} words, found {words}"
        )
    stage_tools = _strings(data, "tools", where, 1, None)
    for slug in stage_tools:
        if slug not in tools:
            raise ValueError(f"{where}.tools: {slug!r} is not in the tools mapping")
    return Stage(
        number=number,
        slug=_text(data, "slug", where),
        title=_text(data, "title", where),
        summary=_text(data, "summary", where),
        lesson=lesson,
        prompts=_strings(data, "prompts", where, *_PROMPTS),
        tools=stage_tools,
    )


def _parse_tools(data: Mapping[str, Any]) -> dict[str, Tool]:
    raw = _mapping(data, "tools", "program")
    tools: dict[str, Tool] = {}
    for slug, value in raw.items():
        where = f"tools.{slug}"
        if not isinstance(slug, str) or not _KEY_RE.match(slug):
            raise ValueError(f"{where}: tool slug must be snake_case text")
        entry = _entry(value, where)
        tools[slug] = Tool(
            slug=slug, name=_text(entry, "name", where), blurb=_text(entry, "blurb", where)
        )
    return tools


def _parse_checklists(data: Mapping[str, Any]) -> dict[str, tuple[ChecklistItem, ...]]:
    raw = _mapping(data, "checklists", "program")
    out: dict[str, tuple[ChecklistItem, ...]] = {}
    for name, (lo, hi, text_field, name_field) in _CHECKLISTS.items():
        where = f"checklists.{name}"
        seen: set[str] = set()
        items = []
        for i, value in enumerate(_items(raw, name, "checklists", lo, hi)):
            entry = _entry(value, f"{where}[{i}]")
            key = _key(entry, f"{where}[{i}]", seen)
            text = _text(entry, text_field, f"{where}[{i}]")
            label = _text(entry, name_field, f"{where}[{i}]") if name_field else text
            items.append(ChecklistItem(key=key, name=label, text=text))
        out[name] = tuple(items)
    for name, wanted in (("traps", _TRAP_KEYS), ("self_empathy_steps", _SELF_EMPATHY_KEYS)):
        keys = tuple(item.key for item in out[name])
        if keys != wanted:
            raise ValueError(f"checklists.{name}: expected keys {list(wanted)}, found {list(keys)}")
    return out


def _parse_distortions(data: Mapping[str, Any]) -> tuple[Distortion, ...]:
    seen: set[str] = set()
    out = []
    for i, value in enumerate(_items(data, "distortions", "program", _MIN_DISTORTIONS, None)):
        where = f"distortions[{i}]"
        entry = _entry(value, where)
        out.append(
            Distortion(
                key=_key(entry, where, seen),
                name=_text(entry, "name", where),
                explanation=_text(entry, "explanation", where),
                example=_text(entry, "example", where),
            )
        )
    return tuple(out)


def _parse_program(data: Mapping[str, Any]) -> Program:
    tools = _parse_tools(data)
    raw_stages = _items(data, "stages", "program", len(_STAGE_SLUGS), len(_STAGE_SLUGS))
    stages = tuple(_parse_stage(raw, f"stages[{i}]", tools) for i, raw in enumerate(raw_stages))
    for expected, (slug, stage) in enumerate(zip(_STAGE_SLUGS, stages, strict=True), start=1):
        if stage.number != expected or stage.slug != slug:
            raise ValueError(
                f"stages: expected stage {expected} {slug!r}, found {stage.number} {stage.slug!r}"
            )
    owners: dict[str, int] = {}
    for stage in stages:
        for slug in stage.tools:
            if slug in owners:
                raise ValueError(
                    f"tools: {slug!r} is listed by stage {owners[slug]} and stage {stage.number}"
                )
            owners[slug] = stage.number
    orphans = sorted(set(tools) - set(owners))
    if orphans:
        raise ValueError(f"tools: not used by any stage: {orphans}")
    return Program(
        stages=stages,
        tools=tools,
        checklists=_parse_checklists(data),
        distortions=_parse_distortions(data),
        affirmation_starters=_strings(data, "affirmation_starters", "program", *_AFFIRMATIONS),
        disclaimer=_text(data, "disclaimer", "program"),
        first_run=_text(data, "first_run", "program"),
        first_run_hosted=_text(data, "first_run_hosted", "program"),
    )


# --- crisis -------------------------------------------------------------------------------


def _date(data: Mapping[str, Any], key: str, where: str) -> dt.date:
    value = _field(data, key, where)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{where}.{key}: expected a date like 2026-11-01, got {value!r}")


def _parse_helpline(raw: Any, where: str) -> Helpline:
    data = _entry(raw, where)
    country = _text(data, "country", where)
    if not _COUNTRY_RE.match(country):
        raise ValueError(f"{where}.country: {country!r} is not ISO 3166 alpha-2 or 'INT'")
    number = _text(data, "number", where, allow_empty=True)
    text = _optional_text(data, "text", where)
    if not number and not text:
        raise ValueError(f"{where}: needs a number or text saying how to reach the service")
    source = _text(data, "source", where)
    if "/" in source or " " in source or "." not in source:
        raise ValueError(f"{where}.source: expected a bare domain, got {source!r}")
    return Helpline(
        country=country,
        country_name=_text(data, "country_name", where),
        name=_text(data, "name", where),
        number=number,
        text=text,
        hours=_text(data, "hours", where),
        source=source,
        last_verified=_date(data, "last_verified", where),
    )


def _parse_crisis(data: Mapping[str, Any]) -> Crisis:
    helplines = tuple(
        _parse_helpline(raw, f"helplines[{i}]")
        for i, raw in enumerate(_items(data, "helplines", "crisis", _MIN_HELPLINES, None))
    )
    numbers: dict[str, str] = {}
    for code, number in _mapping(data, "emergency_numbers", "crisis").items():
        if not isinstance(code, str) or not _COUNTRY_RE.match(code):
            raise ValueError(f"crisis.emergency_numbers: bad country code {code!r}")
        if not isinstance(number, str) or not number.strip():
            raise ValueError(
                f"crisis.emergency_numbers.{code}: expected quoted text, got {number!r}"
            )
        numbers[code] = number.strip()
    return Crisis(
        do_now=_strings(data, "do_now", "crisis", *_DO_NOW),
        grounding=_strings(data, "grounding", "crisis", _MIN_GROUNDING, None),
        message=_text(data, "message", "crisis"),
        helplines=helplines,
        emergency_numbers=numbers,
    )
