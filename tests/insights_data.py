"""A store with months of history for the insights tests, the screenshots and the benchmark.

Rows are written straight into the store (the services refuse dates far in the past, which is
right for a person and wrong for a fixture). The same seed gives the same store every time.
"""

from __future__ import annotations

import datetime as dt
import random

from trustbridge.store import models as m
from trustbridge.store.db import Store

TRAPS = ("mind_reading", "catastrophising", "all_or_nothing")


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), dt.UTC)


def fill(store: Store, today: dt.date, days: int = 120, seed: int = 7) -> None:
    """Check-ins on most days of the last ``days`` (some left blank), and a little of
    everything else: self-checks, a belief, two people with evidence, ladder steps,
    thought records, balance logs, promises both ways and gut checks."""
    rnd = random.Random(seed)
    first = today - dt.timedelta(days=days - 1)
    with store.session() as s:
        for i in range(days):
            day = first + dt.timedelta(days=i)
            if rnd.random() < 0.2:
                continue  # a blank day: nothing logged, nothing counted against anyone
            mood = max(1, min(5, round(2 + 2 * i / days + rnd.uniform(-1, 1))))
            s.add(m.CheckIn(created_at=_at(day, 20), day=day, mood=mood,
                            energy=rnd.randint(2, 5), connection=rnd.choice(("connected", "in_between", "alone"))))  # fmt: skip
            if i % 3 == 0:
                s.add(m.BalanceLog(created_at=_at(day), day=day, alone_minutes=rnd.randint(30, 240),
                                   connected_minutes=rnd.randint(0, 180)))  # fmt: skip
        for i in range(0, days, 14):
            day = first + dt.timedelta(days=i)
            s.add(m.SafetyCheck(created_at=_at(day), answers={"a": 2}, score=40 + i * 30 // days))
            s.add(m.ThoughtRecord(created_at=_at(day), situation="No reply", automatic_thought="They are cross",
                                  emotions=[{"name": "anxious", "intensity": 60}],
                                  distortions=",".join(TRAPS[: 1 + i % 3])))  # fmt: skip
        belief = m.Belief(created_at=_at(first), statement="I have to manage on my own")
        s.add(belief)
        s.flush()
        for i in range(0, days, 20):
            s.add(m.BeliefRating(belief_id=belief.id, rated_at=_at(first + dt.timedelta(days=i)),
                                 believability=85 - i * 40 // days))  # fmt: skip
        _people(s, rnd, first, days)


def _people(s: object, rnd: random.Random, first: dt.date, days: int) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    for name, lean in (("Maya", 0.8), ("Sam", 0.45)):
        person = m.Person(created_at=_at(first - dt.timedelta(days=1)), name=name, kind="friend")
        s.add(person)
        s.flush()
        for i in range(3, days, 9):
            day = first + dt.timedelta(days=i)
            s.add(m.EvidenceEvent(created_at=_at(day), person_id=person.id,
                                  dimension=rnd.choice(("keeps_promises", "validates_feelings")),
                                  positive=rnd.random() < lean, weight="small", occurred_on=day))  # fmt: skip
        for i in range(5, days, 25):
            day = first + dt.timedelta(days=i)
            s.add(m.LadderRung(created_at=_at(day), person_id=person.id, action="Say I felt left out",
                               risk=20 + i * 50 // days, response=rnd.choice(("supportive", "neutral")),
                               done_on=day))  # fmt: skip
            for made_by in ("me", "them"):
                s.add(m.SelfPromise(created_at=_at(day), text="Call on Sunday", person_id=person.id,
                                    made_by=made_by, due_on=day, resolved_at=_at(day),
                                    status=rnd.choice(("kept", "kept", "broken"))))  # fmt: skip
        for i in range(2, days, 12):
            day = first + dt.timedelta(days=i)
            s.add(m.GutCheck(created_at=_at(day), person_id=person.id, sense="They will show up",
                             confidence=rnd.choice((60, 70, 80, 90)), came_true=rnd.random() < 0.75,
                             resolved_on=day))  # fmt: skip
    for i in range(1, days, 10):
        day = first + dt.timedelta(days=i)
        s.add(m.SelfPromise(created_at=_at(day), text="Walk", due_on=day, resolved_at=_at(day),
                            status="kept" if i % 3 else "broken"))  # fmt: skip
