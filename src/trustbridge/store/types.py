"""Column types: ``PrivateText`` for anything a person wrote, ``UTCDateTime`` for aware timestamps."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import DateTime, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from trustbridge.store import codec


class PrivateText(TypeDecorator[str]):
    """Person-written text; always goes through :mod:`trustbridge.store.codec`."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return codec.seal(value)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> str | None:
        return codec.unseal(value)


class PrivateJSON(TypeDecorator[Any]):
    """Structured person-written data (such as named emotions), sealed as one JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any | None, dialect: Dialect) -> str | None:
        return None if value is None else codec.seal(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: Any | None, dialect: Dialect) -> Any | None:
        text = codec.unseal(value)
        return None if text is None else json.loads(text)


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
