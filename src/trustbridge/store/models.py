"""SQLAlchemy models: the check-in, the journal, the tools of every stage and the support layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from trustbridge.store.types import PrivateJSON, PrivateText, UTCDateTime


class Base(DeclarativeBase):
    pass


class Mine:
    """Whose record this is: ``owner_id`` is ``None`` for the one person of a local store, and
    the account's id in hosted mode (stamped on every new row by :mod:`trustbridge.web.hosted_store`,
    and enforced on PostgreSQL by row-level security, migration 0008)."""

    owner_id: Mapped[int | None] = mapped_column(Integer, index=True)


class Record(Base):
    """Columns every entry has: an id and when it was saved."""

    __abstract__ = True
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class CheckIn(Mine, Record):
    __tablename__ = "checkins"
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    mood: Mapped[int] = mapped_column(Integer, nullable=False)
    emotion: Mapped[str | None] = mapped_column(PrivateText)
    energy: Mapped[int | None] = mapped_column(Integer)
    connection: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(PrivateText)


class JournalEntry(Mine, Record):
    __tablename__ = "journal_entries"
    title: Mapped[str | None] = mapped_column(PrivateText)
    body: Mapped[str] = mapped_column(PrivateText, nullable=False)


class Hurt(Mine, Record):
    __tablename__ = "hurts"
    what_happened: Mapped[str] = mapped_column(PrivateText, nullable=False)
    who: Mapped[str | None] = mapped_column(PrivateText)
    occurred_on: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    impact: Mapped[str | None] = mapped_column(PrivateText)
    belief: Mapped[str | None] = mapped_column(PrivateText)


class LearnedBeliefMark(Mine, Base):
    """Which items of the learned-beliefs checklist ring true for the person, and since when."""

    __tablename__ = "learned_belief_marks"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    applies: Mapped[bool] = mapped_column(Boolean, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class PatternEntry(Mine, Record):
    __tablename__ = "pattern_entries"
    situation: Mapped[str] = mapped_column(PrivateText, nullable=False)
    pattern: Mapped[str] = mapped_column(String(64), nullable=False)
    feeling: Mapped[str | None] = mapped_column(PrivateText)
    need: Mapped[str | None] = mapped_column(PrivateText)


class ThoughtRecord(Mine, Record):
    __tablename__ = "thought_records"
    situation: Mapped[str] = mapped_column(PrivateText, nullable=False)
    automatic_thought: Mapped[str] = mapped_column(PrivateText, nullable=False)
    emotions: Mapped[list[dict[str, Any]]] = mapped_column(PrivateJSON, nullable=False)
    distortions: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    evidence_for: Mapped[str | None] = mapped_column(PrivateText)
    evidence_against: Mapped[str | None] = mapped_column(PrivateText)
    friend_view: Mapped[str | None] = mapped_column(PrivateText)
    balanced_thought: Mapped[str | None] = mapped_column(PrivateText)


class Belief(Mine, Record):
    __tablename__ = "beliefs"
    statement: Mapped[str] = mapped_column(PrivateText, nullable=False)
    ratings: Mapped[list[BeliefRating]] = relationship(
        back_populates="belief", order_by="BeliefRating.rated_at", cascade="all, delete-orphan"
    )


class BeliefRating(Mine, Base):
    __tablename__ = "belief_ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    belief_id: Mapped[int] = mapped_column(ForeignKey("beliefs.id", ondelete="CASCADE"), index=True)
    rated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    believability: Mapped[int] = mapped_column(Integer, nullable=False)
    note: Mapped[str | None] = mapped_column(PrivateText)
    belief: Mapped[Belief] = relationship(back_populates="ratings")


class SafetyCheck(Mine, Record):
    __tablename__ = "safety_checks"
    answers: Mapped[dict[str, int]] = mapped_column(PrivateJSON, nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)


class SelfPromise(Mine, Record):
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


class SelfEmpathy(Mine, Record):
    __tablename__ = "self_empathy"
    situation: Mapped[str] = mapped_column(PrivateText, nullable=False)
    acknowledge: Mapped[str] = mapped_column(PrivateText, nullable=False)
    reflect: Mapped[str | None] = mapped_column(PrivateText)
    validate: Mapped[str | None] = mapped_column(PrivateText)
    be_kind: Mapped[str | None] = mapped_column(PrivateText)
    challenge: Mapped[str | None] = mapped_column(PrivateText)


class Affirmation(Mine, Record):
    __tablename__ = "affirmations"
    text: Mapped[str] = mapped_column(PrivateText, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class HabitLog(Mine, Record):
    __tablename__ = "habit_logs"
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    movement_minutes: Mapped[int | None] = mapped_column(Integer)
    food: Mapped[int | None] = mapped_column(Integer)
    creative_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(PrivateText)


class MindfulPause(Mine, Record):
    __tablename__ = "mindful_pauses"
    seconds: Mapped[int] = mapped_column(Integer, nullable=False)


Index("ix_self_promises_status_due", SelfPromise.status, SelfPromise.due_on)


# Stages 5-7: the people in a person's life and the evidence about them.


class Person(Mine, Record):
    __tablename__ = "people"
    name: Mapped[str] = mapped_column(PrivateText, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    notes: Mapped[str | None] = mapped_column(PrivateText)
    support: Mapped[str | None] = mapped_column(PrivateText)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


def _person_fk(nullable: bool = False) -> Mapped[Any]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), nullable=nullable, index=True)


class EvidenceEvent(Mine, Record):
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


class LadderRung(Mine, Record):
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


class BridgePlan(Mine, Record):
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


class GutCheck(Mine, Record):
    __tablename__ = "gut_checks"
    person_id: Mapped[int] = _person_fk()
    sense: Mapped[str] = mapped_column(PrivateText, nullable=False)
    confidence: Mapped[int] = mapped_column(Integer, nullable=False)
    came_true: Mapped[bool | None] = mapped_column(Boolean)
    what_happened: Mapped[str | None] = mapped_column(PrivateText)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)


class Boundary(Mine, Record):
    __tablename__ = "boundaries"
    statement: Mapped[str] = mapped_column(PrivateText, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    non_negotiable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    review_on: Mapped[dt.date | None] = mapped_column(Date)


class IStatement(Mine, Record):
    __tablename__ = "i_statements"
    boundary_id: Mapped[int | None] = mapped_column(
        ForeignKey("boundaries.id", ondelete="SET NULL"), index=True
    )
    feel: Mapped[str] = mapped_column(PrivateText, nullable=False)
    when: Mapped[str] = mapped_column(PrivateText, nullable=False)
    because: Mapped[str | None] = mapped_column(PrivateText)
    need: Mapped[str] = mapped_column(PrivateText, nullable=False)


class BoundaryEvent(Mine, Record):
    __tablename__ = "boundary_events"
    boundary_id: Mapped[int] = mapped_column(
        ForeignKey("boundaries.id", ondelete="CASCADE"), nullable=False, index=True
    )
    person_id: Mapped[int] = _person_fk()
    respected: Mapped[bool] = mapped_column(Boolean, nullable=False)
    occurred_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    my_response: Mapped[str | None] = mapped_column(PrivateText)


class BalanceLog(Mine, Record):
    __tablename__ = "balance_logs"
    day: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    alone_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    connected_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    solitude_met: Mapped[bool | None] = mapped_column(Boolean)
    closeness_met: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(PrivateText)


Index("ix_evidence_person_day", EvidenceEvent.person_id, EvidenceEvent.occurred_on)
#: the trust circle looks for evidence dated after today on every read (see ``trust_totals``)
Index("ix_evidence_occurred_on", EvidenceEvent.occurred_on)


# Stage 8 and the support layer. Each record names its owner and whether its author shared
# it with a partner, so hosted mode can share some of it without reshaping the data.


class Owned(Mine):
    """Whose record this is, and whether its author shared it with their partner space.

    ``owner_id`` as for every record (:class:`Mine`). ``shared`` is only ever set by the
    record's author. In hosted mode, a shared partner check-in, ritual, appreciation, shared
    goal or win can be read (never changed) by the author's partner in a partner space
    (:mod:`trustbridge.services.spaces`, migration 0009); the support map and the safety plan
    are never shared, whatever the flag says.
    """

    shared: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


def _optional_person() -> Mapped[Any]:
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class Preference(Mine, Base):
    """A small setting the person chose, such as how often partner check-ins come round."""

    __tablename__ = "preferences"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class PartnerCheckIn(Owned, Record):
    __tablename__ = "partner_checkins"
    person_id: Mapped[int | None] = _optional_person()
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    went_well: Mapped[str | None] = mapped_column(PrivateText)
    was_hard: Mapped[str | None] = mapped_column(PrivateText)
    appreciation: Mapped[str | None] = mapped_column(PrivateText)
    need: Mapped[str | None] = mapped_column(PrivateText)
    to_try: Mapped[str | None] = mapped_column(PrivateText)


class Ritual(Owned, Record):
    """A small habit of connection; ``cadence`` is daily, weekly or chosen days of the week."""

    __tablename__ = "rituals"
    name: Mapped[str] = mapped_column(PrivateText, nullable=False)
    person_id: Mapped[int | None] = _optional_person()
    cadence: Mapped[str] = mapped_column(String(8), nullable=False)
    #: for cadence "days": the days of the week, as "mon,thu"
    weekdays: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    note: Mapped[str | None] = mapped_column(PrivateText)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    kept: Mapped[list[RitualKept]] = relationship(
        back_populates="ritual", order_by="RitualKept.kept_on", cascade="all, delete-orphan"
    )


class RitualKept(Mine, Base):
    """One day a ritual was kept."""

    __tablename__ = "rituals_kept"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ritual_id: Mapped[int] = mapped_column(
        ForeignKey("rituals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kept_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(PrivateText)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    ritual: Mapped[Ritual] = relationship(back_populates="kept")


class Appreciation(Owned, Record):
    __tablename__ = "appreciations"
    what: Mapped[str] = mapped_column(PrivateText, nullable=False)
    person_id: Mapped[int | None] = _optional_person()
    said_out_loud: Mapped[bool | None] = mapped_column(Boolean)
    noted_on: Mapped[dt.date] = mapped_column(Date, nullable=False)


class SharedGoal(Owned, Record):
    __tablename__ = "shared_goals"
    goal: Mapped[str] = mapped_column(PrivateText, nullable=False)
    why: Mapped[str | None] = mapped_column(PrivateText)
    person_id: Mapped[int | None] = _optional_person()
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    #: active, reached or set aside
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="active")
    reviews: Mapped[list[GoalReview]] = relationship(
        back_populates="goal", order_by="GoalReview.reviewed_on", cascade="all, delete-orphan"
    )


class GoalReview(Mine, Base):
    """One time a shared goal was revisited: still ours? how is it going? what next?"""

    __tablename__ = "goal_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("shared_goals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reviewed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    still_ours: Mapped[bool | None] = mapped_column(Boolean)
    progress: Mapped[str | None] = mapped_column(PrivateText)
    next_step: Mapped[str | None] = mapped_column(PrivateText)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    goal: Mapped[SharedGoal] = relationship(back_populates="reviews")


class Win(Owned, Record):
    """A moment worth celebrating, optionally linked to the entry it came from."""

    __tablename__ = "wins"
    what: Mapped[str] = mapped_column(PrivateText, nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    happened_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the tool (a catalog slug such as ``thought_record``) and entry the win came from
    source_tool: Mapped[str | None] = mapped_column(String(32))
    source_id: Mapped[int | None] = mapped_column(Integer)


class SupportContact(Owned, Record):
    """Someone or something that helps: a person in the circle, a group, a coach, a therapist."""

    __tablename__ = "support_contacts"
    name: Mapped[str] = mapped_column(PrivateText, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    person_id: Mapped[int | None] = _optional_person()
    helps_with: Mapped[str | None] = mapped_column(PrivateText)
    how_to_reach: Mapped[str | None] = mapped_column(PrivateText)


class SafetyPlan(Owned, Base):
    """The six-part safety plan and reasons for living: one per person, filled in calmly."""

    __tablename__ = "safety_plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    warning_signs: Mapped[str | None] = mapped_column(PrivateText)
    on_my_own: Mapped[str | None] = mapped_column(PrivateText)
    distractions: Mapped[str | None] = mapped_column(PrivateText)
    ask_for_help: Mapped[str | None] = mapped_column(PrivateText)
    professionals: Mapped[str | None] = mapped_column(PrivateText)
    safer_surroundings: Mapped[str | None] = mapped_column(PrivateText)
    reasons_for_living: Mapped[str | None] = mapped_column(PrivateText)
    #: the person chose to keep a plain copy outside the encryption, readable while locked
    keep_outside: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


Index("ix_rituals_kept_day", RitualKept.ritual_id, RitualKept.kept_on, unique=True)
# A setting or a ticked belief is one per account. In a local store ``key`` alone is the primary
# key; on PostgreSQL migration 0008 makes this pair the only key, so two accounts can each
# have their own (the ORM still finds a row by ``key``: a session only ever sees one account's).
Index("ux_learned_belief_marks_owner_key", LearnedBeliefMark.owner_id, LearnedBeliefMark.key,
      unique=True)  # fmt: skip
Index("ux_preferences_owner_key", Preference.owner_id, Preference.key, unique=True)


# Hosted mode: accounts and how they sign in. These tables have a declarative base of their
# own, so nothing that walks the store's tables (export, import, the report) ever sees a
# password hash or a session; the migrations make them in every store, and a local store
# leaves them empty.


class AccountsBase(DeclarativeBase):
    pass


class Account(AccountsBase):
    """Someone who signs in to a hosted server; ``name`` is kept as typed, ``name_key`` folded."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    #: the name in one form (Unicode NFKC, case-folded), so "Maya" and "maya" are one account
    name_key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(String(256), nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: marked by the operator (``trustbridge hosted therapist``): people may share reports with it
    is_therapist: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: the second factor's secret (base32) once confirmed with a first code
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: a secret shown for enrolment and not yet confirmed
    totp_pending: Mapped[str | None] = mapped_column(String(64))
    #: the last time step whose code was accepted: no code is accepted twice
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SignInSession(AccountsBase):
    """A browser signed in: only the hash of its token is kept."""

    __tablename__ = "account_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: ``False`` between a right password and a right second-factor code
    complete: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: a short description of the browser, so a person can tell their sessions apart
    device: Mapped[str | None] = mapped_column(String(120))


class Invitation(AccountsBase):
    """A single-use invitation to make an account; only the hash of its token is kept."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    invited_by: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SignInAttempt(AccountsBase):
    """One try at signing in, for rate limits and lock-out; the name only as a hash."""

    __tablename__ = "sign_in_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_key_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    address: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False)


class CalendarFeed(AccountsBase):
    """An account's calendar feed (migration 0011): the private address a calendar app reads
    without a session. Only the hash of its token is kept; a new one replaces it."""

    __tablename__ = "calendar_feeds"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


# Hosted mode: partner spaces and reports shared with a therapist (migration 0009). A space
# holds nothing anyone wrote: it says who is in it, and the stage 8 records their authors
# marked ``shared`` become readable by the other member (row-level security's
# ``partner_reads`` policy). A shared report is a copy of the report as the person saw it.


class PartnerSpace(AccountsBase):
    """Two accounts that share some stage 8 records with each other (one, while an
    invitation waits for an answer)."""

    __tablename__ = "partner_spaces"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class SpaceMember(AccountsBase):
    """An account in a partner space; the key is the account, so it is in one space at most."""

    __tablename__ = "space_members"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    space_id: Mapped[int] = mapped_column(
        ForeignKey("partner_spaces.id", ondelete="CASCADE"), nullable=False, index=True
    )
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class SpaceInvitation(AccountsBase):
    """An invitation into a space, waiting for the account with that sign-in name to answer."""

    __tablename__ = "space_invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    space_id: Mapped[int] = mapped_column(
        ForeignKey("partner_spaces.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    inviter_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: the invited sign-in name, folded as ``Account.name_key`` is
    invitee_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: the name as the inviter typed it, to show them
    invitee_name: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class ReportShare(AccountsBase):
    """A report a person shared with a therapist's account, as it was when shared, until
    ``expires_at`` or until the person takes it back (which deletes it)."""

    __tablename__ = "report_shares"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    since: Mapped[dt.date] = mapped_column(Date, nullable=False)
    until: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the sections' names, one a line
    sections: Mapped[str] = mapped_column(Text, nullable=False)
    #: the report as the person's preview showed it (HTML made by the app's own template)
    body: Mapped[str] = mapped_column(Text, nullable=False)


#: every table the migrations make and a model describes (what the schema tests compare)
ALL_METADATA = (Base.metadata, AccountsBase.metadata)
