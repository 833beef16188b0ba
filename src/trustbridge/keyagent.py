"""Keep the unlocked data key in a short-lived local agent, so the passphrase is asked once.

Why an agent: every CLI command is a new process, so "ask once" needs a safe place that outlives
it. Like ``ssh-agent -t``, gpg-agent's cache TTL or rbw-agent, :func:`start` spawns a detached
process that keeps the key in memory only and answers on a Unix socket until a deadline fixed at
start (use never extends it; time asleep counts), until :func:`stop`, or until SIGTERM. Not the OS
keyring: headless Linux and WSL often lack a Secret Service, its stores persist on disk, and it
has no expiry.

Protects against: other users (the socket's folder must be ours and 0700, the socket is 0600,
and every peer's uid is checked with SO_PEERCRED); the key reaching disk, argv or the environment
(it travels through a pipe); same-user processes reading the agent's memory with ptrace,
/proc/<pid>/mem or a core dump (PR_SET_DUMPABLE is cleared on Linux); a forgotten unlock (the
deadline). Does not protect against: a same-user process simply asking the agent while the key
is unlocked (the point of the cache, as with ssh-agent), root, or a machine already compromised
while unlocked. Keep the time short.

The CLI's fast path imports this module: only cheap stdlib modules load at import; subprocess,
select, signal and ctypes load where they are used. A command asks on the C socket type
(``_socket``), which ``socket.socket`` wraps: importing :mod:`socket` builds its enumerations
of every constant, and hashing the socket's name through :mod:`hashlib` would load OpenSSL (a
second copy beside SQLCipher's); together they made an encrypted store's quick command
about a twentieth slower. The agent itself serves on an ordinary ``socket.socket``.
"""

from __future__ import annotations

import _socket
import os
import stat
import struct
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import socket
    from collections.abc import Mapping

DEFAULT_MINUTES = 15
_PEERCRED = struct.Struct("3i")  # pid, uid, gid


def _now() -> float:
    """Monotonic seconds that keep counting while the machine sleeps (Linux), so a suspended
    laptop does not wake up still unlocked."""
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boot) if boot is not None else time.monotonic()


class AgentUnsafe(Exception):
    """The agent's folder could be read or swapped by someone else, so the key is not kept there."""


def _temp_root() -> str:
    """The folder ``tempfile.gettempdir()`` picks on POSIX, without importing tempfile (~10 ms)."""
    named = [os.environ.get(name, "") for name in ("TMPDIR", "TEMP", "TMP")]
    for candidate in [*filter(None, named), "/tmp", "/var/tmp", "/usr/tmp", os.getcwd()]:
        folder = os.path.abspath(candidate)
        if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return "/tmp"


def _sha256_hex(data: bytes) -> str:
    """SHA-256 by CPython's own implementation, the one :mod:`hashlib` falls back to."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:  # a Python built without it: the same digest, through OpenSSL
        from hashlib import sha256
    return str(sha256(data).hexdigest())


def _raw_path(data_dir: Path, kind: str = "") -> Path:
    digest = _sha256_hex(os.fsencode(str(Path(data_dir).resolve())))[:16]
    return Path(_temp_root()) / f"trustbridge-{os.getuid()}" / f"{digest}{kind}.sock"


def socket_path(data_dir: Path, kind: str = "") -> Path:
    """Where the agent for this store listens; creates its private folder, or refuses an unsafe one.

    ``kind`` names another socket of this store in the same folder (a running web server's).
    """
    path = _raw_path(data_dir, kind)
    folder = path.parent
    if not os.path.lexists(folder):
        os.makedirs(folder, 0o700, exist_ok=True)  # exist_ok: another process may win the race
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        problem = "is not a plain folder (it may be a link to somewhere else)"
    elif info.st_uid != os.getuid():
        problem = "belongs to another user"
    elif info.st_mode & 0o077:
        problem = "can be opened by other users"
    elif len(os.fsencode(str(path))) > 107:
        problem = "has too long a path for a socket (set TMPDIR to a shorter folder)"
    else:
        return path
    raise AgentUnsafe(
        f"The folder for the unlocked key, {folder}, {problem}, so the key is not kept there. "
        "Remove that folder and unlock again."
    )


def peer_uid(conn: _socket.socket) -> int | None:
    """The uid at the other end (Linux); ``None`` where SO_PEERCRED is missing (the folder guards)."""
    option = getattr(_socket, "SO_PEERCRED", None)
    if option is None:
        return None
    _pid, uid, _gid = _PEERCRED.unpack(conn.getsockopt(_socket.SOL_SOCKET, option, _PEERCRED.size))
    return int(uid)


def _read_line(conn: _socket.socket, limit: int, deadline: float) -> bytes | None:
    """One newline-terminated line of at most ``limit`` bytes, or ``None``."""
    data = b""
    while b"\n" not in data and len(data) < limit and (left := deadline - _now()) > 0:
        conn.settimeout(left)
        chunk = conn.recv(limit - len(data))
        if not chunk:
            break
        data += chunk
    line, newline, _ = data.partition(b"\n")
    return line.strip() if newline else None


def ask(path: Path, command: bytes, *, limit: int = 256, timeout: float = 0.5) -> bytes | None:
    """Send one command to the agent (or server) at ``path``; its one-line reply, or ``None``."""
    deadline = _now() + timeout
    try:
        conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    except OSError:
        return None
    try:
        conn.settimeout(timeout)
        conn.connect(str(path))
        if peer_uid(conn) not in (None, os.getuid()):  # not an impostor's socket
            return None
        conn.sendall(command + b"\n")
        return _read_line(conn, limit, deadline)
    except OSError:
        return None
    finally:
        conn.close()


def fetch(data_dir: Path) -> bytes | None:
    """The unlocked key, or ``None`` when there is no (safe, live) agent. Never raises."""
    try:
        reply = ask(socket_path(data_dir), b"KEY")
        return bytes.fromhex(reply.decode("ascii")) if reply else None
    except Exception:
        return None


def remaining(data_dir: Path) -> float | None:
    """Seconds until the agent forgets the key, or ``None`` when there is no agent."""
    try:
        reply = ask(socket_path(data_dir), b"TTL")
        return float(reply) if reply is not None else None
    except Exception:
        return None


def stop(data_dir: Path) -> bool:
    """Tell the agent to forget the key and exit; ``True`` if one was running. Never raises.

    It sends no secret, so it also locks when the folder has since become unsafe.
    """
    try:
        return ask(_raw_path(data_dir), b"LOCK") == b"OK"
    except Exception:
        return False


def start(data_dir: Path, key: bytes, seconds: float) -> None:
    """Replace any agent for this store with one holding ``key`` for ``seconds`` (<= 0: none)."""
    if not seconds > 0:
        return
    if not key or seconds == float("inf"):
        raise ValueError("the agent needs a key and a finite time")
    path = socket_path(data_dir)
    stop(data_dir)
    import subprocess

    command = [sys.executable, "-m", "trustbridge.keyagent", str(path), repr(float(seconds))]
    pipe, null = subprocess.PIPE, subprocess.DEVNULL
    agent = subprocess.Popen(
        command,
        stdin=pipe,
        stdout=null,
        stderr=null,
        close_fds=True,
        start_new_session=True,
        env=agent_environment(os.environ),
    )
    try:  # the key goes through the pipe, never argv or the environment
        assert agent.stdin is not None
        agent.stdin.write(key.hex().encode("ascii") + b"\n")
        agent.stdin.close()
        code = agent.wait(timeout=3)  # it forks into the background at once
    except (OSError, subprocess.TimeoutExpired):
        agent.kill()
        agent.wait()
        code = -1
    until = _now() + 3
    while code == 0 and _now() < until:
        if ask(path, b"TTL") is not None:
            return
        time.sleep(0.01)
    raise RuntimeError("The key agent did not start, so the key is not kept.")


#: all the agent needs to start Python and find Trustbridge; nothing else is passed on, above
#: all not TRUSTBRIDGE_PASSPHRASE, which /proc/<pid>/environ would show for the agent's life
_AGENT_ENV = ("PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "LC_CTYPE")


def agent_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The clean environment the agent starts with."""
    return {name: environ[name] for name in _AGENT_ENV if name in environ}


def _no_dump() -> None:
    """Forbid ptrace, /proc/<pid>/mem reads and core dumps of this process (Linux; best effort)."""
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4


def _answer(conn: socket.socket, key: bytearray, deadline: float, path: str) -> bool:
    """Serve one connection; ``True`` when told to lock."""
    import contextlib

    if peer_uid(conn) not in (None, os.getuid()):
        return False
    command = _read_line(conn, 64, _now() + 1.0)
    if command == b"LOCK":  # the socket goes before "OK", so stop() is synchronous
        with contextlib.suppress(OSError):
            os.unlink(path)
        with contextlib.suppress(OSError):
            conn.sendall(b"OK\n")
        return True
    if command == b"KEY" and _now() < deadline:
        conn.sendall(key.hex().encode("ascii") + b"\n")
    elif command == b"TTL":
        conn.sendall(f"{max(0.0, deadline - _now()):.3f}\n".encode())
    return False


def _serve(server: socket.socket, key: bytearray, deadline: float, path: str) -> None:
    import select

    mine = os.lstat(path)
    try:
        while (left := deadline - _now()) > 0:  # wake at least each second: see _now()
            if select.select([server], [], [], min(left, 1.0))[0]:
                try:
                    conn, _ = server.accept()
                    with conn:
                        if _answer(conn, key, deadline, path):
                            return
                except OSError:
                    continue
    finally:  # on time, on LOCK or on SIGTERM; leave a newer agent's socket alone
        try:
            if os.path.samestat(os.lstat(path), mine):
                os.unlink(path)
        except OSError:
            pass


def main() -> None:
    """The agent process: ``python -m trustbridge.keyagent SOCKET SECONDS``, hex key on stdin."""
    import signal
    import socket

    path, seconds = sys.argv[1:]
    deadline = _now() + float(seconds)  # fixed now; never extended
    _no_dump()
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit via the finally blocks
    key = bytearray.fromhex(sys.stdin.buffer.readline(4096).decode("ascii").strip())
    if not key:
        raise SystemExit(2)
    if os.fork():  # daemonize: start() reaps this parent and init adopts the agent: no zombie
        os._exit(0)
    os.chdir("/")
    os.umask(0o177)  # the socket file is born 0600
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        if os.path.lexists(path):
            os.unlink(path)  # stale: start() has already stopped any live agent here
        server.bind(path)
        server.listen(8)
        try:
            _serve(server, key, deadline, path)
        finally:
            key[:] = bytes(len(key))


if __name__ == "__main__":
    main()
