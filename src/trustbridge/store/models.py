"""SQLAlchemy models for the daily check-in, the journal and the tools of stages 1-4."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from trustbridge.store.types import PrivateJSON, PrivateText, UTCDateTime


class Base(DeclarativeBase):
    pass


class Record(Base):
    """Columns every entry has: an id and when it was saved."""

    __abstract__ = True
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class CheckIn(Record):
    __tablename__ = "checkins"
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    mood: Mapped[int] = mapped_column(Integer, nullable=False)
    emotion: Mapped[str | None] = mapped_column(PrivateText)
    energy: Mapped[int | None] = mapped_column(Integer)
    connection: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(PrivateText)


class JournalEntry(Record):
    __tablename__ = "journal_entries"
    title: Mapped[str | None] = mapped_column(PrivateText)
    body: Mapped[str] = mapped_column(PrivateText, nullable=False)


class Hurt(Record):
    __tablename__ = "hurts"
    what_happened: Mapped[str] = mapped_column(PrivateText, nullable=False)
    who: Mapped[str | None] = mapped_column(PrivateText)
    occurred_on: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    impact: Mapped[str | None] = mapped_column(PrivateText)
    belief: Mapped[str | None] = mapped_column(PrivateText)


class LearnedBeliefMark(Base):
    """Which items of the learned-beliefs checklist ring true for the person, and since when."""

    __tablename__ = "learned_belief_marks"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    applies: Mapped[bool] = mapped_column(Boolean, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class PatternEntry(Record):
    __tablename__ = "pattern_entries"
    situation: Mapped[str] = mapped_column(PrivateText, nullable=False)
    pattern: Mapped[str] = mapped_column(String(64), nullable=False)
    feeling: Mapped[str | None] = mapped_column(PrivateText)
    need: Mapped[str | None] = mapped_column(PrivateText)


class ThoughtRecord(Record):
    __tablename__ = "thought_records"
    situation: Mapped[str] = mapped_column(PrivateText, nullable=False)
    automatic_thought: Mapped[str] = mapped_column(PrivateText, nullable=False)
    emotions: Mapped[list[dict[str, Any]]] = mapped_column(PrivateJSON, nullable=False)
    distortions: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    evidence_for: Mapped[str | None] = mapped_column(PrivateText)
    evidence_against: Mapped[str | None] = mapped_column(PrivateText)
    friend_view: Mapped[str | None] = mapped_column(PrivateText)
    balanced_thought: Mapped[str | None] = mapped_column(PrivateText)


class Belief(Record):
    __tablename__ = "beliefs"
    statement: Mapped[str] = mapped_column(PrivateText, nullable=False)
    ratings: Mapped[list[BeliefRating]] = relationship(
        back_populates="belief", order_by="BeliefRating.rated_at", cascade="all, delete-orphan"
    )


class BeliefRating(Base):
    __tablename__ = "belief_ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    belief_id: Mapped[int] = mapped_column(ForeignKey("beliefs.id", ondelete="CASCADE"), index=True)
    rated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    believability: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str | None] = mapped_column(PrivateText)
    belief: Mapped[Belief] = relationship(back_populates="ratings")


class SafetyCheck(Record):
    __tablename__ = "safety_checks"
    answers: Mapped[dict[str, int]] = mapped_column(PrivateJSON, nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)


class SelfPromise(Record):
    """A promise: to myself (no person), by me to someone, or by someone to me."""

    __tablename__ = "self_promises"
    text: Mapped[str] = mapped_column(PrivateText, nullable=False)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    made_by: Mapped[str] = mapped_column(String(8), nullable=False, default="me")
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SelfEmpathy(Record):
    __tablename__ = "self_empathy"
    situation: Mapped[str] = mapped_column(PrivateText, nullable=False)
    acknowledge: Mapped[str] = mapped_column(PrivateText, nullable=False)
    reflect: Mapped[str | None] = mapped_column(PrivateText)
    validate: Mapped[str | None] = mapped_column(PrivateText)
    be_kind: Mapped[str | None] = mapped_column(PrivateText)
    challenge: Mapped[str | None] = mapped_column(PrivateText)


class Affirmation(Record):
    __tablename__ = "affirmations"
    text: Mapped[str] = mapped_column(PrivateText, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class HabitLog(Record):
    __tablename__ = "habit_logs"
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    movement_minutes: Mapped[int | None] = mapped_column(Integer)
    food: Mapped[int | None] = mapped_column(Integer)
    creative_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(PrivateText)


class MindfulPause(Record):
    __tablename__ = "mindful_pauses"
    seconds: Mapped[int] = mapped_column(Integer, nullable=False)


Index("ix_self_promises_status_due", SelfPromise.status, SelfPromise.due_on)


# Stages 5-7: the people in a person's life and the evidence about them.


class Person(Record):
    __tablename__ = "people"
    name: Mapped[str] = mapped_column(PrivateText, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    notes: Mapped[str | None] = mapped_column(PrivateText)
    support: Mapped[str | None] = mapped_column(PrivateText)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


def _person_fk(nullable: bool = False) -> Mapped[Any]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), nullable=nullable, index=True)


class EvidenceEvent(Record):
    """Something a person did, on one dimension of trust; may come from another tool."""

    __tablename__ = "evidence_events"
    person_id: Mapped[int] = _person_fk()
    dimension: Mapped[str] = mapped_column(String(32), nullable=False)
    positive: Mapped[bool] = mapped_column(Boolean, nullable=False)
    weight: Mapped[str] = mapped_column(String(16), nullable=False)
    occurred_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(PrivateText)
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="manual")
    source_id: Mapped[int | None] = mapped_column(Integer)


class LadderRung(Record):
    __tablename__ = "ladder_rungs"
    person_id: Mapped[int] = _person_fk()
    action: Mapped[str] = mapped_column(PrivateText, nullable=False)
    risk: Mapped[int] = mapped_column(Integer, nullable=False)
    planned_on: Mapped[dt.date | None] = mapped_column(Date)
    fear_before: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[str | None] = mapped_column(String(16))
    feeling_after: Mapped[str | None] = mapped_column(PrivateText)
    learned: Mapped[str | None] = mapped_column(PrivateText)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class BridgePlan(Record):
    __tablename__ = "bridge_plans"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    what_broke: Mapped[str | None] = mapped_column(PrivateText)
    my_expectations: Mapped[str | None] = mapped_column(PrivateText)
    their_expectations: Mapped[str | None] = mapped_column(PrivateText)
    agreed_steps: Mapped[str | None] = mapped_column(PrivateText)
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    next_checkin_on: Mapped[dt.date | None] = mapped_column(Date)


class GutCheck(Record):
    __tablename__ = "gut_checks"
    person_id: Mapped[int] = _person_fk()
    sense: Mapped[str] = mapped_column(PrivateText, nullable=False)
    confidence: Mapped[int] = mapped_column(Integer, nullable=False)
    came_true: Mapped[bool | None] = mapped_column(Boolean)
    what_happened: Mapped[str | None] = mapped_column(PrivateText)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)


class Boundary(Record):
    __tablename__ = "boundaries"
    statement: Mapped[str] = mapped_column(PrivateText, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    non_negotiable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    review_on: Mapped[dt.date | None] = mapped_column(Date)


class IStatement(Record):
    __tablename__ = "i_statements"
    boundary_id: Mapped[int | None] = mapped_column(
        ForeignKey("boundaries.id", ondelete="SET NULL"), index=True
    )
    feel: Mapped[str] = mapped_column(PrivateText, nullable=False)
    when: Mapped[str] = mapped_column(PrivateText, nullable=False)
    because: Mapped[str | None] = mapped_column(PrivateText)
    need: Mapped[str] = mapped_column(PrivateText, nullable=False)


class BoundaryEvent(Record):
    __tablename__ = "boundary_events"
    boundary_id: Mapped[int] = mapped_column(
        ForeignKey("boundaries.id", ondelete="CASCADE"), nullable=False, index=True
    )
    person_id: Mapped[int] = _person_fk()
    respected: Mapped[bool] = mapped_column(Boolean, nullable=False)
    occurred_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    my_response: Mapped[str | None] = mapped_column(PrivateText)


class BalanceLog(Record):
    __tablename__ = "balance_logs"
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    alone_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    connected_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    solitude_met: Mapped[bool | None] = mapped_column(Boolean)
    closeness_met: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(PrivateText)


Index("ix_evidence_person_day", EvidenceEvent.person_id, EvidenceEvent.occurred_on)
