"""View models for the relationship pages (stages 5-7): estimate bars, what moved them, forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from trustbridge.domain import relations as rel
from trustbridge.domain import trust
from trustbridge.domain.fields import Field
from trustbridge.domain.words import count_words
from trustbridge.services import people
from trustbridge.services.person_reads import Explained, PersonPage
from trustbridge.store import models as m
from trustbridge.web.forms import FormState

KIND_NAMES = dict(rel.PERSON_KINDS)
RESPONSE_NAMES = dict(rel.RESPONSES)
WEIGHT_NAMES = dict(rel.WEIGHT_CHOICES)
BOUNDARY_KIND_NAMES = dict(rel.BOUNDARY_KINDS)
#: where evidence came from, as a person would say it
SOURCE_NAMES = {
    "manual": "Logged by you",
    "ladder": "From a ladder step",
    "promise": "From a promise",
    "boundary": "From a boundary moment",
    "appreciation": "From your appreciation log",
    "ritual": "From a ritual kept together",
    "partner_checkin": "From a partner check-in",
}
OUTCOME_NAMES = {"open": "Open", "kept": "Kept", "broken": "Not kept",
                 "renegotiated": "Changed together"}  # fmt: skip


def fresh(fields: Sequence[Field], today: dt.date, **preset: str) -> FormState:
    """A blank form: required dates start at today, choices at their default, then ``preset``."""
    values: dict[str, str | list[str]] = {}
    for f in fields:
        if f.kind == "date" and f.required:
            values[f.name] = today.isoformat()
        elif f.default is not None:
            values[f.name] = str(f.default)
    values.update({k: v for k, v in preset.items() if v})
    return FormState(values)


@dataclass(frozen=True, slots=True)
class PersonOption:
    """One choice in a "who" list: the value posted is the person's number."""

    id: int
    name: str


def person_options(members: Iterable[m.Person | people.Named]) -> list[PersonOption]:
    """People for the "who" lists, in the order given."""
    return [PersonOption(p.id, p.name) for p in members]


def points(share: float) -> float:
    """A share (0-1) as a position on a 0-100 bar, kept inside the drawing."""
    return round(min(max(share * 100, 0.0), 100.0), 1)


@dataclass(frozen=True, slots=True)
class EstimateView:
    """One estimate as the page draws it: a shaded 80% range with a mark at the mean."""

    key: str
    name: str
    estimate: trust.Estimate

    @property
    def enough(self) -> bool:
        return self.estimate.enough

    @property
    def text(self) -> str:
        """What the evidence so far suggests, in plain words."""
        return trust.describe(self.estimate)

    @property
    def numbers(self) -> list[str]:
        """The numbers behind :attr:`text`, for "How is this worked out?"."""
        return trust.numbers_words(self.estimate)

    @property
    def low(self) -> float:
        return points(self.estimate.low)

    @property
    def high(self) -> float:
        return points(self.estimate.high)

    @property
    def width(self) -> float:
        return round(max(self.high - self.low, 0.5), 1)

    @property
    def mean(self) -> float:
        return points(self.estimate.mean)

    @property
    def leaning(self) -> str:
        """A short tag: which way the evidence so far leans."""
        return trust.leaning(self.estimate)


def estimate_view(key: str, estimate: trust.Estimate) -> EstimateView:
    name = "Overall" if key == trust.OVERALL else trust.DIMENSION_NAMES[key]
    return EstimateView(key, name, estimate)


@dataclass(frozen=True, slots=True)
class MovedRow:
    event: m.EvidenceEvent
    shift: float

    @property
    def words(self) -> str:
        """``raised it a little``: plain words, the number is in :attr:`numbers`."""
        return trust.shift_words(self.shift)

    @property
    def numbers(self) -> str:
        return trust.shift_numbers(self.shift)

    @property
    def up(self) -> bool:
        return self.shift > 0


@dataclass(frozen=True, slots=True)
class DimensionView:
    """An estimate with the moments that moved it most."""

    estimate: EstimateView
    moved: list[MovedRow]


def dimension_views(
    estimates: Mapping[str, trust.Estimate], explanations: Mapping[str, list[Explained]]
) -> tuple[DimensionView, list[DimensionView]]:
    """The overall view and one per dimension, in the program's order."""

    def one(key: str) -> DimensionView:
        rows = [MovedRow(x.event, x.shift) for x in explanations.get(key, [])]
        return DimensionView(estimate_view(key, estimates[key]), rows)

    return one(trust.OVERALL), [one(d) for d in trust.DIMENSIONS]


def event_words(event: m.EvidenceEvent) -> str:
    """``Keeps promises: it cost trust (significant)``."""
    direction = "it built trust" if event.positive else "it cost trust"
    weight = WEIGHT_NAMES.get(event.weight, event.weight).lower()
    return f"{trust.DIMENSION_NAMES.get(event.dimension, event.dimension)}: {direction} ({weight})"


def removal_list(page: PersonPage) -> list[str]:
    """What deleting this person takes with them, in words, for the confirmation."""
    parts = [
        count_words(page.evidence_count, "logged moment"),
        count_words(len(page.promises), "promise"),
        count_words(len(page.rungs), "ladder step"),
        count_words(len(page.gut_checks), "gut check"),
    ]
    if page.bridge is not None:
        parts.append("their bridge plan")
    parts.append("any boundary moments noted with them")
    return parts


def values_of(record: object, fields: Sequence[Field]) -> dict[str, str | list[str]]:
    """A saved record's values as form text, for an edit form."""
    values: dict[str, str | list[str]] = {}
    for f in fields:
        value = getattr(record, f.name, None)
        if value is None:
            continue
        values[f.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return values


def draft_sentence(form: FormState) -> str:
    """The I-statement as far as it is filled in ("…" for a missing part); empty if nothing is."""
    feel, when, because, need = (
        form.value(name).strip() for name in ("feel", "when", "because", "need")
    )
    if not (feel or when or because or need):
        return ""
    return rel.i_statement(feel or "…", when or "…", because or None, need or "…")


def duration(minutes: float) -> str:
    """``95`` minutes as ``1 h 35 min``."""
    whole = round(minutes)
    hours, rest = divmod(whole, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
