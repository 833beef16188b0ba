"""Network watch for the child processes of ``tests/integration/test_local_only.py``.

Put this folder first on ``PYTHONPATH`` and name a log file in ``TRUSTBRIDGE_NETWATCH_LOG``:
Python then imports this module at start-up, and an audit hook writes one JSON line for every
attempt to bind, connect, send to or look up an address. An attempt to reach anything but
this computer is written down and then refused, so a test run never lets anything out.
Without the variable, importing this module does nothing but define ``attempt`` and
``is_local``, which the test's own in-process hook shares.

It imports only small standard modules, so that every process starts as it would without it.
"""

from __future__ import annotations

import _socket
import json
import os
import sys
from typing import Any

LOG_ENV = "TRUSTBRIDGE_NETWATCH_LOG"

#: audit events that name a destination (https://docs.python.org/3.11/library/audit_events.html)
SOCKET_EVENTS = frozenset({"socket.bind", "socket.connect", "socket.sendto", "socket.sendmsg"})
NAME_EVENTS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"})
CLIENT_EVENTS = frozenset(
    {
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
        "poplib.connect",
        "imaplib.open",
        "nntplib.connect",
        "telnetlib.Telnet.open",
    }
)
URL_EVENTS = frozenset({"urllib.Request", "webbrowser.open"})
WATCHED = SOCKET_EVENTS | NAME_EVENTS | CLIENT_EVENTS | URL_EVENTS | {"socket.getnameinfo"}
LOCAL_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return str(value)


def attempt(event: str, args: tuple[Any, ...]) -> dict[str, Any] | None:
    """The destination an audit event names, as plain JSON data; None if it names none."""
    if event not in WATCHED:
        return None
    if event in SOCKET_EVENTS:
        sock, address = args[0], args[1]
        if address is None:  # sendmsg on a connected socket: its connect was seen already
            return None
        family = getattr(sock, "family", None)
        if family == _socket.AF_UNIX or isinstance(address, (str, bytes)):
            return {"event": event, "kind": "unix", "host": _text(address), "port": None}
        if family in (_socket.AF_INET, _socket.AF_INET6) and isinstance(address, tuple):
            port = address[1] if len(address) > 1 else None
            return {"event": event, "kind": "inet", "host": _text(address[0]), "port": port}
        return {"event": event, "kind": f"family {family}", "host": repr(address), "port": None}
    if event in NAME_EVENTS:
        port = args[1] if event == "socket.getaddrinfo" else None
        return {"event": event, "kind": "name", "host": _text(args[0]), "port": _text(port)}
    if event == "socket.getnameinfo":
        where = args[0]
        return {"event": event, "kind": "name", "host": _text(where[0]), "port": where[1]}
    if event in CLIENT_EVENTS:
        return {"event": event, "kind": "name", "host": _text(args[1]), "port": args[2]}
    from urllib.parse import urlsplit

    url = urlsplit(_text(args[0]) or "")
    return {"event": event, "kind": f"url {url.scheme}", "host": url.hostname, "port": None}


def is_local(seen: dict[str, Any]) -> bool:
    """Whether an attempt stays on this computer: a Unix socket or a loopback address."""
    kind, host, event = seen["kind"], seen["host"], seen["event"]
    if kind == "unix" or kind == "url file":
        return True
    if host is None:  # getaddrinfo(None, port) looks up this computer's own addresses
        return event == "socket.getaddrinfo"
    if host.lower() in LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    import ipaddress

    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # any other name means asking a DNS server, which is not on this computer
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def _install(log: str) -> None:
    def write(line: dict[str, Any]) -> None:
        line["pid"] = os.getpid()
        try:
            with open(log, "a", encoding="utf-8") as out:
                out.write(json.dumps(line) + "\n")
        except Exception:  # never break the watched program, even while it shuts down
            return

    def hook(event: str, args: tuple[Any, ...]) -> None:
        seen = attempt(event, args)
        if seen is None:
            return
        local = is_local(seen)
        write({**seen, "local": local})
        if not local:
            raise PermissionError(f"netwatch refused {event} to {seen['host']!r}")

    write({"event": "netwatch.start", "argv": list(getattr(sys, "argv", []))})
    sys.addaudithook(hook)


if os.environ.get(LOG_ENV):
    _install(os.environ[LOG_ENV])
