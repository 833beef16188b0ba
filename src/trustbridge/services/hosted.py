"""Hosted mode's set-up: bringing a PostgreSQL database's schema up to date.

The same Alembic chain as the SQLite store, run on one transaction (PostgreSQL changes its
schema transactionally), so a failed migration leaves the database as it was. What goes
wrong is told with the server's address but never its password.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from trustbridge.config import Settings
from trustbridge.store.db import alembic_config, current_revision, make_engine, upgrade_if_behind


class HostedError(Exception):
    """Something outside Trustbridge stopped the migration; the message is safe to show."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(address, reason)
        self.address = address
        self.reason = reason


class CannotConnect(HostedError):
    """The server could not be reached, or refused to let this user in."""


class Refused(HostedError):
    """The server was reached but refused a change; nothing was changed."""


class TooNew(Exception):
    """The database was set up by a newer Trustbridge than this one."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


@dataclass(frozen=True, slots=True)
class Migrated:
    """The schema revision before (``None``: an empty database) and after."""

    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def address(url: URL) -> str:
    """The URL as it may be shown: no password, and no options (they may hold one too)."""
    return url.set(query={}).render_as_string(hide_password=True)


def _reason(exc: DBAPIError, url: URL) -> str:
    """The driver's own words on one line, with any password in them blanked out."""
    text = " ".join(str(exc.orig).split())
    for secret in (url.password, url.query.get("password")):
        if isinstance(secret, str) and secret:
            text = text.replace(secret, "***")
    return text


def _known(engine_config: object, revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(engine_config).get_revision(revision) is not None  # type: ignore[arg-type]
    except CommandError:
        return False


def migrate(settings: Settings) -> Migrated:
    """Bring the schema at ``settings.database_url`` up to this code's head revision."""
    url = make_url(settings.database_url)
    engine = make_engine(settings)
    try:
        before = current_revision(engine)
        if before is not None and not _known(alembic_config(engine), before):
            raise TooNew(before)
        upgrade_if_behind(engine)
        after = current_revision(engine)
    except OperationalError as exc:
        raise CannotConnect(address(url), _reason(exc, url)) from None
    except DBAPIError as exc:
        raise Refused(address(url), _reason(exc, url)) from None
    finally:
        engine.dispose()
    assert after is not None  # the chain always ends by writing its revision
    return Migrated(before, after)
