"""What every importer shares: its error, the preview, reading a file, checking values, saving whole.

An import is planned first (the file is read and every value checked, nothing touches the
store), then saved in one transaction. So a preview is exactly what an import would do, and a
problem anywhere in a file means nothing from it is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.services.base import utcnow
from trustbridge.store.db import Store

#: the largest file read at all; far beyond years of daily writing
MAX_FILE_BYTES = 64 * 1024 * 1024
#: how many records are written between two progress reports
CHUNK = 250

#: a file on disk, or its bytes already in memory (an upload)
Source = Path | bytes
#: called as work goes on with (done, total)
Progress = Callable[[int, int], None]


class ExchangeError(ValueError):
    """A file could not be read or imported.

    The message names the line (CSV) or the field path (JSON) and what is wrong with it,
    never the text the person wrote, so it is safe to show and to log.
    """


@dataclass(frozen=True, slots=True)
class Preview:
    """What an import would create, before anything is stored.

    :param source: the app the file comes from, as people know it (``Daylio``)
    :param counts: how many records of each Trustbridge tool would be created
    :param mappings: what becomes what, in plain words
    :param warnings: things worth knowing first (left out, changed or not kept)
    """

    source: str
    counts: Mapping[str, int]
    mappings: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class Plan:
    """A checked file: the records to add, in an order the database accepts, and their preview."""

    preview: Preview
    records: list[Any] = field(default_factory=list)


#: reads a file's bytes at a moment (for "not in the future"), with importer-specific options
Planner = Callable[..., Plan]


def read_source(source: Source) -> bytes:
    """The file's bytes; a clear error when it is too big (``OSError`` when it cannot be read)."""
    if isinstance(source, bytes):
        data = source
    else:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise ExchangeError(_too_big())
        data = source.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(_too_big())
    return data


def _too_big() -> str:
    return f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, so it was not read"


def decode(data: bytes) -> str:
    """The file as text (UTF-8, with or without a byte-order mark), naming the line if it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ExchangeError(f"Line {line}: this is not UTF-8 text") from None


def load_json(text: str) -> Any:
    """Parse JSON text, naming the line and column of the first problem."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"Line {exc.lineno}, column {exc.colno}: this is not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ExchangeError("This JSON is nested too deeply to be an export") from None
    except ValueError:  # such as a number with thousands of digits
        raise ExchangeError("This is not valid JSON (a number in it is far too long)") from None


def check(
    fields: Sequence[Field], raw: Mapping[str, object], today: dt.date, at: Callable[[str], str]
) -> dict[str, Any]:
    """Check values with the same rules as typing them in.

    :param at: where a field's value came from in the file (``Line 4, mood``), for the error
    """
    try:
        return clean(fields, raw, today)
    except ValidationError as exc:
        problems = [f"{at(name)}: {text}" for name, text in exc.errors.items()]
        raise ExchangeError("; ".join(problems)) from None


def on_line(line: int) -> Callable[[str], str]:
    """Where a CSV value came from: ``Line 4, mood``."""
    return lambda name: f"Line {line}, {name}"


def local_moment(day: dt.date, clock: dt.time) -> dt.datetime:
    """A wall-clock date and time from another app, read in this machine's time zone."""
    return dt.datetime.combine(day, clock).astimezone()


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import stored: how many records, and how many sounded like crisis.

    Only the count is kept, never which entries or their words, so it is safe to show.
    """

    total: int
    crisis_entries: int = 0


_PRIVATE_COLUMNS: dict[type, tuple[str, ...]] = {}


def _private_columns(model: type) -> tuple[str, ...]:
    """The columns of a model holding text a person wrote (``PrivateText``), looked up once."""
    found = _PRIVATE_COLUMNS.get(model)
    if found is None:
        from trustbridge.store.types import PrivateText

        columns = model.__table__.columns  # type: ignore[attr-defined]
        found = tuple(c.key for c in columns if isinstance(c.type, PrivateText))
        _PRIVATE_COLUMNS[model] = found
    return found


def _crisis_count(records: Sequence[Any]) -> int:
    """How many records' own text suggests crisis (urgent), checked together in one go.

    A safety plan is left out: it is written about hard moments on purpose.
    """
    from trustbridge.domain.crisis import check_many
    from trustbridge.store.models import SafetyPlan

    texts = (
        [getattr(record, name) for name in _private_columns(type(record))]
        for record in records
        if not isinstance(record, SafetyPlan)
    )
    signals = check_many([t for t in each if isinstance(t, str)] for each in texts)
    return sum(signal.flagged for signal in signals)


def save(
    store: Store,
    records: Sequence[Any],
    progress: Progress | None = None,
    *,
    before: Callable[[Session], None] | None = None,
    after: Callable[[Session], None] | None = None,
) -> Imported:
    """Add every record in one transaction: all of them are stored, or (on any error) none.

    ``before`` and ``after`` run inside the same transaction (a check, a fix-up). Each
    record's text is crisis-checked a chunk at a time as it is added, and only counted.
    """
    total = len(records)
    crisis = 0
    with store.session() as session:
        if before is not None:
            before(session)
        chunk_start = 0
        for done, record in enumerate(records, start=1):
            session.add(record)
            # Records come parents first; flushing where the kind changes keeps that order
            # (within one flush, rows of unrelated models may be written in any order).
            following = records[done] if done < total else None
            if done % CHUNK == 0 or following is None or type(following) is not type(record):
                crisis += _crisis_count(records[chunk_start:done])
                chunk_start = done
                session.flush()
                if progress is not None:
                    progress(done, total)
        if after is not None:
            after(session)
    return Imported(total, crisis)


@dataclass(frozen=True, slots=True)
class Importer:
    """One app's importer: how it is named and how a file from it becomes a plan."""

    key: str
    label: str
    planner: Planner
    accept: str = ""
    #: checks and fix-ups run inside the import's transaction (see :func:`save`)
    before: Callable[[Session], None] | None = None
    after: Callable[[Session], None] | None = None

    def plan(self, source: Source, now: dt.datetime | None = None, **options: Any) -> Plan:
        """Read and check the whole file; raises ``ExchangeError``; stores nothing."""
        return self.planner(read_source(source), now or utcnow(), **options)

    def preview(self, source: Source, now: dt.datetime | None = None, **options: Any) -> Preview:
        """What importing this file would create, and anything worth knowing first."""
        return self.plan(source, now, **options).preview

    def apply(
        self,
        store: Store,
        source: Source,
        now: dt.datetime,
        progress: Progress | None = None,
        **options: Any,
    ) -> Preview:
        """Import the whole file in one transaction, or nothing of it."""
        plan = self.plan(source, now, **options)
        self.save(store, plan, progress)
        return plan.preview

    def save(self, store: Store, plan: Plan, progress: Progress | None = None) -> Imported:
        """Store a plan made earlier (after showing its preview), whole or not at all."""
        return save(store, plan.records, progress, before=self.before, after=self.after)
