"""A private line from the command line to a running server: lock it, or get a new link.

``trustbridge serve`` listens on a Unix socket beside the key agent's, in the same private
folder (0700, the user's own; the socket itself 0600), and answers only processes of the same
user (``SO_PEERCRED``). That is how ``trustbridge lock`` locks a running server too, and how
``trustbridge open`` gets a fresh one-time link when the first one was used or lost. It is a
line protocol of single words, like the key agent's:

- ``LOCK``: forget the key (``LOCKED``; ``OK`` when nothing was unlocked);
- ``LINK``: a new one-time link, to print;
- ``OPEN``: the path of a new 0600 page that sends a browser to a new one-time link, so the
  secret never appears in the browser's command line.

The client half imports only the standard library and the key agent's socket helpers, so the
command line stays quick.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge import keyagent

if TYPE_CHECKING:
    from trustbridge.web.gate import Gate
    from trustbridge.web.vault import Vault

REPLY_LIMIT = 4096


def _kind(port: int) -> str:
    return f"-web-{port}"


def socket_path(data_dir: Path, port: int) -> Path:
    """Where the server for this store on ``port`` listens (its folder made safe first)."""
    return keyagent.socket_path(data_dir, kind=_kind(port))


def _live_sockets(data_dir: Path) -> list[Path]:
    folder_and_name = keyagent.socket_path(data_dir, kind=_kind(0))
    stem = folder_and_name.name.removesuffix(f"{_kind(0)}.sock")
    return sorted(folder_and_name.parent.glob(f"{stem}-web-*.sock"))


def ask_servers(data_dir: Path, command: bytes) -> list[str]:
    """Send ``command`` to every running server of this store; their replies. Never raises."""
    replies = []
    try:
        paths = _live_sockets(data_dir)
    except (keyagent.AgentUnsafe, OSError):
        return []
    for path in paths:
        reply = keyagent.ask(path, command, limit=REPLY_LIMIT, timeout=2.0)
        if reply is not None:
            replies.append(reply.decode("utf-8", "replace"))
    return replies


class ControlSocket:
    """The server side: started and stopped with the app (see ``create_app(control=...)``)."""

    def __init__(self, path: Path, vault: Vault, gate: Gate) -> None:
        self.path = path
        self.vault = vault
        self.gate = gate
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a server that died without tidying up
        self._server = await asyncio.start_unix_server(self._answer, path=str(self.path))
        os.chmod(self.path, 0o600)  # the folder is 0700 already, so there is no window

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _reply(self, command: bytes) -> bytes:
        if command == b"LOCK":
            was_open = self.vault.is_open and self.vault.encrypted
            self.vault.lock()
            return b"LOCKED" if was_open else b"OK"
        if command == b"LINK":
            return self.gate.link_url(self.gate.new_link()).encode()
        if command == b"OPEN":
            return str(self.gate.browser_file(self.vault.base.data_dir)).encode()
        return b"?"

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            peer = keyagent.peer_uid(writer.get_extra_info("socket"))
            if peer not in (None, os.getuid()):
                return
            line = await asyncio.wait_for(reader.readline(), timeout=2.0)
            writer.write(self._reply(line.strip()) + b"\n")
            await writer.drain()
        except (OSError, TimeoutError):
            pass
        finally:
            writer.close()
