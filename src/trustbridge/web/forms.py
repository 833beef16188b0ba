"""Reading posted forms safely and keeping what the person typed, with any problems, for re-display."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, ImmutableMultiDict
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trustbridge.domain.fields import Field

#: Largest form body read at all. Well above any field's limit, so an over-long text still
#: reaches validation and comes back with a message next to its field instead of a crash.
MAX_BODY = 16 * 1024 * 1024
_RAW_HIGH_BYTE = re.compile(r"[\x80-\xff]")

Posted = ImmutableMultiDict[str, str]


class FormTooLarge(Exception):
    """The body is bigger than its route allows; nothing of it was kept."""


class BodyLimit:
    """ASGI middleware: no request body beyond ``limit_for(path)`` bytes is read at all.

    It counts the bytes as they arrive, so a body that hides its size (chunked) is stopped as
    surely as one that declares it, and before any parser sees it: together with a spool size
    at least as large as the biggest limit, no part of an upload is ever written to a
    temporary file.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        received = 0

        async def capped() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > limit:
                raise FormTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise FormTooLarge
            return message

        await self.app(scope, capped, send)


def _percent_encode_raw(match: re.Match[str]) -> str:
    return f"%{ord(match.group()):02X}"


def parse_urlencoded(body: bytes) -> Posted:
    """Decode a urlencoded body as UTF-8, turning broken bytes into U+FFFD.

    Validation then names the field that held them ("contains bytes that are not valid
    text"), so the person learns which box to retype instead of seeing an error page.
    """
    text = _RAW_HIGH_BYTE.sub(_percent_encode_raw, body.decode("latin-1"))
    try:
        pairs = parse_qsl(
            text, keep_blank_values=True, encoding="utf-8", errors="replace", max_num_fields=5000
        )
    except ValueError:  # more fields than any form here has
        raise FormTooLarge from None
    return ImmutableMultiDict(pairs)


async def read_form(request: Request) -> Posted:
    """Read a posted form (urlencoded or multipart; its size is capped by :class:`BodyLimit`)."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_part_size=MAX_BODY, max_files=0)
        return ImmutableMultiDict(
            [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
        )
    return parse_urlencoded(await request.body())


def raw_values(fields: Sequence[Field], posted: Posted) -> dict[str, object]:
    """What the services expect: one value per field, a list for multi-choice fields."""
    raw: dict[str, object] = {}
    for f in fields:
        if f.kind == "choices":
            raw[f.name] = posted.getlist(f.name)
        elif f.name in posted:
            raw[f.name] = posted[f.name]
    return raw


@dataclass(frozen=True, slots=True)
class FormState:
    """A form's values as typed (text, or lists of picked keys) and any problems, by field name."""

    values: Mapping[str, str | list[str]] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_posted(
        cls, fields: Iterable[Field], posted: Posted, errors: Mapping[str, str] | None = None
    ) -> FormState:
        values: dict[str, str | list[str]] = {}
        for f in fields:
            values[f.name] = (
                posted.getlist(f.name) if f.kind == "choices" else posted.get(f.name, "")
            )
        return cls(values, dict(errors or {}))

    def value(self, name: str) -> str:
        found = self.values.get(name, "")
        return found if isinstance(found, str) else ",".join(found)

    def picked(self, name: str) -> list[str]:
        found = self.values.get(name, [])
        return [found] if isinstance(found, str) and found else list(found)

    def error(self, name: str) -> str:
        return self.errors.get(name, "")
