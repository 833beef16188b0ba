"""The key agent, with real processes: it hands the key back, forgets it on time, and stays private."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustbridge import keyagent
from trustbridge.keyagent import AgentUnsafe, fetch, remaining, socket_path, start, stop

HEAVY = {"sqlalchemy", "typer", "click", "rich", "cryptography", "fastapi", "pydantic", "tempfile"}
LAZY = {"subprocess", "ctypes", "signal"}


@pytest.fixture(autouse=True)
def own_tmpdir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short private TMPDIR per test, so agents' folders never clash under pytest-xdist."""
    base = Path(tempfile.mkdtemp(prefix="tbka", dir="/tmp"))
    monkeypatch.setenv("TMPDIR", str(base))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield base
    folder = base / f"trustbridge-{os.getuid()}"
    if folder.is_dir() and not folder.is_symlink():
        folder.chmod(0o700)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    data_dir = tmp_path / "store"
    yield data_dir
    stop(data_dir)


def agent_pid(data_dir: Path) -> int:
    """The agent's pid, as the kernel reports the listening end (start() daemonizes it)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(socket_path(data_dir)))
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid: int = struct.unpack("3i", creds)[0]
    return pid


def gone(pid: int, within: float = 2.0) -> bool:
    """True once ``pid`` has exited (vanished, or a zombie nobody has reaped yet)."""
    until = time.monotonic() + within
    while time.monotonic() < until:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_start_fetch_remaining_stop(store: Path) -> None:
    key = os.urandom(32)
    start(store, key, 30)
    path = socket_path(store)
    assert fetch(store) == key
    first = remaining(store)
    assert first is not None and 0 < first <= 30
    assert fetch(store) == key
    time.sleep(0.1)
    later = remaining(store)
    assert later is not None and later < first  # use does not extend the deadline
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    pid = agent_pid(store)
    assert stop(store) is True
    assert not path.exists()
    assert fetch(store) is None and remaining(store) is None
    assert gone(pid)
    assert stop(store) is False


def test_expires_on_time_and_exits(store: Path) -> None:
    key = os.urandom(32)
    start(store, key, 1)
    assert fetch(store) == key
    pid = agent_pid(store)
    time.sleep(1.5)
    assert fetch(store) is None
    assert gone(pid)  # waits (up to its bound) for the agent to go; the socket goes before it
    assert not socket_path(store).exists()


def test_start_again_replaces_the_first(store: Path) -> None:
    old, new = os.urandom(32), os.urandom(32)
    start(store, old, 30)
    first = agent_pid(store)
    start(store, new, 30)
    assert fetch(store) == new
    assert agent_pid(store) != first
    assert gone(first)


def test_each_store_has_its_own_agent(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert socket_path(store) != socket_path(other)
    assert socket_path(store) == socket_path(tmp_path / "x" / ".." / "store")
    assert len(os.fsencode(str(socket_path(store)))) < 108
    start(store, b"k" * 32, 30)
    try:
        assert fetch(other) is None
    finally:
        stop(other)


def test_no_agent_answers_none(store: Path) -> None:
    """How quickly it answers is measured by ``bench/checks.py``, not asserted here."""
    assert fetch(store) is None
    assert remaining(store) is None
    assert stop(store) is False
    assert not socket_path(store).exists()


def test_zero_seconds_starts_nothing(store: Path) -> None:
    start(store, os.urandom(32), 0)
    start(store, os.urandom(32), -5)
    assert fetch(store) is None and not socket_path(store).exists()


@pytest.mark.parametrize("mode", [0o777, 0o750, 0o701])
def test_open_folder_is_refused(store: Path, own_tmpdir: Path, mode: int) -> None:
    key = os.urandom(32)
    start(store, key, 30)
    folder = socket_path(store).parent
    folder.chmod(mode)
    try:
        assert fetch(store) is None  # the agent still has it, but the folder is not trusted
        assert remaining(store) is None
        with pytest.raises(AgentUnsafe, match="other users"):
            start(store, key, 30)
        assert stop(store) is True  # locking sends no secret, so it still works
    finally:
        folder.chmod(0o700)


def test_symlinked_folder_is_refused(store: Path, own_tmpdir: Path) -> None:
    elsewhere = own_tmpdir / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (own_tmpdir / f"trustbridge-{os.getuid()}").symlink_to(elsewhere)
    assert fetch(store) is None
    with pytest.raises(AgentUnsafe, match="link"):
        start(store, os.urandom(32), 30)
    assert list(elsewhere.iterdir()) == []


def test_file_in_place_of_folder_is_refused(store: Path, own_tmpdir: Path) -> None:
    (own_tmpdir / f"trustbridge-{os.getuid()}").write_text("not a folder")
    assert fetch(store) is None
    with pytest.raises(AgentUnsafe):
        socket_path(store)


def test_too_long_socket_path_is_refused(
    store: Path, own_tmpdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = own_tmpdir / ("d" * 90)
    deep.mkdir()
    monkeypatch.setenv("TMPDIR", str(deep))
    assert fetch(store) is None
    with pytest.raises(AgentUnsafe, match="TMPDIR"):
        start(store, os.urandom(32), 30)


def test_key_is_not_in_argv_or_environment(store: Path) -> None:
    key = os.urandom(32)
    start(store, key, 30)
    pid = agent_pid(store)
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    if os.getuid() != 0:  # a non-dumpable process's /proc files belong to root
        assert Path(f"/proc/{pid}/environ").stat().st_uid == 0
    assert b"trustbridge.keyagent" in cmdline
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except PermissionError:  # not dumpable: other processes of the user cannot read it at all
        environ = b""
    for secret in (key, key.hex().encode(), key.hex().upper().encode()):
        assert secret not in cmdline and secret not in environ


def test_agent_marks_itself_undumpable() -> None:
    code = (
        "import ctypes; from trustbridge.keyagent import _no_dump; _no_dump(); "
        "print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"  # PR_GET_DUMPABLE
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_signals_hup_int_ignored_term_exits(store: Path) -> None:
    key = os.urandom(32)
    start(store, key, 30)
    pid = agent_pid(store)
    os.kill(pid, signal.SIGHUP)
    os.kill(pid, signal.SIGINT)
    time.sleep(0.1)
    assert fetch(store) == key
    os.kill(pid, signal.SIGTERM)
    assert gone(pid)
    assert not socket_path(store).exists()
    assert fetch(store) is None


def test_unknown_command_is_closed_without_answer(store: Path) -> None:
    key = os.urandom(32)
    start(store, key, 30)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(2)
        conn.connect(str(socket_path(store)))
        conn.sendall(b"GIVE ME EVERYTHING\n")
        assert conn.recv(100) == b""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(2)
        conn.connect(str(socket_path(store)))
        conn.sendall(b"K" * 200)  # longer than a command: dropped
        with pytest.raises(ConnectionResetError):  # closed with unread input: a reset
            assert conn.recv(100) == b""
    assert fetch(store) == key  # and it keeps serving


def test_temp_root_matches_tempfile(own_tmpdir: Path) -> None:
    assert keyagent._temp_root() == tempfile.gettempdir() == str(own_tmpdir)


def test_import_is_cheap() -> None:
    """The CLI's fast path imports this: nothing heavy, and nothing only the agent process needs."""
    code = (
        "import sys, json, trustbridge.keyagent; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY | LAZY!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []
    imported = {line.rpartition("|")[2].strip() for line in out.stderr.splitlines()}
    assert "trustbridge.keyagent" in imported
    assert not {name for name in imported if name.split(".")[0] in HEAVY | LAZY}


def test_asking_loads_neither_socket_nor_openssl(store: Path) -> None:
    """A command fetching the key needs neither the socket module's enumerations nor hashlib's
    OpenSSL: the agent still answers, at the socket named as before."""
    start(store, b"k" * 32, 60)
    code = (
        "import sys; from pathlib import Path; from trustbridge import keyagent; "
        f"assert keyagent.fetch(Path({str(store)!r})) == b'k' * 32; "
        "print(sorted({'socket', 'hashlib', '_hashlib'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    digest = hashlib.sha256(os.fsencode(str(store.resolve()))).hexdigest()[:16]
    assert socket_path(store).name == f"{digest}.sock"
