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
    __tablename__ = "self_promises"
    text: Mapped[str] = mapped_column(PrivateText, nullable=False)
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
