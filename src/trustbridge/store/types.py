"""Column types: ``PrivateText`` for anything a person wrote, ``UTCDateTime`` for aware timestamps."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class PrivateText(TypeDecorator[str]):
    """Person-written text. Stored as it is: the whole database file is encrypted (SQLCipher,
    see ``docs/security.md``); the type marks the columns the privacy tests must cover."""

    impl = Text
    cache_ok = True


class PrivateJSON(TypeDecorator[Any]):
    """Structured person-written data (such as named emotions), kept as one JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any | None, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> Any | None:
        return None if value is None else json.loads(value)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores UTC; hands back timezone-aware datetimes (SQLite forgets the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware one")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)
