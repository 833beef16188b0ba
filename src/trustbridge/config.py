"""Settings: where the data lives and which database to use, built by a factory, never at import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

APP_NAME = "trustbridge"
HOME_ENV = "TRUSTBRIDGE_HOME"
DATABASE_URL_ENV = "TRUSTBRIDGE_DATABASE_URL"
#: hosted mode's driver: Psycopg 3 (a bare ``postgresql://`` would make SQLAlchemy ask for psycopg2)
HOSTED_DRIVER = "postgresql+psycopg"
#: how PostgreSQL URLs may start; the first two get :data:`HOSTED_DRIVER` put in
_POSTGRES_SCHEMES = ("postgresql://", "postgres://", f"{HOSTED_DRIVER}://")
#: seconds to wait for a PostgreSQL server that does not answer, unless the URL says otherwise
CONNECT_TIMEOUT = 10
HALF_LIFE_ENV = "TRUSTBRIDGE_HALF_LIFE_DAYS"
BACKUPS_KEEP_ENV = "TRUSTBRIDGE_BACKUPS_KEEP"
DB_FILENAME = "trustbridge.sqlite3"
DEFAULT_HALF_LIFE_DAYS = 180.0
DEFAULT_BACKUPS_KEEP = 7
MAX_BACKUPS_KEEP = 1000


class Settings:
    """Where this person's store lives.

    :param data_dir: folder holding the SQLite file (and, later, backups)
    :param database_url: SQLAlchemy URL; SQLite in ``data_dir`` unless overridden
    :param half_life_days: how fast old evidence about a person fades from trust estimates
    :param backups_keep: how many backups to keep in ``data_dir/backups``; older ones are removed
    :param key: the unlocked data key of an encrypted store (never shown in a repr or log, and
        not compared); ``None`` for a store kept unencrypted, or one not unlocked yet

    Read-only, compared and shown as a frozen dataclass would be, but written out: every
    command reads its settings first, and importing :mod:`dataclasses` (which imports
    :mod:`inspect`, :mod:`ast`, :mod:`dis` and more) cost about 35 million instructions of each
    command's start, a sixth of a quick one. Change one with :meth:`replace`.
    """

    __slots__ = ("backups_keep", "data_dir", "database_url", "half_life_days", "key")
    data_dir: Path
    database_url: str
    half_life_days: float
    backups_keep: int
    key: bytes | None

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        backups_keep: int = DEFAULT_BACKUPS_KEEP,
        key: bytes | None = None,
    ) -> None:
        given = object.__setattr__  # past the refusal below, once, while being made
        given(self, "data_dir", data_dir)
        given(self, "database_url", database_url)
        given(self, "half_life_days", half_life_days)
        given(self, "backups_keep", backups_keep)
        given(self, "key", key)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: settings are read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: settings are read-only")

    def _compared(self) -> tuple[Path, str, float, int]:
        return (self.data_dir, self.database_url, self.half_life_days, self.backups_keep)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Settings):
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        return (
            f"Settings(data_dir={self.data_dir!r}, database_url={self.database_url!r}, "
            f"half_life_days={self.half_life_days!r}, backups_keep={self.backups_keep!r})"
        )

    def replace(self, **changes: Any) -> Settings:
        """The same settings with ``changes`` (by name) made; an unknown name is refused."""
        unknown = changes.keys() - set(self.__slots__)
        if unknown:
            raise TypeError(f"Settings has no field {sorted(unknown)[0]!r}")
        now = {name: getattr(self, name) for name in self.__slots__}
        return Settings(**(now | changes))

    def unlocked(self, key: bytes | None) -> Settings:
        """The same settings, carrying ``key`` to every connection made from them."""
        return self.replace(key=key)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None when the store is another database."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix) :])
        return None


def default_data_dir() -> Path:
    """The platform's per-user data folder; imported lazily, it costs start-up time."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_settings(data_dir: Path | str | None = None) -> Settings:
    """Build settings from an explicit folder, ``TRUSTBRIDGE_HOME`` or the platform default."""
    env = os.environ
    if data_dir is not None:
        folder = Path(data_dir)
    elif env.get(HOME_ENV):
        folder = Path(env[HOME_ENV])
    else:
        folder = default_data_dir()
    folder = folder.expanduser().resolve()
    url = with_driver(env.get(DATABASE_URL_ENV) or f"sqlite:///{folder / DB_FILENAME}")
    return Settings(
        data_dir=folder,
        database_url=url,
        half_life_days=_half_life(env),
        backups_keep=_backups_keep(env),
    )


class BadDatabaseURL(ValueError):
    """A database URL hosted mode cannot use; the message never repeats the URL (or a password)."""


def with_driver(url: str) -> str:
    """A PostgreSQL URL spelled for Psycopg 3; any other URL is returned as it is."""
    for scheme in _POSTGRES_SCHEMES[:2]:
        if url.startswith(scheme):
            return f"{HOSTED_DRIVER}://{url[len(scheme) :]}"
    return url


def hosted_database_url(raw: str) -> str:
    """Check a URL for hosted mode: a PostgreSQL server through Psycopg 3, with a connect timeout.

    Raises :class:`BadDatabaseURL` in plain words for anything else.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = with_driver(raw.strip())
    if not url.startswith(_POSTGRES_SCHEMES[2]):
        scheme = url.split(":", 1)[0] if "://" in url else ""
        kind = f" (this one starts with {scheme}://)" if scheme.isascii() and scheme else ""
        raise BadDatabaseURL(
            f"Hosted mode needs a PostgreSQL database{kind}. The address should look like "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE."
        )
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise BadDatabaseURL(
            "The database address could not be read. It should look like "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE."
        ) from None
    if "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return parsed.render_as_string(hide_password=False)


def _half_life(env: Mapping[str, str]) -> float:
    raw = env.get(HALF_LIFE_ENV)
    if not raw:
        return DEFAULT_HALF_LIFE_DAYS
    try:
        days = float(raw)
    except ValueError:
        days = 0.0
    if not 1 <= days <= 3650:
        raise ValueError(f"{HALF_LIFE_ENV} must be a number of days between 1 and 3650")
    return days


def _backups_keep(env: Mapping[str, str]) -> int:
    raw = (env.get(BACKUPS_KEEP_ENV) or "").strip()
    if not raw:
        return DEFAULT_BACKUPS_KEEP
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_BACKUPS_KEEP:
        raise ValueError(
            f"{BACKUPS_KEEP_ENV} must be a whole number between 1 and {MAX_BACKUPS_KEEP}"
        )
    return int(raw)
