"""Hosted mode's store: every unit of work runs as the signed-in account.

Each request gets a :class:`~trustbridge.store.db.Store` whose sessions carry the account's
id, and three things follow from it on every transaction:

* it starts with ``SELECT set_config('trustbridge.account_id', '<id>', true)``, local to the
  transaction, so row-level security can be switched on later without touching the app;
* what the ORM reads, changes or deletes in a table with ``owner_id`` (stage 8 and the support
  layer, :class:`~trustbridge.store.models.Owned`) is only the account's own rows;
* a new row in such a table gets the account's id as its ``owner_id``.

The other tables have no owner yet (see docs/hosted.md): there every account sees the same
rows. The server keeps nothing about anyone between requests: the account comes from the
session cookie, checked in the database (see :mod:`.hosted_gate`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, event, text
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    SessionTransaction,
    sessionmaker,
    with_loader_criteria,
)

from trustbridge.config import Settings
from trustbridge.services.security import State
from trustbridge.store import models as m
from trustbridge.store.db import Store

T = TypeVar("T")

#: the key in a session's ``info`` that holds the account's id
ACCOUNT = "trustbridge.account_id"
#: the signed-in account of the request being served (set by :mod:`.hosted_gate`)
current_account: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "trustbridge_account", default=None
)


class SignedOut(Exception):
    """A request needs an account and has none (the gate sends it to the sign-in page)."""


class AccountSession(Session):
    """A session that runs as one account (``info[ACCOUNT]``)."""


@event.listens_for(AccountSession, "after_begin")
def _set_account(session: Session, _transaction: SessionTransaction, conn: Connection) -> None:
    account = session.info.get(ACCOUNT)
    if account is not None and conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT set_config('trustbridge.account_id', :id, true)"), {"id": str(account)}
        )


@event.listens_for(AccountSession, "do_orm_execute")
def _own_rows_only(state: ORMExecuteState) -> None:
    account = state.session.info.get(ACCOUNT)
    if account is None or not (state.is_select or state.is_update or state.is_delete):
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            m.Owned,
            lambda cls: cls.owner_id == account,
            include_aliases=True,
        )
    )


@event.listens_for(AccountSession, "before_flush")
def _stamp_owner(session: Session, _context: Any, _instances: Any) -> None:
    account = session.info.get(ACCOUNT)
    if account is None:
        return
    for record in session.new:
        if isinstance(record, m.Owned):
            record.owner_id = account
    for record in (*session.new, *session.dirty):
        if isinstance(record, m.SafetyPlan):
            # no plain copy outside the database: a server's disk is not this person's
            record.keep_outside = False


def account_store(store: Store, account_id: int) -> Store:
    """The same database, with every unit of work run as ``account_id``."""
    sessions = sessionmaker(
        store.engine, class_=AccountSession, expire_on_commit=False, info={ACCOUNT: account_id}
    )
    return Store(store.settings, store.engine, cast("sessionmaker[Session]", sessions))


class HostedVault:
    """What :class:`~trustbridge.web.vault.Vault` is to a local store, for a hosted database.

    Nothing to unlock and nothing kept between requests: :meth:`store` hands each request
    the database as its signed-in account.
    """

    encrypted = False
    is_open = True
    by_recovery = False
    state = State.PLAIN

    def __init__(self, store: Store) -> None:
        self._store = store
        self.base = store.settings
        self.settings: Settings = store.settings
        self.engine = store.engine
        import datetime as dt

        self.idle = dt.timedelta(0)

    def store(self) -> Store:
        account = current_account.get()
        if account is None:
            raise SignedOut
        return account_store(self._store, account)

    def store_unless_locked(self) -> Store | None:
        account = current_account.get()
        return None if account is None else account_store(self._store, account)

    def reuse(
        self, store: Store, what: str, compute: Callable[[Store], T], *, per: Hashable = None
    ) -> T:
        """Nothing is kept between requests here: worked out every time."""
        return compute(store)

    def lock_if_idle(self) -> bool:
        return False

    def backup_if_due(self) -> None:
        """The operator backs the database up (``pg_dump``); nothing to do here."""

    def lock(self) -> None:
        """Nothing to lock: signing out is how a hosted session ends."""

    def close(self) -> None:
        self._store.close()
