"""Hosted mode's store: every unit of work runs as the signed-in account.

Each request gets a :class:`~trustbridge.store.db.Store` whose sessions carry the account's
id. Every table of personal data has ``owner_id`` (:class:`~trustbridge.store.models.Mine`,
migration 0008), and two walls keep each account's rows its own:

* **the database's**: every transaction starts with
  ``SELECT set_config('trustbridge.account_id', '<id>', true)``, local to the transaction, and
  PostgreSQL's row-level security (enabled and forced on every personal table by 0008) lets a
  statement see, change, delete or write only rows whose ``owner_id`` is that account. The app
  connects as a role that is neither a superuser nor the tables' owner and cannot bypass it
  (``trustbridge hosted grant-app-role``; :func:`.hosted_app.check_database` refuses to
  serve otherwise);
* **the app's own**: what the ORM reads, changes or deletes is narrowed to the account's rows
  (``with_loader_criteria``), the plain-SQL reads of :mod:`trustbridge.store.rows` narrow to the
  same account, a new row gets the account's id as its ``owner_id`` before it is written, and a
  row may only point at rows of the same account (a person, a boundary, a belief...).

The server keeps nothing about anyone between requests: the account comes from the session
cookie, checked in the database (see :mod:`.hosted_gate`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, bindparam, event, select, text
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    SessionTransaction,
    sessionmaker,
    with_loader_criteria,
)

from trustbridge.config import Settings
from trustbridge.services.errors import NotFound
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
    if account is None or conn.dialect.name != "postgresql":
        return
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        # the driver opens no transaction of its own here (see account_store): the account's
        # one starts with its BEGIN and the set_config in one round trip to the server. If it
        # ever did not, each statement would run alone, with no account set: row-level
        # security would show it nothing and refuse its writes.
        from trustbridge.services.entries import Through

        Through.on(conn).execute(
            f"BEGIN; SELECT set_config('trustbridge.account_id', '{int(account)}', true)"
        )
        return
    conn.execute(
        text("SELECT set_config('trustbridge.account_id', :id, true)"), {"id": str(account)}
    )


#: the bound parameter the app's own wall compares ``owner_id`` with: every statement is
#: narrowed once, whoever runs it, and the account comes with each execution's parameters
OWNER = "trustbridge_owner"

#: what :func:`_own_rows_only` made of a statement: a statement built once and run again and
#: again (the hot look-ups) is narrowed once rather than every time, and keeps the cache key
#: SQLAlchemy worked out for it. Kept as long as the statement lives.
_owned: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_owned_lock = threading.Lock()


def _narrowed(statement: Any) -> Any:
    # No closure variable, and the name spelled out (SQLAlchemy's lambdas track the names they
    # read): the narrowed statement is the same for every account, so SQLAlchemy compiles it
    # once and matches no per-account bound values on each run.
    return statement.options(
        with_loader_criteria(
            m.Mine,
            lambda cls: cls.owner_id == bindparam("trustbridge_owner"),
            include_aliases=True,
        )
    )


@event.listens_for(AccountSession, "do_orm_execute")
def _own_rows_only(state: ORMExecuteState) -> None:
    account = state.session.info.get(ACCOUNT)
    if account is None or not (state.is_select or state.is_update or state.is_delete):
        return
    statement = state.statement
    with _owned_lock:
        try:
            found = _owned.get(statement)
        except TypeError:  # a statement that cannot be weakly referred to
            found = None
    if found is None:
        found = _narrowed(statement)
        with _owned_lock, contextlib.suppress(TypeError):  # TypeError: cannot be kept so
            _owned[statement] = found
    state.statement = found
    given = state.parameters
    if given is None or isinstance(given, Mapping):
        state.parameters = {**(given or {}), OWNER: account}
    else:  # executemany: each set of parameters runs as the account
        state.parameters = [{**each, OWNER: account} for each in given]


@event.listens_for(AccountSession, "before_flush")
def _stamp_owner(session: Session, _context: Any, _instances: Any) -> None:
    account = session.info.get(ACCOUNT)
    if account is None:
        return
    for record in session.new:
        if isinstance(record, m.Mine):
            record.owner_id = account
    for record in (*session.new, *session.dirty):
        if isinstance(record, m.Mine):
            if record.owner_id != account:  # loaded as the account's, so never expected
                raise NotFound("That record is not one of yours.")
            _points_at_own_rows(session, record)
        if isinstance(record, m.SafetyPlan):
            # no plain copy outside the database: a server's disk is not this person's
            record.keep_outside = False


@functools.cache
def _model_of(table: str) -> Any:
    return next(
        mapper.class_
        for mapper in m.Base.registry.mappers
        if getattr(mapper.class_, "__tablename__", None) == table
    )


def _points_at_own_rows(session: Session, record: Any) -> None:
    """A row may refer only to the account's own rows (its person, boundary, belief, ...).

    The database checks that a referenced row exists, not whose it is (a foreign key's check
    does not see row-level security), so without this an account could tie its entry to
    another's person by number, and learn from the answer whether that number exists.
    """
    for column in record.__table__.columns:
        value = getattr(record, column.key, None)
        if value is None:
            continue
        for key in column.foreign_keys:
            target = _model_of(key.column.table.name)
            with session.no_autoflush:
                found = session.scalar(select(target).where(target.id == value))
            if found is None:
                raise NotFound(f"There is no record with number {value}.")


def account_store(
    store: Store, account_id: int, *, sessions: sessionmaker[Session] | None = None
) -> Store:
    """The same database, with every unit of work run as ``account_id``.

    On PostgreSQL the driver is left in autocommit and each unit of work sends its own
    ``BEGIN`` together with the ``set_config`` (:func:`_set_account`): one round trip to the
    server instead of two, on every unit of work of every request. ``COMMIT`` and
    ``ROLLBACK`` are sent as before (the driver sends them whenever a transaction is open).
    ``sessions`` is :func:`account_sessions` of the store, when the caller keeps one.
    """
    maker = sessions or account_sessions(store)
    own = functools.partial(maker, info={ACCOUNT: account_id})
    return Store(store.settings, store.engine, cast("sessionmaker[Session]", own))


def account_sessions(store: Store) -> sessionmaker[Session]:
    """The factory of every :class:`AccountSession` on the store's database (each session is
    given its account in ``info``), with the driver in autocommit on PostgreSQL.

    Made once per server and kept: a session factory makes a class of its own, and an
    engine's autocommit face builds its own event dispatch, a millisecond or more of work
    that no request should pay for.
    """
    bind = store.engine
    if bind.dialect.name == "postgresql":
        bind = bind.execution_options(isolation_level="AUTOCOMMIT")
    maker = sessionmaker(bind, class_=AccountSession, expire_on_commit=False)
    return cast("sessionmaker[Session]", maker)


class _InOne(Store):
    """A store whose units of work all run in one transaction that is already open, for the
    look-ups :meth:`HostedVault.reuse` is given (they only read)."""

    def __init__(self, store: Store, session: Session) -> None:
        super().__init__(
            store.settings, store.engine, cast("sessionmaker[Session]", _Same(session))
        )
        self._shared = session

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        yield self._shared


class _Same:
    """Stands for a sessionmaker: hands out the one open session, and leaves it open."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __call__(self) -> contextlib.nullcontext[Session]:
        return contextlib.nullcontext(self._session)


class HostedVault:
    """What :class:`~trustbridge.web.vault.Vault` is to a local store, for a hosted database.

    Nothing to unlock and nothing kept between requests: :meth:`store` hands each request
    the database as its signed-in account.
    """

    encrypted = False
    is_open = True
    #: :meth:`store` neither waits nor touches the database (see :func:`.deps.store_for_request`)
    hands_out_at_once = True
    by_recovery = False
    state = State.PLAIN

    def __init__(self, store: Store) -> None:
        self._store = store
        self.base = store.settings
        self.settings: Settings = store.settings
        self.engine = store.engine
        self._sessions = account_sessions(store)
        import datetime as dt

        self.idle = dt.timedelta(0)

    def store(self) -> Store:
        account = current_account.get()
        if account is None:
            raise SignedOut
        return account_store(self._store, account, sessions=self._sessions)

    def store_unless_locked(self) -> Store | None:
        account = current_account.get()
        return (
            None
            if account is None
            else account_store(self._store, account, sessions=self._sessions)
        )

    @contextlib.contextmanager
    def together(self, store: Store) -> Iterator[Store]:
        """A store whose look-ups all run in one transaction: one ``BEGIN`` and ``COMMIT``
        (and one setting of the account) for every :meth:`reuse` of a page. Only for reads."""
        if isinstance(store, _InOne):
            yield store
            return
        with store.sessions() as session, session.begin():
            yield _InOne(store, session)

    def reuse(
        self,
        store: Store,
        what: str,
        compute: Callable[[Store], T],
        *,
        per: Hashable = None,
        keep: bool = True,
    ) -> T:
        """Nothing is kept between requests here: worked out every time, in one transaction
        (one ``BEGIN`` and ``COMMIT`` for all of its reads rather than one per read), or in
        the one :meth:`together` opened."""
        with self.together(store) as one:
            return compute(one)

    def lock_if_idle(self) -> bool:
        return False

    def backup_if_due(self) -> None:
        """The operator backs the database up (``pg_dump``); nothing to do here."""

    def lock(self) -> None:
        """Nothing to lock: signing out is how a hosted session ends."""

    def close(self) -> None:
        self._store.close()
