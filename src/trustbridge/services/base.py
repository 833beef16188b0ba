"""What every service shares: the clock at the edge, results that carry a crisis signal, errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from trustbridge.domain.crisis import CrisisSignal, check_text
from trustbridge.domain.fields import Field
from trustbridge.services.errors import NotFound as NotFound  # where services have always raised it

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


def numbered(session: Session, model: type[T], record_id: int, noun: str) -> T:
    """The ``model`` row with this number, or ``NotFound``: "No {noun} with number {record_id}."."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"No {noun} with number {record_id}.")
    return record


def utcnow() -> dt.datetime:
    """The only clock: interfaces call it once per request and pass ``now`` down."""
    return dt.datetime.now(dt.UTC)


def local_day(now: dt.datetime) -> dt.date:
    """The person's calendar day at ``now``, in this machine's time zone."""
    return now.astimezone().date()


@dataclass(frozen=True, slots=True)
class Saved(Generic[T]):
    """A saved record and whether anything written in it suggests the person may be in crisis."""

    record: T
    crisis: CrisisSignal
    #: the save changed an entry that was already there (one per day) instead of adding one
    updated: bool = False


def crisis_in(fields: Sequence[Field], values: Mapping[str, object]) -> CrisisSignal:
    """Check every free-text value a person just wrote."""
    texts = [str(values[f.name]) for f in fields if f.is_private and values.get(f.name)]
    return check_text(*texts)
