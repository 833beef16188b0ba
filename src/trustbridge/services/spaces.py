"""Hosted mode's partner spaces: two accounts that share some stage 8 records with each other.

One account invites another by sign-in name; the other accepts (or declines). An account is
in one space at most, with one partner: a space is about one relationship, and a second
partner would see what was shared with the first without the first having chosen that.
Either can leave, which ends the space for both; then each sees only what they wrote.

What is shared: a partner check-in, ritual, appreciation, shared goal or win, each only when
its author ticked "share with my partner" (``shared``); nothing else, ever. The partner reads
it and cannot change or delete it. The days a ritual was kept and a goal's reviews stay their
author's.

Both walls hold here as everywhere (docs/hosted.md): PostgreSQL's policies of migration 0009
decide what a statement may see, and the app asks only for its own rows and, here, for the
``shared`` rows of the one account its membership names (:func:`trustbridge.store.rows.shared`).
Every statement names the signed-in account (``me``) itself too, so a connection that
row-level security does not hold still finds nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from trustbridge.services.accounts import AccountProblem, check_name, fold
from trustbridge.services.base import NotFound, local_day
from trustbridge.services.entries import Through
from trustbridge.services.growth import KINDS
from trustbridge.services.growth_reads import ritual_progress
from trustbridge.store import rows
from trustbridge.store.db import Store

#: the stage 8 kinds a person may share, in the order the space's page shows them, with the
#: table and the order each is listed in
SHAREABLE: dict[str, tuple[str, str]] = {
    "partner_checkin": ("partner_checkins", "held_on DESC, id DESC"),
    "ritual": ("rituals", "id"),
    "appreciation": ("appreciations", "noted_on DESC, id DESC"),
    "goal": ("shared_goals", "id"),
    "win": ("wins", "happened_on DESC, id DESC"),
}


class SpaceProblem(AccountProblem):
    """Something about a partner space the person can put right; ``str()`` says what."""


@dataclass(frozen=True, slots=True)
class Partner:
    account_id: int
    name: str


@dataclass
class Space:
    """Where the signed-in account stands: with a partner, waiting for an answer, or invited."""

    partner: Partner | None = None
    #: the name this account invited, while no one has answered
    waiting_for: str | None = None
    #: invitations to this account: (space id, who invited)
    invitations: list[tuple[int, str]] = field(default_factory=list)


def _partner(session: Session, me: int) -> Partner | None:
    found = session.execute(
        text(
            "SELECT other.account_id, a.name FROM space_members mine "
            "JOIN space_members other ON other.space_id = mine.space_id "
            "AND other.account_id <> mine.account_id "
            "JOIN accounts a ON a.id = other.account_id WHERE mine.account_id = :me"
        ),
        {"me": me},
    ).first()
    return None if found is None else Partner(int(found[0]), str(found[1]))


def _my_space(session: Session, me: int) -> int | None:
    found = session.scalar(
        text("SELECT space_id FROM space_members WHERE account_id = :me"), {"me": me}
    )
    return None if found is None else int(found)


def _name_key(session: Session, me: int) -> str:
    return str(session.scalar(text("SELECT name_key FROM accounts WHERE id = :me"), {"me": me}))


def partner_of(store: Store, me: int) -> Partner | None:
    """The account ``me`` shares a space with, if any."""
    with store.sessions() as session:
        return _partner(session, me)


def space_of(store: Store, me: int) -> Space:
    with store.sessions() as session:
        partner = _partner(session, me)
        if partner is not None:
            return Space(partner=partner)
        space = _my_space(session, me)
        waiting = None
        if space is not None:
            waiting = session.scalar(
                text(
                    "SELECT invitee_name FROM space_invitations "
                    "WHERE space_id = :s AND inviter_id = :me"
                ),
                {"s": space, "me": me},
            )
        found = session.execute(
            text(
                "SELECT i.space_id, a.name FROM space_invitations i "
                "JOIN accounts a ON a.id = i.inviter_id "
                "WHERE i.invitee_key = :key AND i.inviter_id <> :me ORDER BY i.id"
            ),
            {"key": _name_key(session, me), "me": me},
        ).all()
        return Space(waiting_for=waiting, invitations=[(int(s), str(n)) for s, n in found])


def _end_space(session: Session, me: int) -> None:
    """End the space ``me`` is in, for everyone in it, with its invitation."""
    space = _my_space(session, me)
    if space is not None:
        session.execute(text("DELETE FROM partner_spaces WHERE id = :s"), {"s": space})


def invite(store: Store, me: int, name: str, now: dt.datetime) -> str:
    """Invite the account with this sign-in name; the name as it will be shown.

    The answer is the same whether or not anyone has that name, so inviting does not tell
    which names exist; the invitation simply waits. A new invitation replaces one waiting.
    """
    shown = check_name(name)
    with store.session() as session:
        if fold(shown) == _name_key(session, me):
            raise SpaceProblem("That is your own name. Please type your partner's sign-in name.")
        if _partner(session, me) is not None:
            raise SpaceProblem(
                "You are already in a partner space. To invite someone else, leave it first."
            )
        space = _my_space(session, me)
        if space is None:
            space = int(session.scalar(text("SELECT nextval('partner_spaces_id_seq')")))
            session.execute(
                text("INSERT INTO partner_spaces (id, created_at) VALUES (:s, :now)"),
                {"s": space, "now": _utc(now)},
            )
            session.execute(
                text(
                    "INSERT INTO space_members (account_id, space_id, joined_at) "
                    "VALUES (:me, :s, :now)"
                ),
                {"me": me, "s": space, "now": _utc(now)},
            )
        session.execute(
            text("DELETE FROM space_invitations WHERE space_id = :s AND inviter_id = :me"),
            {"s": space, "me": me},
        )
        session.execute(
            text(
                "INSERT INTO space_invitations "
                "(space_id, inviter_id, invitee_key, invitee_name, created_at) "
                "VALUES (:s, :me, :key, :name, :now)"
            ),
            {"s": space, "me": me, "key": fold(shown), "name": shown, "now": _utc(now)},
        )
    return shown


def accept(store: Store, me: int, space_id: int, now: dt.datetime) -> Partner:
    """Join the space of an invitation to this account; a space of one's own waiting for an
    answer ends first."""
    with store.session() as session:
        if _partner(session, me) is not None:
            raise SpaceProblem("You are already in a partner space. Please leave it first.")
        found = session.scalar(
            text(
                "SELECT id FROM space_invitations WHERE space_id = :s AND invitee_key = :key "
                "AND inviter_id <> :me"
            ),
            {"s": space_id, "key": _name_key(session, me), "me": me},
        )
        if found is None:
            raise NotFound("That invitation is no longer there. It may have been taken back.")
        _end_space(session, me)
        session.execute(
            text(
                "INSERT INTO space_members (account_id, space_id, joined_at) VALUES (:me, :s, :now)"
            ),
            {"me": me, "s": space_id, "now": _utc(now)},
        )
        session.execute(text("DELETE FROM space_invitations WHERE id = :i"), {"i": found})
        partner = _partner(session, me)
    assert partner is not None  # the inviter is in the space they invited to
    return partner


def decline(store: Store, me: int, space_id: int) -> None:
    with store.session() as session:
        session.execute(
            text("DELETE FROM space_invitations WHERE space_id = :s AND invitee_key = :key"),
            {"s": space_id, "key": _name_key(session, me)},
        )


def leave(store: Store, me: int) -> None:
    """Leave the space (or take back an invitation): the space ends for both."""
    with store.session() as session:
        _end_space(session, me)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


# --- what is shared ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shared:
    """One shared record on the space's page: whose it is, and (for a ritual) its progress."""

    kind: str
    record: SimpleNamespace
    mine: bool
    progress: Any = None


def shared_entries(store: Store, me: int, now: dt.datetime) -> dict[str, list[Shared]]:
    """Every record either partner shared, by kind; ``me``'s alone when there is no partner."""
    with store.sessions() as session:
        partner = _partner(session, me)
        owners = [me] if partner is None else [me, partner.account_id]
        cursor = Through(session).cursor()
        found: dict[str, list[Shared]] = {}
        for kind, (table, order) in SHAREABLE.items():
            listed = rows.shared(cursor, table, owners, order=order)
            if kind == "ritual":  # its own kept days only: a partner's stay theirs
                mine = [r for r in listed if r.owner_id == me]
                rows.attach(cursor, mine, "rituals_kept", "ritual_id", "kept", "kept_on, id")
            found[kind] = [
                Shared(
                    kind,
                    r,
                    r.owner_id == me,
                    ritual_progress(r, local_day(now))
                    if kind == "ritual" and r.owner_id == me
                    else None,
                )
                for r in listed
            ]
        return found


def set_shared(store: Store, kind: str, entry_id: int, shared: bool) -> None:
    """Share one of one's own stage 8 records with one's partner, or stop sharing it."""
    if kind not in SHAREABLE:
        raise NotFound("There is no such kind of entry to share.")
    shape = KINDS[kind]
    with store.session() as session:
        record = session.get(shape.model, entry_id)
        if record is None:
            raise NotFound(f"There is no {shape.what} number {entry_id}.")
        record.shared = shared
