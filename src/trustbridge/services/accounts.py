"""Hosted mode's accounts: invitations, passwords, a second factor, sessions and sign-in limits.

Everything lives in PostgreSQL (the tables of migration 0007), never in the server's memory,
so any number of app servers behind a proxy serve the same people without sticky sessions.
Secrets are kept only as what cannot be turned back into them: passwords as Argon2id hashes
(argon2-cffi's defaults, RFC 9106's second recommended set), session and invitation tokens as
SHA-256 digests (they are 256 random bits, so a plain digest is enough: nothing to guess).

Sign-in says the same words, and does the same work, for a name nobody has as for a wrong
password: an unknown name is checked against a dummy hash. Wrong tries are counted per name
(hashed) and per network address, in the database; past the limits the form waits, for the
name whether or not it exists. Time comes from an injectable clock, so tests never sleep.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trustbridge.services.base import utcnow
from trustbridge.store import models as m

if TYPE_CHECKING:
    from argon2 import PasswordHasher

#: ASVS 6.2.1 asks for at least 8 and strongly recommends 15; Trustbridge asks for 12
MIN_PASSWORD = 12
#: ASVS 6.2.9 asks that at least 64 be allowed; the cap only bounds the hashing work
MAX_PASSWORD = 256
MAX_NAME = 64
#: a TOTP code stands for 30 seconds; the one before is accepted too, for a code typed as
#: it turned over (each still only once)
TOTP_STEP = 30
TOTP_DIGITS = 6
#: words that make a password easy to guess here (ASVS 6.1.2 and 6.2.11)
CONTEXT_WORDS = ("trustbridge", "trust", "bridge", "password", "passwort", "hosted", "admin")


@dataclass(frozen=True, slots=True)
class Policy:
    """How long things last and how many wrong tries are allowed; see docs/hosted.md."""

    #: a session nobody used for this long is over (ASVS 7.3.1)
    idle: dt.timedelta = dt.timedelta(minutes=30)
    #: and every session is over this long after sign-in, used or not (ASVS 7.3.2)
    absolute: dt.timedelta = dt.timedelta(hours=12)
    #: time allowed between a right password and the second-factor code
    second_step: dt.timedelta = dt.timedelta(minutes=5)
    invitation: dt.timedelta = dt.timedelta(days=7)
    #: wrong tries per name within ``window`` before the form waits (ASVS 6.3.1)
    per_name: int = 5
    #: wrong tries per network address within ``window``
    per_address: int = 30
    window: dt.timedelta = dt.timedelta(minutes=15)
    #: how often a session's last use is written down (not on every request)
    touch_every: dt.timedelta = dt.timedelta(minutes=1)


# --- what can go wrong, in words people can read ------------------------------------------------


class AccountProblem(Exception):
    """Something the person can put right; ``str()`` is safe to show them."""


class WeakPassword(AccountProblem):
    pass


class BadName(AccountProblem):
    pass


class NameTaken(AccountProblem):
    pass


class InvitationInvalid(AccountProblem):
    def __init__(self) -> None:
        super().__init__(
            "This invitation cannot be used: it has been used already, has expired, or the "
            "link is not complete. Please ask the person who invited you for a new one."
        )


class WrongDetails(AccountProblem):
    """The same words for a wrong password and for a name nobody has (no enumeration)."""

    def __init__(self) -> None:
        super().__init__("That name and password do not match an account. Please try again.")


class WrongCode(AccountProblem):
    def __init__(self) -> None:
        super().__init__(
            "That code was not right, or it was used already. Codes change every 30 seconds; "
            "please type the one your app shows now."
        )


class WrongPassword(AccountProblem):
    def __init__(self) -> None:
        super().__init__("That is not your current password. Please try again.")


class TooManyTries(AccountProblem):
    """The form waits before the next try; ``seconds`` until then."""

    def __init__(self, seconds: float) -> None:
        whole = max(1, int(-(-seconds // 1)))
        minutes = -(-whole // 60)
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
        super().__init__(
            "There have been several wrong tries, so signing in with this name, or from "
            f"here, waits a little. Please try again in {wait}."
        )
        self.seconds = float(whole)


# --- names, passwords and tokens ----------------------------------------------------------------


def fold(name: str) -> str:
    """One form for a name: Unicode NFKC, without spaces at the ends, case-folded."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def check_name(name: str) -> str:
    """The name as it will be shown; raises :class:`BadName` in plain words."""
    shown = unicodedata.normalize("NFKC", name).strip()
    if not shown:
        raise BadName("Please choose a name to sign in with.")
    if len(shown) > MAX_NAME:
        raise BadName(f"Please keep the name to {MAX_NAME} characters or fewer.")
    if any(unicodedata.category(c).startswith("C") for c in shown):
        raise BadName("Please use letters, numbers, spaces or punctuation in the name.")
    return shown


def check_password(password: str, *, name: str = "") -> None:
    """Refuse a short, over-long or easily guessed password; any characters are welcome.

    No rules about capitals, digits or symbols (ASVS 6.2.5). The password is checked as
    typed, never trimmed or changed (6.2.8). "Easily guessed" is zxcvbn's estimate below 3
    of 4: it knows the 30,000 most common passwords, words and names, keyboard patterns,
    and is told this person's name and the words of this app (6.2.4, 6.2.11).
    """
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(
            f"Please choose a password of at least {MIN_PASSWORD} characters. A few words "
            "that mean something to you, and not to others, make a good one."
        )
    if len(password) > MAX_PASSWORD:
        raise WeakPassword(f"Please keep the password to {MAX_PASSWORD} characters or fewer.")
    from zxcvbn import zxcvbn

    inputs = [*CONTEXT_WORDS, *fold(name).split()] if name else list(CONTEXT_WORDS)
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < 3:
        raise WeakPassword(
            "That password would be easy to guess: it is one people often choose, or it is "
            "close to your name or to this app. Please choose another; a few words that do "
            "not usually go together work well."
        )


@cache
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # Argon2id, 64 MiB, 3 passes, 4 lanes (RFC 9106, second choice)


@cache
def _dummy_hash() -> str:
    """A hash of nothing anyone typed, so an unknown name costs the same work as a known one."""
    return hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def password_matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """256 random bits from the operating system's CSPRNG, for a cookie or a link."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_totp_secret() -> str:
    """160 random bits in base32, as RFC 4226 recommends (``pyotp`` uses ``secrets``)."""
    import pyotp

    return pyotp.random_base32(32)


def totp_uri(secret: str, name: str, issuer: str = "Trustbridge") -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=issuer)


def _totp_step(secret: str, code: str, now: dt.datetime, after: int | None) -> int | None:
    """The time step ``code`` belongs to (now, or the one before), if it is later than ``after``."""
    import pyotp

    typed = "".join(code.split())
    if len(typed) != TOTP_DIGITS or not typed.isascii() or not typed.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_STEP)
    current = int(now.timestamp()) // TOTP_STEP
    for step in (current, current - 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.at(step * TOTP_STEP), typed):
            return step
    return None


# --- what a signed-in request knows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The account behind a live session."""

    account_id: int
    name: str
    is_admin: bool
    session_id: int
    has_second_factor: bool
    #: marked by the operator: people may share reports with this account
    is_therapist: bool = False


@dataclass(frozen=True, slots=True)
class Started:
    """A sign-in that got past the password: ``token`` for the cookie; ``complete`` unless a
    second-factor code is still wanted."""

    token: str
    complete: bool


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    device: str


#: the session behind a token, and its account: built once, as it is asked on every request
_SESSION_LOOKUP = (
    select(
        m.SignInSession.id,
        m.SignInSession.complete,
        m.SignInSession.created_at,
        m.SignInSession.last_seen_at,
        m.Account.id,
        m.Account.name,
        m.Account.is_admin,
        m.Account.disabled_at,
        m.Account.totp_secret.is_not(None),
        m.Account.is_therapist,
    )
    .join(m.Account, m.Account.id == m.SignInSession.account_id)
    .where(m.SignInSession.token_hash == bindparam("token_hash"))
)


@dataclass
class Accounts:
    """Accounts and sessions on one hosted database."""

    engine: Engine
    policy: Policy = field(default_factory=Policy)
    clock: Callable[[], dt.datetime] = utcnow
    #: the engine with the driver in autocommit, for :meth:`session_for`'s single statements
    #: (made once: each such face of an engine builds its own event dispatch)
    _autocommit: Engine = field(init=False, repr=False, compare=False)
    #: :data:`_SESSION_LOOKUP` as the driver is given it (see :meth:`_session_row`)
    _lookup_sql: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._lookup_sql = _SESSION_LOOKUP.compile(dialect=self.engine.dialect).string

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def _lock(self, session: Session, key: str) -> None:
        """One sign-in for a name at a time, across every server (PostgreSQL advisory lock)."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})

    # --- accounts ---------------------------------------------------------------------------

    def count(self) -> int:
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(m.Account)) or 0

    def create(self, name: str, password: str, *, is_admin: bool = False) -> int:
        """Make an account; raises :class:`BadName`, :class:`WeakPassword`, :class:`NameTaken`."""
        shown = check_name(name)
        check_password(password, name=shown)
        with self._session() as session:
            return self._add(session, shown, password, is_admin=is_admin)

    def _add(self, session: Session, shown: str, password: str, *, is_admin: bool) -> int:
        account = m.Account(
            name=shown, name_key=fold(shown), password_hash=hash_password(password),
            is_admin=is_admin, created_at=self.clock(),
        )  # fmt: skip
        try:
            with session.begin_nested():
                session.add(account)
                session.flush()
        except IntegrityError:
            raise NameTaken(
                "That name is taken. Please choose another; it need not be your real name."
            ) from None
        return account.id

    def find(self, name: str) -> m.Account | None:
        with self._session() as session:
            return session.scalar(select(m.Account).where(m.Account.name_key == fold(name)))

    def mark_therapist(self, account_id: int, therapist: bool = True) -> None:
        """Let people share reports with this account, or stop it: then it sees none of the
        reports shared with it (the database's policy asks for the mark on every read)."""
        with self._session() as session:
            session.execute(
                update(m.Account).where(m.Account.id == account_id).values(is_therapist=therapist)
            )

    def disable(self, account_id: int) -> None:
        """No more signing in, and every session of the account ends now (ASVS 7.4.2)."""
        with self._session() as session:
            session.execute(
                update(m.Account).where(m.Account.id == account_id).values(disabled_at=self.clock())
            )
            session.execute(delete(m.SignInSession).where(m.SignInSession.account_id == account_id))

    # --- invitations ---------------------------------------------------------------------------

    def invite(self, invited_by: int | None) -> tuple[str, dt.datetime]:
        """A new single-use invitation token, and when it expires."""
        token, now = new_token(), self.clock()
        expires = now + self.policy.invitation
        with self._session() as session:
            session.add(m.Invitation(
                token_hash=digest(token), invited_by=invited_by, created_at=now, expires_at=expires,
            ))  # fmt: skip
        return token, expires

    def _open_invitation(self, session: Session, token: str) -> m.Invitation | None:
        found = session.scalar(
            select(m.Invitation).where(m.Invitation.token_hash == digest(token)).with_for_update()
        )
        if found is None or found.used_at is not None or found.expires_at <= self.clock():
            return None
        return found

    def invitation_open(self, token: str) -> bool:
        with self._session() as session:
            return self._open_invitation(session, token) is not None

    def accept(self, token: str, name: str, password: str) -> int:
        """Make the account an invitation was for; the invitation is used up with it."""
        shown = check_name(name)
        check_password(password, name=shown)
        with self._session() as session:
            invitation = self._open_invitation(session, token)
            if invitation is None:
                raise InvitationInvalid
            account_id = self._add(session, shown, password, is_admin=False)
            invitation.used_at = self.clock()
            return account_id

    # --- signing in ------------------------------------------------------------------------------

    def _wait(self, session: Session, name_hash: str, address: str) -> float:
        """Seconds before another try with this name or from this address (0: go ahead)."""
        since = self.clock() - self.policy.window
        last_success = session.scalar(
            select(func.max(m.SignInAttempt.at)).where(
                m.SignInAttempt.name_key_hash == name_hash, m.SignInAttempt.succeeded
            )
        )
        start = max(since, last_success) if last_success is not None else since
        waits = [0.0]
        for column, value, limit, begin in (
            (m.SignInAttempt.name_key_hash, name_hash, self.policy.per_name, start),
            (m.SignInAttempt.address, address, self.policy.per_address, since),
        ):
            failures = session.scalars(
                select(m.SignInAttempt.at)
                .where(column == value, ~m.SignInAttempt.succeeded, m.SignInAttempt.at > begin)
                .order_by(m.SignInAttempt.at.desc())
                .limit(limit)
            ).all()
            if len(failures) >= limit:
                waits.append((failures[-1] + self.policy.window - self.clock()).total_seconds())
        return max(waits)

    def _note(self, session: Session, name_hash: str, address: str, succeeded: bool) -> None:
        session.add(m.SignInAttempt(
            name_key_hash=name_hash, address=address[:64], at=self.clock(), succeeded=succeeded,
        ))  # fmt: skip

    def sign_in(self, name: str, password: str, address: str, device: str = "") -> Started:
        """Check a name and password; a new session (complete unless a code is wanted).

        Raises :class:`WrongDetails` (the same for an unknown name and a wrong password, after
        the same Argon2id work) or :class:`TooManyTries`.
        """
        name_hash = digest(fold(name))
        wrong, complete, token = False, False, ""
        with self._session() as session:
            self._lock(session, name_hash)
            wait = self._wait(session, name_hash, address)
            if wait > 0:
                raise TooManyTries(wait)
            account = session.scalar(select(m.Account).where(m.Account.name_key == fold(name)))
            usable = account is not None and account.disabled_at is None
            stored = account.password_hash if account is not None and usable else _dummy_hash()
            right = password_matches(stored, password) and usable
            self._note(session, name_hash, address, right)
            if not right or account is None:
                wrong = True
            else:
                if hasher().check_needs_rehash(account.password_hash):
                    account.password_hash = hash_password(password)
                complete = account.totp_secret is None
                token = self._new_session(session, account.id, complete, device)
        if wrong:  # the failure is written down (the transaction above committed it)
            raise WrongDetails
        return Started(token, complete)

    def _new_session(self, session: Session, account_id: int, complete: bool, device: str) -> str:
        token, now = new_token(), self.clock()
        session.add(m.SignInSession(
            token_hash=digest(token), account_id=account_id, complete=complete,
            created_at=now, last_seen_at=now, device=(device or "")[:120] or None,
        ))  # fmt: skip
        return token

    def second_step(self, token: str, code: str, address: str) -> str:
        """Swap a half-made session and a right TOTP code for a new, complete session token.

        Raises :class:`WrongCode`, :class:`TooManyTries`, or :class:`WrongDetails` when the
        half-made session is gone or too old (then the person starts again with the password).
        """
        wrong = raise_code = False
        fresh = ""
        with self._session() as session:
            half = session.scalar(
                select(m.SignInSession)
                .where(m.SignInSession.token_hash == digest(token), ~m.SignInSession.complete)
                .with_for_update()
            )
            account = session.get(m.Account, half.account_id) if half is not None else None
            if half is None or account is None or account.totp_secret is None:
                raise WrongDetails
            if self.clock() - half.created_at > self.policy.second_step:
                session.delete(half)
                wrong = True
            else:
                name_hash = digest(account.name_key)
                self._lock(session, name_hash)
                wait = self._wait(session, name_hash, address)
                if wait > 0:
                    raise TooManyTries(wait)
                step = _totp_step(account.totp_secret, code, self.clock(), account.totp_last_step)
                self._note(session, name_hash, address, step is not None)
                raise_code = step is None
                if step is not None:
                    account.totp_last_step = step
                    session.delete(half)  # a new token on authentication (ASVS 7.2.4)
                    fresh = self._new_session(session, account.id, True, half.device or "")
        if wrong:
            raise WrongDetails
        if raise_code:
            raise WrongCode
        return fresh

    # --- sessions --------------------------------------------------------------------------------

    def session_for(self, token: str | None, *, complete: bool = True) -> SignedIn | None:
        """The account behind a live session token, or ``None`` (ended sessions are removed).

        Asked on every request, so it costs one statement on its own, straight through the
        driver (:meth:`_session_row`). Ending an expired session and writing down its last
        use (at most every ``policy.touch_every``) are single statements too; a session
        ended by another server in between is simply not touched.
        """
        if not token or len(token) > 100:
            return None
        now = self.clock()
        row = self._session_row(digest(token))
        if row is None:
            return None
        (session_id, is_complete, created, seen, account_id, name, admin, disabled, totp,
         therapist) = row  # fmt: skip
        if bool(is_complete) != complete:
            return None
        created, seen = created.replace(tzinfo=dt.UTC), seen.replace(tzinfo=dt.UTC)
        limit = self.policy.idle if complete else self.policy.second_step
        held = m.SignInSession
        if now - seen > limit or now - created > self.policy.absolute or disabled is not None:
            with self._autocommit.connect() as conn:
                conn.execute(delete(held).where(held.id == session_id))
            return None
        if complete and now - seen >= self.policy.touch_every:
            with self._autocommit.connect() as conn:
                conn.execute(update(held).where(held.id == session_id).values(last_seen_at=now))
        return SignedIn(account_id, name, bool(admin), session_id, bool(totp), bool(therapist))

    def _session_row(self, token_hash: str) -> tuple[Any, ...] | None:
        """:data:`_SESSION_LOOKUP`'s row as the driver gives it (times without their zone).

        A pooled connection, put in autocommit for the one statement (no ``BEGIN`` and
        ``ROLLBACK`` around it) and taken back out: without SQLAlchemy's connection and
        result around the driver's, which cost more than the statement on every request.
        """
        pooled = self.engine.raw_connection()
        try:
            driver: Any = pooled.dbapi_connection
            driver.autocommit = True
            try:
                with driver.cursor() as cursor:
                    cursor.execute(self._lookup_sql, {"token_hash": token_hash})
                    found: tuple[Any, ...] | None = cursor.fetchone()
            finally:
                driver.autocommit = False
        finally:
            pooled.close()
        return found

    def sign_out(self, token: str | None) -> None:
        if token:
            with self._session() as session:
                session.execute(
                    delete(m.SignInSession).where(m.SignInSession.token_hash == digest(token))
                )

    def sign_out_everywhere(self, account_id: int, *, keep: int | None = None) -> int:
        """End every session of the account (but ``keep``); how many ended."""
        with self._session() as session:
            query = delete(m.SignInSession).where(m.SignInSession.account_id == account_id)
            if keep is not None:
                query = query.where(m.SignInSession.id != keep)
            return session.execute(query).rowcount  # type: ignore[attr-defined,no-any-return]

    def end_every_session(self) -> int:
        """End everyone's sessions (an administrator's emergency brake, ASVS 7.4.5)."""
        with self._session() as session:
            return session.execute(delete(m.SignInSession)).rowcount  # type: ignore[attr-defined,no-any-return]

    def sessions(self, account_id: int) -> list[SessionRow]:
        with self._session() as session:
            rows = session.scalars(
                select(m.SignInSession)
                .where(m.SignInSession.account_id == account_id, m.SignInSession.complete)
                .order_by(m.SignInSession.last_seen_at.desc())
            ).all()
            return [SessionRow(r.id, r.created_at, r.last_seen_at, r.device or "") for r in rows]

    def end_session(self, account_id: int, session_id: int) -> None:
        with self._session() as session:
            session.execute(
                delete(m.SignInSession).where(
                    m.SignInSession.account_id == account_id, m.SignInSession.id == session_id
                )
            )

    def prune(self) -> None:
        """Forget sign-in tries and sessions too old to matter any more."""
        now = self.clock()
        with self._session() as session:
            session.execute(
                delete(m.SignInAttempt).where(m.SignInAttempt.at < now - 4 * self.policy.window)
            )
            session.execute(
                delete(m.SignInSession).where(
                    m.SignInSession.created_at < now - self.policy.absolute
                )
            )

    # --- the calendar feed ------------------------------------------------------------------------

    def new_feed(self, account_id: int) -> str:
        """A new token for the account's calendar feed (only its hash is kept); the address
        made before stops working at once."""
        token = new_token()
        with self._session() as session:
            _stop_feed(session, account_id)
            session.add(m.CalendarFeed(account_id=account_id, token_hash=digest(token),
                                       created_at=self.clock()))  # fmt: skip
        return token

    def feed_made(self, account_id: int) -> dt.datetime | None:
        """When the account's feed address was made (``None``: it has none)."""
        with self._session() as session:
            feed = session.get(m.CalendarFeed, account_id)
            return None if feed is None else feed.created_at

    def stop_feed(self, account_id: int) -> None:
        with self._session() as session:
            _stop_feed(session, account_id)

    def feed_account(self, token: str) -> int | None:
        """The account whose feed this token opens, or ``None``; a disabled account has none."""
        if not token or len(token) > 100:
            return None
        with self._session() as session:
            return session.scalar(
                select(m.CalendarFeed.account_id)
                .join(m.Account, m.Account.id == m.CalendarFeed.account_id)
                .where(m.CalendarFeed.token_hash == digest(token), m.Account.disabled_at.is_(None))
            )

    # --- changing how one signs in ------------------------------------------------------------

    def _checked(self, session: Session, account_id: int, password: str) -> m.Account:
        account = session.get(m.Account, account_id, with_for_update=True)
        if account is None or not password_matches(account.password_hash, password):
            raise WrongPassword
        return account

    def change_password(self, account_id: int, current: str, new: str) -> None:
        """A new password, given the current one (ASVS 6.2.2, 6.2.3)."""
        with self._session() as session:
            account = self._checked(session, account_id, current)
            check_password(new, name=account.name)
            account.password_hash = hash_password(new)

    def begin_second_factor(self, account_id: int, password: str) -> str:
        """A new secret to show for enrolment, after the password is typed again (ASVS 7.5.1)."""
        with self._session() as session:
            account = self._checked(session, account_id, password)
            account.totp_pending = new_totp_secret()
            return account.totp_pending

    def pending_second_factor(self, account_id: int) -> tuple[str, str] | None:
        """The secret being enrolled and its ``otpauth://`` address, if there is one."""
        with self._session() as session:
            account = session.get(m.Account, account_id)
            if account is None or account.totp_pending is None:
                return None
            return account.totp_pending, totp_uri(account.totp_pending, account.name)

    def confirm_second_factor(self, account_id: int, code: str) -> None:
        """Turn the second factor on once a first code from the new secret is right."""
        with self._session() as session:
            account = session.get(m.Account, account_id, with_for_update=True)
            if account is None or account.totp_pending is None:
                raise WrongCode
            step = _totp_step(account.totp_pending, code, self.clock(), None)
            if step is None:
                raise WrongCode
            account.totp_secret, account.totp_pending = account.totp_pending, None
            account.totp_last_step = step

    def remove_second_factor(self, account_id: int, password: str) -> None:
        with self._session() as session:
            account = self._checked(session, account_id, password)
            account.totp_secret = account.totp_pending = account.totp_last_step = None


# --- the database role the app runs as ------------------------------------------------------------


#: what the app may do in the tables it needs before anyone is signed in (they have no
#: row-level security: a sign-in looks up a name, a session a token, before an account is known)
def _stop_feed(session: Session, account_id: int) -> None:
    """The account's feed address stops working (one statement, in the caller's transaction)."""
    session.execute(delete(m.CalendarFeed).where(m.CalendarFeed.account_id == account_id))


ACCOUNT_TABLE_RIGHTS: dict[str, str] = {
    "accounts": "SELECT, INSERT, UPDATE",
    "account_sessions": "SELECT, INSERT, UPDATE, DELETE",
    "invitations": "SELECT, INSERT, UPDATE",
    "sign_in_attempts": "SELECT, INSERT, DELETE",
    "alembic_version": "SELECT",
    # partner spaces (0009): row-level security on members and invitations picks the rows
    "partner_spaces": "SELECT, INSERT, DELETE",
    "space_members": "SELECT, INSERT, DELETE",
    "space_invitations": "SELECT, INSERT, DELETE",
    # a report shared with a therapist: made, read, taken back; never changed
    "report_shares": "SELECT, INSERT, DELETE",
    # a calendar feed's token (0011): made, looked up by its hash, replaced or stopped
    "calendar_feeds": "SELECT, INSERT, DELETE",
}
#: the functions the partner spaces' policies call (migration 0009; they run as the owner)
POLICY_FUNCTIONS = ("trustbridge_space()", "trustbridge_partners()",
                    "trustbridge_may_join(integer)", "trustbridge_name_key()")  # fmt: skip
#: every table of personal data: row-level security decides which rows (migration 0008)
PERSONAL_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class RoleProblem(Exception):
    """The role cannot be the app's; ``str()`` says why, in a sentence for the operator."""


def _role_facts(conn: Connection, role: str) -> tuple[bool, bool, bool] | None:
    """Whether ``role`` is a superuser, may bypass row-level security, and owns (or is a member
    of a role that owns) any table here; ``None`` if there is no such role."""
    found = conn.execute(
        text(
            "SELECT r.rolsuper, r.rolbypassrls, EXISTS (SELECT 1 FROM pg_tables t "
            "WHERE t.schemaname = current_schema() AND pg_has_role(r.oid, t.tableowner, 'MEMBER')) "
            "FROM pg_roles r WHERE r.rolname = :role"
        ),
        {"role": role},
    ).first()
    return None if found is None else (bool(found[0]), bool(found[1]), bool(found[2]))


def _unsafe(role: str, facts: tuple[bool, bool, bool]) -> str | None:
    superuser, bypass, owner = facts
    if superuser:
        return f"The role {role} is a superuser, which row-level security does not hold."
    if bypass:
        return f"The role {role} may bypass row-level security (BYPASSRLS)."
    if owner:
        return (
            f"The role {role} owns the tables (or may act as their owner), so it could turn "
            "row-level security off."
        )
    return None


def grant_app_role(engine: Engine, role: str) -> None:
    """Give an existing role exactly what the app needs, and nothing more.

    Run as the tables' owner after ``trustbridge hosted migrate`` (and again after each
    migration that adds a table). Everything the role held in this schema is revoked first;
    then it gets ``SELECT, INSERT, UPDATE, DELETE`` on every table of personal data (where
    row-level security picks the rows), what :data:`ACCOUNT_TABLE_RIGHTS` lists on the account
    tables, and ``USAGE`` on the sequences that number new rows. Refuses (:class:`RoleProblem`)
    a role that does not exist, is a superuser, may bypass row-level security, or owns the
    tables: none of those would be held by the policies.
    """
    if not _ROLE_NAME.fullmatch(role):
        raise RoleProblem(
            "Please name the role in lower-case letters, digits and underscores (up to 63)."
        )
    with engine.begin() as conn:
        facts = _role_facts(conn, role)
        if facts is None:
            raise RoleProblem(
                f"There is no role {role} on this server. Make it first, with a password, "
                f"for example with: createuser --pwprompt {role}"
            )
        problem = _unsafe(role, facts)
        if problem is not None:
            raise RoleProblem(f"{problem} Please use a plain role made for the app.")
        schema = conn.dialect.identifier_preparer.quote(
            conn.scalar(text("SELECT current_schema()"))
        )
        who = conn.dialect.identifier_preparer.quote(role)
        conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}")
        conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {who}")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {who}")
        for table in m.Base.metadata.tables:
            conn.exec_driver_sql(f"GRANT {PERSONAL_RIGHTS} ON {table} TO {who}")
        for table, rights in ACCOUNT_TABLE_RIGHTS.items():
            conn.exec_driver_sql(f"GRANT {rights} ON {table} TO {who}")
        conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {who}")
        for function in POLICY_FUNCTIONS:  # the policies of 0009 call them as the app's role
            conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {who}")


def role_problem(engine: Engine) -> str | None:
    """Why the role ``engine`` connects as must not serve the app, or ``None`` if it may."""
    with engine.connect() as conn:
        role = str(conn.scalar(text("SELECT current_user")))
        facts = _role_facts(conn, role)
    assert facts is not None  # the role we are connected as exists
    problem = _unsafe(role, facts)
    if problem is None:
        return None
    return (
        f"{problem} Hosted mode keeps accounts apart in the database only when the app "
        "connects as a role made for it: see trustbridge hosted grant-app-role."
    )
