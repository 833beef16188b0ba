"""Import thoughts exported from FreeCBT (or its forerunner Quirk) as CSV or JSON: each becomes a
thought record.

The CSV has a header with ``automaticThought``, ``cognitiveDistortions`` (slugs joined by
commas), ``challenge``, ``alternativeThought`` and ``createdAt``. The JSON is a list of
thoughts, an archive ``{"v": ..., "thoughts": [...]}``, or an object of thoughts by key; its
``cognitiveDistortions`` are slugs or ``{"label", "slug", "selected"}`` objects. The challenge
becomes the evidence against the thought, the alternative thought the balanced one. FreeCBT
asks for no situation or emotions, so a short situation is filled in and the emotions stay
empty; distortions are matched to Trustbridge's thinking traps where one fits.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from trustbridge.domain.words import count_words
from trustbridge.exchange import values
from trustbridge.exchange.common import (
    ExchangeError,
    Importer,
    Plan,
    check,
    decode,
    load_json,
    on_line,
    records_plan,
)
from trustbridge.services.base import local_day
from trustbridge.services.catalog import spec
from trustbridge.store import models as m

SOURCE = "FreeCBT"
TOOL = "Thought record"
NO_SITUATION = "Imported from FreeCBT"
#: FreeCBT's distortion slugs and the Trustbridge thinking trap each one matches
DISTORTIONS = {
    "all-or-nothing": "all_or_nothing",
    "overgeneralization": "overgeneralising",
    "mind-reading": "mind_reading",
    "fortune-telling": "fortune_telling",
    "magnification-of-the-negative": "magnifying_minimising",
    "minimization-of-the-positive": "discounting_positive",
    "catastrophizing": "catastrophising",
    "emotional-reasoning": "emotional_reasoning",
    "should-statements": "should_statements",
    "labeling": "labelling",
    "self-blaming": "personalising",
    "other-blaming": "blaming",
}
#: FreeCBT's names for a thought's parts, and the thought-record field each fills
PARTS = {
    "situation": "situation",
    "automaticThought": "automatic_thought",
    "challenge": "evidence_against",
    "alternativeThought": "balanced_thought",
}
#: each thought-record column by the name FreeCBT gives its value, for messages
COLUMN_NAMES = {
    **{column: name for name, column in PARTS.items()},
    "distortions": "cognitiveDistortions",
    "created_at": "createdAt",
}
_SPLIT = re.compile(r"[,|;]")
_EMOTION_SLOT = re.compile(r"(?:emotion|intensity|rerated)_\d+")


def _fields() -> tuple[Any, ...]:
    """The thought-record fields, with emotions optional: FreeCBT does not ask for them."""
    fields = spec("thought_record").fields
    return tuple(f._replace(required=False) if f.name.endswith("_1") else f for f in fields)


def _trap(slug: str, keys: set[str]) -> str | None:
    slug = slug.strip().casefold()
    if slug in DISTORTIONS:
        return DISTORTIONS[slug]
    key = slug.replace("-", "_").replace(" ", "_").replace("izing", "ising")
    return key if key in keys else None


def _slugs(value: object, at: str) -> list[str]:
    """The selected distortion slugs, from a joined string or a list of slugs or objects."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in _SPLIT.split(value) if part.strip()]
    if not isinstance(value, list):
        raise ExchangeError(f"{at}: must be a list of distortions")
    slugs = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            slugs.append(item)
        elif isinstance(item, dict) and isinstance(item.get("slug"), str):
            if item.get("selected", True) is True:
                slugs.append(item["slug"])
        else:
            raise ExchangeError(f"{at}[{i}]: must be a distortion slug or an object with a slug")
    return slugs


def _moment(value: object, at: str) -> dt.datetime:
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ExchangeError(f"{at}: must be a date and time like 2024-03-31T21:30:00Z") from None
    return values.moment(moment, at)


class _Reader:
    """Turns thoughts (as mappings of FreeCBT names to values) into checked thought records."""

    def __init__(self, now: dt.datetime) -> None:
        self.today = local_day(now)
        self.fields = _fields()
        self.keys = {
            key for key, _ in next(f for f in self.fields if f.name == "distortions").choices
        }
        self.unmatched: Counter[str] = Counter()
        self.no_situation = 0

    def record(self, thought: Mapping[str, Any], at: Any) -> m.ThoughtRecord:
        """``at(name)`` says where a value came from, for errors (``Line 3, challenge``)."""
        raw: dict[str, object] = {}
        for name, field_name in PARTS.items():
            value = thought.get(name)
            if value is not None and not isinstance(value, str):
                raise ExchangeError(f"{at(name)}: must be text")
            raw[field_name] = value
        if not str(raw["situation"] or "").strip():
            raw["situation"] = NO_SITUATION
            self.no_situation += 1
        traps = []
        for slug in _slugs(thought.get("cognitiveDistortions"), at("cognitiveDistortions")):
            key = _trap(slug, self.keys)
            if key is None:
                self.unmatched[slug.strip()] += 1
            elif key not in traps:
                traps.append(key)
        raw["distortions"] = traps
        if "createdAt" not in thought:
            raise ExchangeError(f"{at('createdAt')}: is missing")
        created = _moment(thought["createdAt"], at("createdAt"))
        typed = check(self.fields, raw, self.today, lambda name: at(_source_name(name)))
        typed = {k: v for k, v in typed.items() if not _EMOTION_SLOT.fullmatch(k)}
        typed["distortions"] = ",".join(typed["distortions"])
        record = m.ThoughtRecord(created_at=created, emotions=[], **typed)
        return values.record(record, at, COLUMN_NAMES)


def _source_name(field_name: str) -> str:
    return next((name for name, f in PARTS.items() if f == field_name), field_name)


def _csv_thoughts(text: str) -> Iterator[tuple[dict[str, str], Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        if "automaticThought" not in header:
            raise ExchangeError(
                "Line 1: this is not a FreeCBT export; the first line should name "
                "automaticThought, cognitiveDistortions, challenge, alternativeThought, createdAt"
            )
        for row in reader:
            line = reader.line_num
            extra, missing = row.pop(None, None), [k for k, v in row.items() if v is None]
            if extra or missing:
                found = len(header) + len(extra or []) - len(missing)
                raise ExchangeError(f"Line {line}: expected {len(header)} columns, found {found}")
            if any(value.strip() for value in row.values()):
                yield row, on_line(line)
    except csv.Error as exc:
        raise ExchangeError(f"Line {reader.line_num}: this is not valid CSV ({exc})") from None


def _json_thoughts(document: object) -> Iterator[tuple[Mapping[str, Any], Any]]:
    if isinstance(document, dict) and isinstance(document.get("thoughts"), list):
        items: list[tuple[str, object]] = [
            (f"thoughts[{i}]", t) for i, t in enumerate(document["thoughts"])
        ]
    elif isinstance(document, list):
        items = [(f"[{i}]", t) for i, t in enumerate(document)]
    elif (
        isinstance(document, dict)
        and document
        and all(isinstance(v, dict) for v in document.values())
    ):
        items = [(f"[{key!r}]", t) for key, t in document.items()]
    else:
        raise ExchangeError(
            'thoughts: missing; a FreeCBT JSON export is a list of thoughts or has a "thoughts" list'
        )
    for path, thought in items:
        if not isinstance(thought, dict):
            raise ExchangeError(f"{path}: each thought must be an object")
        yield thought, lambda name, p=path: f"{p}.{name}"


def plan(data: bytes, now: dt.datetime) -> Plan:
    """Check every thought of a FreeCBT export (CSV or JSON) and turn it into thought records."""
    text = decode(data)
    is_json = text.lstrip()[:1] in ("{", "[")
    thoughts = _json_thoughts(load_json(text)) if is_json else _csv_thoughts(text)
    reader = _Reader(now)
    records = [reader.record(thought, at) for thought, at in thoughts]
    warnings = []
    if reader.no_situation:
        warnings.append(
            f"{count_words(reader.no_situation, 'thought has', 'thoughts have')} no situation "
            f'(FreeCBT does not ask for one); "{NO_SITUATION}" is filled in instead.'
        )
    warnings += [
        f'The distortion "{slug}" ({count_words(n, "thought", "thoughts")}) has no matching '
        "thinking trap in Trustbridge, so it is left out."
        for slug, n in sorted(reader.unmatched.items())
    ]
    mappings = (
        f"Each FreeCBT thought ({'JSON' if is_json else 'CSV'}) becomes a thought record.",
        "Automatic thought stays the automatic thought; the challenge becomes the evidence "
        "against it; the alternative thought becomes the balanced thought.",
        "Cognitive distortions become the matching thinking traps; emotions stay empty.",
    )
    return records_plan(SOURCE, TOOL, records, mappings, warnings)


IMPORTER = Importer(
    "freecbt", "FreeCBT (CSV or JSON export)", plan, accept=".csv,.json,text/csv,application/json"
)
preview = IMPORTER.preview
apply = IMPORTER.apply
