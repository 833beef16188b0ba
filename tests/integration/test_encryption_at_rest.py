"""Encryption at rest, checked on the bytes.

* 1,000 records over every kind of tool, each piece of text a unique canary: none of them is
  anywhere in any file (store, WAL, shared memory, backups, keys), in the logs, or in a file
  newly made in the temporary folder; the same flow without encryption finds them all.
* A flipped byte anywhere in the file never reads back as different text, and verify() and
  open_store() refuse it; a damaged store is never copied into a backup.
* Changing the passphrase rewrites the keys file only, never the data.
* Encrypting a store kept unencrypted (with its backups) leaves no plain text behind, also
  when it was stopped part-way and finished by the next unlock.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import logging
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc

from tests.conftest import NOW
from trustbridge.config import DB_FILENAME, Settings, load_settings
from trustbridge.content import load_program
from trustbridge.domain import growth, records, support
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import Field
from trustbridge.services import (
    backups,
    boundaries,
    entries,
    people,
    relating,
    safety_plan,
    security,
    selfwork,
)
from trustbridge.services import growth as growth_service
from trustbridge.services import support as support_service
from trustbridge.services.base import local_day
from trustbridge.services.catalog import tool_specs
from trustbridge.store import backup as files
from trustbridge.store import cipherdb, encryption, keys
from trustbridge.store.db import CannotDecrypt, Store, StoreLocked, open_store
from trustbridge.store.models import Base
from trustbridge.store.types import PrivateJSON, PrivateText

PASSPHRASE = "a passphrase long enough"


@pytest.fixture(scope="module", autouse=True)
def patterns_and_first_model_only() -> Iterator[None]:
    """These tests are about what reaches the disk, not about the crisis check: the thousands
    of records they write are checked without the sentence encoder (most of their time with
    it; ``tests/unit/test_crisis*`` test the encoder). Any crisis wording is still noticed."""
    from trustbridge.domain import crisis_encoder

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crisis_encoder, "available", lambda: False)
        yield


NEW_PASSPHRASE = "new passphrase here"
TOTAL = 1400
SESSIONS = 4
PAGE = 4096
#: private columns no person writes free text into, and why (every other one gets canaries)
NO_FREE_TEXT = {
    ("safety_checks", "answers"): "the self-check's answers: checklist keys -> 0-4",
    ("support_contacts", "helps_with"): "the kinds of help chosen from a list",
}
#: what deleting a person takes with them, and what deleting the entries below takes
GOES_WITH_PERSON = ("person", "evidence", "rung", "rung_reflection", "person_promise",
                    "bridge_plan", "gut_check", "gut_resolution", "boundary_event")  # fmt: skip
DELETED_ENTRIES = ("journal", "hurt_inventory", "thought_record", "belief_tracker")
GOES_WITH_ENTRIES = (*DELETED_ENTRIES, "belief_rating")  # a belief's ratings go with it
WORD = "<the word CANARY>"


# --- canaries ------------------------------------------------------------------------------------


@dataclass
class Written:
    """What one run of :func:`_write_everything` put in a store."""

    canaries: dict[str, str] = field(default_factory=dict)  # canary -> kind of record
    by_record: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)  # records written, by kind
    tables: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def maker(self, kind: str, n: int) -> Callable[[str], str]:
        def canary(name: str) -> str:
            text = f"CANARY-{kind}-{n}-{name}-{secrets.token_hex(8)}"
            self.canaries[text] = kind
            self.by_record.setdefault((n, kind), []).append(text)
            return text

        return canary

    def forget(self, n: int, kinds: Iterable[str]) -> None:
        for kind in kinds:
            self.deleted.update(self.by_record.get((n, kind), []))

    @property
    def live(self) -> set[str]:
        return set(self.canaries) - self.deleted

    @property
    def names(self) -> set[str]:
        """People's names (private too): canaries of their own."""
        return {c for c in self.canaries if c.startswith("CANARY-person-") and "-name-" in c}

    @property
    def prefixes(self) -> dict[bytes, str]:
        """Each canary but its last 8 hex digits: a shorter prefix, still unique to it."""
        return {c[:-8].encode(): c for c in self.canaries}

    @property
    def tokens(self) -> dict[bytes, str]:
        """Each canary's random part (16 hex digits): a short piece that is unique to it."""
        return {c.rsplit("-", 1)[1].encode(): c for c in self.canaries}


_CANARY = re.compile(rb"CANARY-[a-z_]+-[0-9]+-[a-z0-9_]+-[0-9a-f]{16}")
_PREFIX = re.compile(rb"CANARY-[a-z_]+-[0-9]+-[a-z0-9_]+-[0-9a-f]{8}")
_HEX_RUN = re.compile(rb"[0-9a-f]{16,}")
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){16,}")


def _hits(data: bytes, written: Written, *, word: bool = True) -> set[str]:
    """Every canary of ``written`` found in ``data`` (as UTF-8 or UTF-16): whole, its prefix
    without the last 8 hex digits, or its random part alone.

    The same as ``needle in data`` for each canary and each needle, in one pass: each whole
    canary matches ``_CANARY``, each prefix ``_PREFIX``, and each random part lies in a run of
    hex digits. ``word`` also reports the bare word CANARY (a piece of any canary at all), for
    the files no other test writes to.
    """
    views = [data, *(run.decode("utf-16-le").encode() for run in _UTF16_RUN.findall(data))]
    prefixes, tokens = written.prefixes, written.tokens
    found: set[str] = set()
    for view in views:
        found |= {m.decode() for m in _CANARY.findall(view)} & written.canaries.keys()
        found |= {prefixes[m] for m in _PREFIX.findall(view) if m in prefixes}
        for run in _HEX_RUN.findall(view):
            pieces = (run[i : i + 16] for i in range(len(run) - 15))
            found |= {tokens[piece] for piece in pieces if piece in tokens}
        if word and b"CANARY" in view:
            found.add(WORD)
    return found


def _scan(paths: Iterable[Path], written: Written, *, word: bool = True) -> dict[Path, set[str]]:
    """The canaries found in each readable file (files that vanish or cannot be read: skipped)."""
    found = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        found[path] = _hits(data, written, word=word)
    return found


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _new_temp_files(since: float, skip: Iterable[Path]) -> list[Path]:
    """Regular files in the system's temporary folder changed since ``since``, outside ``skip``."""
    skipped = {path.resolve() for path in skip}
    found = []
    for folder, subfolders, names in os.walk(Path(tempfile.gettempdir()).resolve()):
        here = Path(folder)
        subfolders[:] = [name for name in subfolders if here / name not in skipped]
        for name in names:
            try:
                info = (here / name).lstat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_mtime >= since:
                found.append(here / name)
    return found


def _pytest_trees(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Pytest's own temporary folders (every worker's): the data folders live there."""
    base = tmp_path_factory.getbasetemp()
    return [base, Path(tempfile.gettempdir()) / f"pytest-of-{getpass.getuser()}"]


# --- writing every kind of record ----------------------------------------------------------------


def _number(spec: Field) -> int | float:
    if spec.lo is not None and spec.hi is not None:
        middle: float = (spec.lo + spec.hi) / 2
    else:
        middle = next((x for x in (spec.lo, spec.hi) if x is not None), 1)
    return int(middle) if spec.kind == "int" else float(middle)


def _raw(fields: Iterable[Field], canary: Callable[[str], str], **given: object) -> dict[str, Any]:
    """Valid raw values for ``fields``, read from their declarations: every free text a canary."""
    raw: dict[str, Any] = {}
    for spec in fields:
        if spec.name in given:
            raw[spec.name] = given[spec.name]
        elif spec.is_private:
            raw[spec.name] = canary(spec.name)
        elif spec.kind == "choice":
            raw[spec.name] = spec.choices[0][0]
        elif spec.kind == "choices":
            raw[spec.name] = [spec.choices[0][0]]
        elif spec.kind in ("int", "float"):
            raw[spec.name] = _number(spec)
        elif spec.kind == "date":
            raw[spec.name] = local_day(NOW).isoformat()
        elif spec.kind in ("bool", "maybe"):
            raw[spec.name] = True
        else:
            raise AssertionError(f"{spec.name}: a new kind of field ({spec.kind}); fill it here")
    return raw


Ids = dict[str, int]
Step = Callable[[Store, Callable[[str], str], Ids, int], tuple[str, int]]


def _saved(record: Any) -> tuple[str, int]:
    return record.__tablename__, record.id


def _person(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    return _saved(people.add_person(s, _raw(rel.PERSON_FIELDS, c), NOW).record)


def _evidence(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.EVIDENCE_FIELDS, c, person=str(ids["person"]))
    return _saved(people.add_evidence(s, raw, NOW).record)


def _rung(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.RUNG_FIELDS, c, person=str(ids["person"]))
    return _saved(relating.add_rung(s, raw, NOW).record)


def _reflection(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.REFLECT_FIELDS, c)
    return _saved(relating.reflect_rung(s, ids["rung"], raw, NOW).record)


def _promise(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.PROMISE_FIELDS, c, person=str(ids["person"]))
    return _saved(relating.add_promise(s, raw, NOW).record)


def _bridge(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.BRIDGE_FIELDS, c)
    return _saved(relating.save_bridge(s, str(ids["person"]), raw, NOW).record)


def _gut(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.GUT_FIELDS, c, person=str(ids["person"]))
    return _saved(relating.add_gut_check(s, raw, NOW).record)


def _gut_resolution(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.GUT_RESOLVE_FIELDS, c)
    return _saved(relating.resolve_gut_check(s, ids["gut_check"], raw, NOW).record)


def _boundary(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    return _saved(boundaries.add_boundary(s, _raw(rel.BOUNDARY_FIELDS, c), NOW).record)


def _i_statement(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(rel.ISTATEMENT_FIELDS, c, boundary_id=ids["boundary"] if n % 2 else None)
    return _saved(boundaries.add_i_statement(s, raw, NOW).record)


def _boundary_event(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    given = {"boundary_id": ids["boundary"], "person": str(ids["person"])}
    raw = _raw(rel.BOUNDARY_EVENT_FIELDS, c, **given)
    return _saved(boundaries.add_boundary_event(s, raw, NOW).record)


def _balance(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    return _saved(boundaries.add_balance(s, _raw(rel.BALANCE_FIELDS, c), NOW).record)


def _grow(add: Callable[..., Any], fields: tuple[Field, ...]) -> Step:
    """A stage 8 or support entry, with no one from the circle (so deleting a person later
    takes none of them along)."""

    def step(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
        names = {f.name for f in fields}
        given: dict[str, object] = {}
        if "person" in names:
            given["person"] = ""
        if "cadence" in names:
            given |= {"cadence": "weekly", "weekdays": []}
        if "kind" in names and fields is support.SUPPORT_FIELDS:
            given["kind"] = "group"
        return _saved(add(s, _raw(fields, c, **given), NOW).record)

    return step


def _ritual_kept(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(growth.KEPT_FIELDS, c, kept_on=(local_day(NOW) - dt.timedelta(days=n)).isoformat())
    saved, _new = growth_service.keep_ritual(s, ids["ritual"], raw, NOW)
    return _saved(saved.record)


def _goal_review(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(growth.REVIEW_FIELDS, c, review_on="", status="active")
    return _saved(growth_service.review_goal(s, ids["shared_goal"], raw, NOW).record)


def _checkin_every(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    """The rhythm of partner check-ins: a number, no text a person wrote."""
    growth_service.set_checkin_every(s, {"days": str(n % 30 + 1)}, NOW)
    return "preferences", 0


def _safety_plan(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    """One plan, written once (saving it again would replace its text); never copied outside
    the encryption here."""
    plan = safety_plan.get_plan(s)
    if plan is not None:
        return "safety_plans", plan.id
    raw = _raw(support.SAFETY_PLAN_FIELDS, c, keep_outside=False)
    return _saved(safety_plan.save_plan(s, raw, NOW).record)


def _belief_rating(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    raw = _raw(records.BELIEF_RATING_FIELDS, c)
    return _saved(selfwork.rate_belief(s, ids["belief_tracker"], raw, NOW).record)


def _learned_beliefs(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
    """The checklist holds no text a person wrote: only which items ring true."""
    known = [item.key for item in load_program().checklists["learned_beliefs"]]
    selfwork.mark_learned_beliefs(s, known[: n % len(known) + 1], NOW)
    return "learned_belief_marks", 0


def _entry(slug: str) -> Step:
    def add(s: Store, c: Callable[[str], str], ids: Ids, n: int) -> tuple[str, int]:
        # habits keep one log a day: each round logs a day of its own
        given = (
            {"day": (local_day(NOW) - dt.timedelta(days=n)).isoformat()} if slug == "habits" else {}
        )
        raw = _raw(tool_specs()[slug].fields, c, **given)
        return _saved(entries.add(s, slug, raw, NOW).record)

    return add


def _steps() -> list[tuple[str, Step]]:
    """One of each kind of record, in an order where each finds what it refers to."""
    return [
        ("person", _person),
        ("evidence", _evidence),
        ("rung", _rung),
        ("rung_reflection", _reflection),
        ("person_promise", _promise),
        ("bridge_plan", _bridge),
        ("gut_check", _gut),
        ("gut_resolution", _gut_resolution),
        ("boundary", _boundary),
        ("i_statement", _i_statement),
        ("boundary_event", _boundary_event),
        ("balance_log", _balance),
        ("partner_checkin", _grow(growth_service.add_checkin, growth.CHECKIN_FIELDS)),
        ("checkin_every", _checkin_every),
        ("ritual", _grow(growth_service.add_ritual, growth.RITUAL_FIELDS)),
        ("ritual_kept", _ritual_kept),
        ("appreciation", _grow(growth_service.add_appreciation, growth.APPRECIATION_FIELDS)),
        ("shared_goal", _grow(growth_service.add_goal, growth.GOAL_FIELDS)),
        ("goal_review", _goal_review),
        ("win", _grow(growth_service.add_win, growth.WIN_FIELDS)),
        ("support", _grow(support_service.add_contact, support.SUPPORT_FIELDS)),
        ("safety_plan", _safety_plan),
        *((slug, _entry(slug)) for slug in tool_specs()),
        ("belief_rating", _belief_rating),
        ("learned_beliefs", _learned_beliefs),
    ]


def _write_everything(settings: Settings, total: int = TOTAL) -> tuple[Written, Store]:
    """Write ``total`` records round-robin over every kind, in a few sessions; then delete a
    person and a few entries (secure delete) and take 2 backups. Returns the store still open.
    """
    written, steps = Written(), _steps()
    rounds = total // len(steps)
    assert rounds >= 4, "too few records for every kind and the deletions"
    plan = [(n, kind, step) for n in range(rounds + 1) for kind, step in steps][:total]
    new_session = {total * i // SESSIONS for i in range(1, SESSIONS)}
    ids: dict[int, Ids] = {}
    store = open_store(settings)
    try:
        for i, (n, kind, step) in enumerate(plan):
            if i in new_session:
                store.close()
                store = open_store(settings)
            known = ids.setdefault(n, {})
            table, known[kind] = step(store, written.maker(kind, n), known, n)
            written.counts[kind] += 1
            written.tables.add(table)
        # rounds written after the automatic backup of the second session, so in a store kept
        # unencrypted the deleted text is in no backup either
        person_round, entries_round = rounds - 3, rounds - 2
        people.delete_person(store, ids[person_round]["person"])
        written.forget(person_round, GOES_WITH_PERSON)
        for slug in DELETED_ENTRIES:
            entries.delete(store, slug, ids[entries_round][slug])
        written.forget(entries_round, GOES_WITH_ENTRIES)
        for _ in range(2):
            backups.take_backup(settings, NOW)
    except BaseException:
        store.close()
        raise
    return written, store


def _private_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, PrivateText | PrivateJSON)
    }


def _stored(path: Path, key: bytes | None, written: Written) -> dict[tuple[str, str], set[str]]:
    """The canaries each private column holds, read back through a keyed connection."""
    held: dict[tuple[str, str], set[str]] = {}
    with closing(cipherdb.connect(path, key, read_only=True)) as conn:
        for table, column in sorted(_private_columns()):
            values = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')
            text = "\n".join(value or "" for (value,) in values)
            held[(table, column)] = _hits(text.encode(), written, word=False)
    return held


def _bodies(store: Store) -> list[str]:
    return [e.body for e in reversed(entries.recent(store, "journal", limit=500))]


# --- 1. canaries: no text a person wrote is in any file ------------------------------------------


def test_no_canary_in_any_file_log_or_temp_file_of_an_encrypted_store(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    started = time.time()
    made = security.create(load_settings(tmp_path / "data"), PASSPHRASE)
    folder, key = made.settings.data_dir, made.settings.key
    assert key is not None and made.recovery_code

    written, store = _write_everything(made.settings)
    try:
        while_open = _scan(_files_under(folder), written)
    finally:
        store.close()
    after_close = _scan(_files_under(folder), written)

    # every kind of tool wrote records: 1,000 of them, every private column got canaries
    assert sum(written.counts.values()) == TOTAL
    assert set(tool_specs()) <= set(written.counts) and min(written.counts.values()) >= 38
    assert {table for table, _ in _private_columns()} <= written.tables
    assert written.tables == {t.name for t in Base.metadata.sorted_tables} - {"alembic_version"}
    assert len(written.canaries) > 1900 and len(written.names) > 30 and written.deleted
    # ... and they are really in the store, readable with the key (so finding none means
    # encrypted, not missing): every canary still there, none of the deleted ones
    assert folder / DB_FILENAME in after_close
    held = _stored(folder / DB_FILENAME, key, written)
    assert set().union(*held.values()) == written.live
    assert {column for column, found in held.items() if not found} == set(NO_FREE_TEXT)

    # the files while the store was open (WAL and shared memory too) and after it closed
    names_open = {path.name for path in while_open}
    assert {DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm"} <= names_open
    assert {"trustbridge.keys", "backups"} <= {p.relative_to(folder).parts[0] for p in while_open}
    assert len(files.backup_files(files.folder_for(folder))) >= 2
    assert (files.folder_for(folder) / keys.KEYS_FILENAME).is_file()
    assert {str(p.relative_to(folder)): hits for p, hits in while_open.items() if hits} == {}
    assert {str(p.relative_to(folder)): hits for p, hits in after_close.items() if hits} == {}

    # the logs, at DEBUG
    assert caplog.records  # captured (the store logs as it is made)
    assert _hits(caplog.text.encode(), written) == set()
    assert all(not _hits(repr(r.args).encode(), written) for r in caplog.records)

    # files newly made in the temporary folder while the test ran (pytest's own folders, where
    # the data folder is, were scanned above)
    temp = _scan(_new_temp_files(started, _pytest_trees(tmp_path_factory)), written, word=False)
    assert {str(path): hits for path, hits in temp.items() if hits} == {}


def test_the_search_finds_every_canary_in_a_store_kept_unencrypted(tmp_path: Path) -> None:
    """The control: the same flow without encryption, so a search finding nothing means it."""
    made = security.create(load_settings(tmp_path / "data"), None)
    folder = made.settings.data_dir
    assert made.settings.key is None and made.recovery_code is None

    written, store = _write_everything(made.settings)
    try:
        while_open = _scan(_files_under(folder), written)
    finally:
        store.close()
    after_close = _scan(_files_under(folder), written)

    store_file, wal = folder / DB_FILENAME, folder / f"{DB_FILENAME}-wal"
    assert written.live <= while_open[store_file] | while_open[wal]
    assert written.live <= after_close[store_file]
    # the 2 backups taken at the end hold every canary (the automatic one, the earlier ones)
    backup_hits = [hits for path, hits in after_close.items() if files.parse_name(path.name)]
    assert len([hits for hits in backup_hits if written.live <= hits]) >= 2
    assert WORD in after_close[store_file]
    assert written.names - written.deleted <= after_close[store_file]
    # the deleted text is gone even without encryption: zeroed, and out of the WAL
    for scanned in (while_open, after_close):
        assert {str(p.relative_to(folder)): hits & written.deleted for p, hits in scanned.items()
                if hits & written.deleted} == {}  # fmt: skip


# --- 2. flipped bytes fail loudly ----------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    """A closed encrypted store holding known journal entries, and a backup of it."""

    folder: Path
    key: bytes
    texts: list[str]
    backup: Path

    @property
    def store(self) -> Path:
        return self.folder / DB_FILENAME


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> Sealed:
    with pytest.MonkeyPatch.context() as patch:  # module-wide: before the per-test isolation
        patch.delenv("TRUSTBRIDGE_DATABASE_URL", raising=False)
        settings = load_settings(tmp_path_factory.mktemp("flips") / "data")
    made = security.create(settings, PASSPHRASE)
    assert made.settings.key is not None
    texts = [f"Entry {n}: " + " ".join(["what I could not say out loud"] * (n % 9 + 1))
             for n in range(80)] + [("A long one, over several pages. " * 400).strip()]  # fmt: skip
    store = open_store(made.settings)
    try:
        for text in texts:
            entries.add(store, "journal", {"body": text}, NOW)
        info = backups.take_backup(made.settings, NOW)
        assert _bodies(store) == texts
    finally:
        store.close()
    backup = files.folder_for(made.settings.data_dir) / info.name
    return Sealed(made.settings.data_dir, made.settings.key, texts, backup)


def _flips(size: int) -> list[tuple[int, int]]:
    """~40 (position, mask) pairs over the whole file, skipping nothing.

    SQLCipher 4 pages: page 1 starts with the 16-byte salt; each page ends with 80 reserved
    bytes, a 16-byte IV then a 64-byte HMAC; everything else is ciphertext.
    """
    assert size % PAGE == 0 and size >= 4 * PAGE
    pages = size // PAGE
    spots = [0, 7, 15, 16, 24, 100, PAGE // 2, PAGE - 80, PAGE - 64, PAGE - 1]  # page 1
    for i in range(1, 10):
        base = PAGE * (1 + i * (pages - 2) // 10)
        spots += [base + offset for offset in (0, PAGE // 2 + 3 * i, PAGE - 80 + 7 * i)]
    last = size - PAGE
    spots += [last, last + PAGE // 2, last + PAGE - 80, size - 1]
    return [(spot, (0x01, 0x80, 0xFF)[i % 3]) for i, spot in enumerate(sorted(set(spots)))]


def _flipped(source: Path, position: int, mask: int, folder: Path) -> Path:
    """A copy of ``source`` (as the store file of a new folder) with one byte flipped."""
    folder.mkdir(parents=True)
    data = bytearray(source.read_bytes())
    data[position] ^= mask
    copy = folder / DB_FILENAME
    copy.write_bytes(bytes(data))
    return copy


def _read_raw(path: Path, key: bytes) -> list[str]:
    with closing(cipherdb.connect(path, key)) as conn:
        rows = conn.execute("SELECT body FROM journal_entries ORDER BY id").fetchall()
    return [str(body) for (body,) in rows]


def _every_flip(sealed: Sealed, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Each flipped copy of the store, then of the backup, with a label saying where."""
    for source in (sealed.store, sealed.backup):
        for position, mask in _flips(source.stat().st_size):
            label = f"{source.name} byte {position} ^ {mask:#04x}"
            yield label, _flipped(source, position, mask, tmp_path / f"{source.stem}-{position}")


def test_a_flipped_byte_never_reads_back_as_different_text(sealed: Sealed, tmp_path: Path) -> None:
    assert _read_raw(_flipped(sealed.store, 0, 0, tmp_path / "intact"), sealed.key) == sealed.texts
    assert len(_flips(sealed.store.stat().st_size)) >= 40
    outcomes: Counter[str] = Counter()
    for label, copy in _every_flip(sealed, tmp_path):
        try:
            got = _read_raw(copy, sealed.key)
        except cipherdb.DatabaseError:
            outcomes["refused"] += 1
            continue
        assert got == sealed.texts, f"{label}: different text came back"
        outcomes["read the same texts (flip on a page this query does not read)"] += 1
    assert outcomes["refused"] >= 20, outcomes  # page 1, the salt and every journal page


def _verify_outcome(copy: Path, key: bytes) -> str:
    result = files.verify(copy, key)
    return "reported a problem" if not result.ok else "ok"


def test_verify_never_passes_a_flipped_file(sealed: Sealed, tmp_path: Path) -> None:
    assert files.verify(sealed.store, sealed.key).ok and files.verify(sealed.backup, sealed.key).ok
    outcomes: Counter[str] = Counter()
    for label, copy in _every_flip(sealed, tmp_path):
        try:
            outcome = _verify_outcome(copy, sealed.key)
        except MemoryError:  # loud, but not a report: see the strict test below
            outcome = "raised MemoryError"
        assert outcome != "ok", f"{label}: verify passed a damaged file"
        outcomes[outcome] += 1
    assert outcomes["reported a problem"] >= 10, outcomes


def test_verify_reports_every_flip_as_a_problem(sealed: Sealed, tmp_path: Path) -> None:
    for label, copy in _every_flip(sealed, tmp_path):
        assert _verify_outcome(copy, sealed.key) == "reported a problem", label


def _open_outcome(folder: Path, key: bytes, texts: list[str]) -> str:
    try:
        store = open_store(load_settings(folder).unlocked(key))
    except CannotDecrypt:
        return "CannotDecrypt"
    except sqlalchemy.exc.DatabaseError:
        return "DatabaseError"
    try:
        got = _bodies(store)
    except sqlalchemy.exc.DatabaseError:
        return "DatabaseError"
    finally:
        store.close()
    assert got == texts, f"{folder.name}: open_store gave different text"
    return "the right text"


def test_open_store_on_a_flipped_store_refuses_or_gives_the_right_text(
    sealed: Sealed, tmp_path: Path
) -> None:
    outcomes: Counter[str] = Counter()
    for position, mask in _flips(sealed.store.stat().st_size):
        copy = _flipped(sealed.store, position, mask, tmp_path / str(position))
        outcomes[_open_outcome(copy.parent, sealed.key, sealed.texts)] += 1
    assert outcomes["CannotDecrypt"] >= 5, outcomes  # page 1 and its salt at least


def _backed_up(folder: Path, sealed: Sealed, days_ago: int) -> Path:
    """A good backup ``days_ago`` old beside the store (from today: opening takes none)."""
    taken = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    files.folder_for(folder).mkdir()
    kept = files.folder_for(folder) / f"trustbridge-{taken:%Y%m%d-%H%M%S}.sqlite3"
    shutil.copyfile(sealed.backup, kept)
    return kept


def test_a_store_with_a_damaged_page_keeps_failing_with_a_database_error(
    sealed: Sealed, tmp_path: Path
) -> None:
    for position, mask in _flips(sealed.store.stat().st_size):
        copy = _flipped(sealed.store, position, mask, tmp_path / str(position))
        _backed_up(copy.parent, sealed, days_ago=0)
        try:
            store = open_store(load_settings(copy.parent).unlocked(sealed.key))
        except (CannotDecrypt, sqlalchemy.exc.DatabaseError):
            continue
        try:
            for _ in range(3):  # as the web app does: one engine, request after request
                with suppress(sqlalchemy.exc.DatabaseError):
                    assert _bodies(store) == sealed.texts, f"byte {position}: different text"
        finally:
            store.close()


def _damaged(path: Path, key: bytes) -> bool:
    try:
        return not files.verify(path, key).ok
    except MemoryError:  # a damaged page, as SQLCipher reports it: see the tests above
        return True


def test_the_automatic_backup_keeps_no_damaged_copy(sealed: Sealed, tmp_path: Path) -> None:
    made_damaged = []
    for position, mask in _flips(sealed.store.stat().st_size)[10:]:  # past page 1
        copy = _flipped(sealed.store, position, mask, tmp_path / str(position))
        good = _backed_up(copy.parent, sealed, days_ago=2)  # so a backup is due
        with suppress(CannotDecrypt, sqlalchemy.exc.DatabaseError):
            open_store(load_settings(copy.parent).unlocked(sealed.key)).close()
        for made in files.backup_files(files.folder_for(copy.parent)):
            if made.path != good and _damaged(made.path, sealed.key):
                made_damaged.append(position)
    assert made_damaged == [], f"damaged backups kept, flips at bytes {made_damaged}"


def test_a_backup_is_one_file_even_when_the_wal_was_empty(tmp_path: Path) -> None:
    made = security.create(load_settings(tmp_path / "data"), PASSPHRASE)
    assert made.settings.key is not None
    store = open_store(made.settings)
    try:
        saved = entries.add(store, "journal", {"body": "soon gone"}, NOW)
        entries.delete(store, "journal", saved.record.id)  # the WAL is cut to zero bytes
        info = backups.take_backup(made.settings, NOW)
    finally:
        store.close()
    folder = files.folder_for(made.settings.data_dir)
    left = sorted(p.name for p in folder.iterdir() if not files.parse_name(p.name))
    with closing(cipherdb.connect(folder / info.name, made.settings.key, read_only=True)) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert (mode, left) == ("delete", [keys.KEYS_FILENAME])


def test_a_wrong_key_or_no_key_does_not_open_the_store(sealed: Sealed, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sealed.folder, copy)
    wrong = os.urandom(32)
    with pytest.raises(CannotDecrypt):
        open_store(load_settings(copy).unlocked(wrong))
    with pytest.raises(StoreLocked):
        open_store(load_settings(copy))
    assert files.verify(copy / DB_FILENAME, wrong).problems == (files.UNREADABLE,)
    assert files.verify(sealed.backup, wrong).problems == (files.UNREADABLE,)
    with pytest.raises(cipherdb.DatabaseError):
        _read_raw(copy / DB_FILENAME, wrong)


def test_verify_notices_a_flip_in_a_free_page(tmp_path: Path) -> None:
    """SQLite's integrity check never reads a free page; SQLCipher's checks every page."""
    made = security.create(load_settings(tmp_path / "data"), PASSPHRASE)
    assert made.settings.key is not None
    store = open_store(made.settings)
    try:
        saved = [entries.add(store, "journal", {"body": "x" * 3000}, NOW) for _ in range(40)]
        for item in saved[5:35]:
            entries.delete(store, "journal", item.record.id)
    finally:
        store.close()
    path = made.settings.data_dir / DB_FILENAME
    with closing(cipherdb.connect(path, made.settings.key, read_only=True)) as conn:
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] >= 10  # free pages to flip
    passed = []
    for page in range(path.stat().st_size // PAGE):
        copy = _flipped(path, page * PAGE + PAGE // 2, 0x01, tmp_path / f"page-{page + 1}")
        try:
            if files.verify(copy, made.settings.key).ok:
                passed.append(page + 1)
        except MemoryError:
            pass  # loud, though not a report: see test_verify_reports_every_flip_as_a_problem
    assert passed == [], f"verify passed flips in pages {passed}"


# --- 3. changing the passphrase rewrites no data -------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_changing_the_passphrase_rewrites_no_data(tmp_path: Path) -> None:
    made = security.create(load_settings(tmp_path / "data"), PASSPHRASE)
    keyed, code = made.settings, made.recovery_code
    assert keyed.key is not None and code is not None
    store = open_store(keyed)
    try:
        texts = [f"kept as written {n}" for n in range(20)]
        for text in texts:
            entries.add(store, "journal", {"body": text}, NOW)
        backups.take_backup(keyed, NOW)
    finally:
        store.close()
    data = [
        keyed.data_dir / DB_FILENAME,
        *(b.path for b in files.backup_files(files.folder_for(keyed.data_dir))),
    ]
    before = {path: _digest(path) for path in data}
    keys_before = keys.keys_path(keyed.data_dir).read_bytes()

    security.change_passphrase(keyed, NEW_PASSPHRASE)

    assert {path: _digest(path) for path in data} == before
    assert keys.keys_path(keyed.data_dir).read_bytes() != keys_before
    assert keys.read_key_id(keyed.data_dir) == keys.key_id(keyed.key)
    plain = load_settings(keyed.data_dir)
    with pytest.raises(keys.WrongPassphrase):
        security.unlock(plain, PASSPHRASE)
    assert security.unlock(plain, NEW_PASSPHRASE).key == keyed.key
    assert security.unlock_with_recovery(plain, code).key == keyed.key
    # the copy of the keys kept with the backups follows the change
    assert keys.unlock(files.folder_for(keyed.data_dir), NEW_PASSPHRASE) == keyed.key
    assert {path: _digest(path) for path in data} == before
    store = open_store(security.unlock_with_recovery(plain, code))
    try:
        assert _bodies(store) == texts
    finally:
        store.close()


# --- 4. encrypting a store kept unencrypted ------------------------------------------------------


def _plain_store_with_backups(tmp_path: Path) -> tuple[Settings, Written]:
    made = security.create(load_settings(tmp_path / "data"), None)
    written, store = _write_everything(made.settings, total=4 * len(_steps()) + 3)
    store.close()
    found = _scan(_files_under(made.settings.data_dir), written)
    assert written.live <= found[made.settings.data_dir / DB_FILENAME]  # plain, for now
    return made.settings, written


def _assert_encrypted_and_readable(keyed: Settings, written: Written) -> None:
    folder, key = keyed.data_dir, keyed.key
    assert key is not None
    scanned = _scan(_files_under(folder), written)
    assert {str(p.relative_to(folder)): hits for p, hits in scanned.items() if hits} == {}
    assert encryption.plain_files(folder / DB_FILENAME, folder) == []
    assert not [
        p.name for p in _files_under(folder) if ".plain-" in p.name or ".encrypting-" in p.name
    ]
    found_backups = files.backup_files(files.folder_for(folder))
    assert len(found_backups) >= 2
    assert all(files.verify(b.path, key).ok for b in found_backups)
    assert files.verify(folder / DB_FILENAME, key).ok
    assert set().union(*_stored(folder / DB_FILENAME, key, written).values()) == written.live
    store = open_store(keyed)
    try:
        journal = {c for c in written.live if c.startswith("CANARY-journal-") and "-body-" in c}
        assert set(_bodies(store)) == journal and journal
    finally:
        store.close()


def test_encrypting_a_plain_store_encrypts_it_and_every_backup(tmp_path: Path) -> None:
    settings, written = _plain_store_with_backups(tmp_path)

    made = security.encrypt(settings, PASSPHRASE)

    assert made.recovery_code and settings.sqlite_path in made.converted
    assert len(made.converted) == 1 + len(files.backup_files(files.folder_for(settings.data_dir)))
    assert security.state(settings) is security.State.ENCRYPTED
    with pytest.raises(StoreLocked):
        open_store(settings)
    _assert_encrypted_and_readable(security.unlock(settings, PASSPHRASE), written)


@pytest.mark.parametrize("stopped", ["after the keys file", "after the store, before backups"])
def test_an_interrupted_encryption_is_finished_by_the_next_unlock(
    tmp_path: Path, stopped: str
) -> None:
    settings, written = _plain_store_with_backups(tmp_path)
    key, _code = keys.create(settings.data_dir, PASSPHRASE)  # the first step of encrypt()
    if stopped == "after the store, before backups":
        first_backup = files.backup_files(files.folder_for(settings.data_dir))[0].path
        leftover = settings.data_dir / f".{DB_FILENAME}.plain-4242"
        shutil.copyfile(first_backup, leftover)  # a plain copy a crash left behind
        encryption.encrypt_file(settings.data_dir / DB_FILENAME, key)
        assert encryption.plain_files(settings.data_dir / DB_FILENAME, settings.data_dir)
    assert security.state(settings) is security.State.ENCRYPTED
    with pytest.raises(StoreLocked):
        open_store(settings)

    keyed = security.unlock(settings, PASSPHRASE)

    assert keyed.key == key
    _assert_encrypted_and_readable(keyed, written)


def test_a_finished_encryption_keeps_the_keys_with_the_backups(tmp_path: Path) -> None:
    settings, _written = _plain_store_with_backups(tmp_path)
    keys.create(settings.data_dir, PASSPHRASE)  # stopped right after the keys file

    keyed = security.unlock(settings, PASSPHRASE)
    open_store(keyed).close()  # a backup from today exists, so none is taken here

    kept = files.folder_for(settings.data_dir) / keys.KEYS_FILENAME
    assert kept.is_file(), "the encrypted backups have no keys file beside them"
