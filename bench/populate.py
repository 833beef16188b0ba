"""Fill a store with a fixed, reproducible mix of entries for benchmarks (no wall clock, seeded)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from trustbridge.config import Settings, load_settings
from trustbridge.store import models as m
from trustbridge.store.db import Store, open_store

START = dt.datetime(2021, 1, 1, 8, 0, tzinfo=dt.UTC)
WORDS = [
    "quiet",
    "walk",
    "friend",
    "call",
    "tired",
    "hopeful",
    "work",
    "sister",
    "rain",
    "tea",
    "letter",
    "anxious",
    "calm",
]


def _text(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _row(kind: int, i: int, rng: random.Random) -> m.Record:
    when = START + dt.timedelta(hours=3 * i)
    base: dict[str, Any] = {"created_at": when}
    if kind == 0:
        return m.CheckIn(
            **base,
            day=when.date(),
            mood=rng.randint(1, 5),
            emotion="calm",
            energy=rng.randint(1, 5),
            connection="connected",
            note=_text(rng),
        )
    if kind == 1:
        return m.JournalEntry(**base, title=_text(rng, 3), body=_text(rng, 80))
    if kind == 2:
        return m.ThoughtRecord(
            **base,
            situation=_text(rng),
            automatic_thought=_text(rng),
            emotions=[{"name": "anxious", "intensity": 70, "rerated": 40}],
            distortions="mind_reading,labelling",
            balanced_thought=_text(rng),
        )
    if kind == 3:
        return m.Hurt(**base, what_happened=_text(rng, 40), kind="neglect", belief=_text(rng))
    if kind == 4:
        return m.SelfPromise(
            **base,
            text=_text(rng, 6),
            due_on=when.date(),
            status=rng.choice(["open", "kept", "broken"]),
        )
    return m.HabitLog(**base, day=when.date(), sleep_hours=7.0, movement_minutes=30)  # fmt: skip


def populate(store: Store, count: int, seed: int = 7) -> None:
    """Add ``count`` entries spread over check-ins, journal, thought records, hurts, promises, habits."""
    rng = random.Random(seed)
    with store.session() as session:
        session.add_all(_row(i % 6, i, rng) for i in range(count))
        session.add(m.Affirmation(created_at=START, text="I can take my time", active=True))


def encrypted_copy(plain: Path, folder: Path, passphrase: str) -> Settings:
    """The plain store in ``plain`` (its folder, backups too) copied to ``folder`` and
    encrypted there as ``trustbridge encrypt`` does; its settings, carrying the key.

    The same rows as the plain store, so the two compare like for like, made in seconds:
    filling a second store through SQLCipher took longer than the plain one.
    """
    import shutil

    from trustbridge.services import security

    shutil.copytree(plain, folder)
    return security.encrypt(load_settings(folder), passphrase).settings


def populated_store(folder: Path, count: int) -> Store:
    store = open_store(load_settings(folder))
    populate(store, count)
    return store


DIMENSIONS = (
    "keeps_promises",
    "respects_boundaries",
    "validates_feelings",
    "reciprocates_support",
    "responds_to_openness",
)


def populate_circle(store: Store, people: int, events: int, seed: int = 11) -> None:
    """Add ``people`` people and ``events`` evidence events spread evenly among them."""
    rng = random.Random(seed)
    with store.session() as session:
        persons = [
            m.Person(created_at=START, name=f"Person {i}", kind="friend", support=_text(rng, 3))
            for i in range(people)
        ]
        session.add_all(persons)
        session.flush()
        session.add_all(
            m.EvidenceEvent(
                created_at=START,
                person_id=persons[i % people].id,
                dimension=DIMENSIONS[i % len(DIMENSIONS)],
                positive=rng.random() < 0.7,
                weight=rng.choice(("small", "significant", "major")),
                occurred_on=(START + dt.timedelta(days=rng.randint(0, 1800))).date(),
                note=_text(rng, 8),
                source="manual",
            )
            for i in range(events)
        )


def let_in(client: Any) -> Any:
    """Give an in-process test client the session a browser gets from the one-time link."""
    token = client.app.state.gate.new_link()
    assert client.get(f"/open?token={token}", follow_redirects=False).status_code == 303
    return client


def populate_before(store: Store, count: int, end: dt.date, seed: int = 7) -> None:
    """:func:`populate`'s entries, moved back by whole days so the newest is before ``end``.

    ``populate`` spaces entries three hours apart from 2021, so 100,000 of them reach decades
    ahead; an import refuses days that have not come yet (a check-in dated next year).
    """
    rng = random.Random(seed)
    days = (START + dt.timedelta(hours=3 * count)).date() - end
    shift = dt.timedelta(days=max(days.days + 1, 0))
    with store.session() as session:
        for i in range(count):
            row = _row(i % 6, i, rng)
            row.created_at -= shift
            for name in ("day", "due_on"):
                if getattr(row, name, None) is not None:
                    setattr(row, name, getattr(row, name) - shift)
            session.add(row)
        session.add(m.Affirmation(created_at=START - shift, text="I can take my time", active=True))
