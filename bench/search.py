"""Search over 100,000 entries: in-process and as a whole command, beside jrnl on the same entries.

Prints, each beside a floor or a peer measured in the same run:

- in-process searches (common words, a rare word, a phrase, a prefix, common and rare
  together): medians, as a ratio to FTS5's bare first page for the same words (its first 20
  matches, unranked, no records: the least a search can do) and to the 20 ms target; and,
  for comparison, FTS5's own ``ORDER BY rank``, which search used before;
- the whole ``trustbridge search`` command, beside ``python -c pass`` (the floor) and the
  150 ms start-up budget, and beside jrnl's ``-contains`` on the same journal entries (the
  peer), installed from PyPI into a venv of its own; when jrnl cannot be installed, it says
  so and the floor is the comparison;
- rebuilding the whole index, as a migration that indexes a new column does.

Run with ``make bench``, or ``python bench/search.py --entries 18000`` while developing.
Not a test: the numbers depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import START, populated_store
from timing import median_ms, row

from trustbridge.domain.search_query import match_expression, parse
from trustbridge.services.search import Found, search
from trustbridge.store import quick, search_index
from trustbridge.store.db import Store

ENTRIES = 100_000
#: a word in one journal entry of 200, as a real word a person looks for would be
RARE = "lighthouse"
#: populate's 13-word vocabulary puts each of its words in most entries
COMMON = "walk"
QUERIES = (
    ("common words", "walk sister"),
    ("rare word", RARE),
    ("phrase", '"walk sister"'),
    ("prefix", "sist"),
    ("common and rare", f"walk {RARE}"),
)
TARGET_MS, BUDGET_MS = 20, 150
BIN = Path(sys.executable).with_name("trustbridge")
#: a line jrnl prints for each entry it shows begins with the entry's date and time
JRNL_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d ", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=ENTRIES, help="how many entries to make")
    entries = parser.parse_args().entries
    _compile()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        store = populated_store(folder / "data", entries)
        _rare_words(store)
        print(f"{entries:,} entries (saved with the index kept current) in "
              f"{time.perf_counter() - started:.0f} s, from {START:%Y}")  # fmt: skip
        _in_process(store)
        with store.engine.connect() as connection:  # as a person's store is between uses
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        commands = _commands(folder / "data")
        _rebuild(store)
        _beside_jrnl(folder, store, commands)
        store.close()


def _compile() -> None:
    """Measure what a person's second run sees: bytecode cached, even where the environment
    sets PYTHONDONTWRITEBYTECODE (this sandbox does)."""
    import compileall

    import trustbridge

    compileall.compile_dir(Path(trustbridge.__file__).parent, quiet=1)


def _rare_words(store: Store) -> None:
    from trustbridge.store import models as m

    with store.session() as session:
        for entry in session.query(m.JournalEntry).filter(m.JournalEntry.id % 200 == 0):
            entry.body = f"{entry.body} by the {RARE}"


def _in_process(store: Store) -> None:
    """Each search on a plain connection, as the command line runs it (the web hands over its
    store's own, which takes the same work)."""
    print(f"\nin-process, medians; floor: FTS5's first 20 matches of the same words, unranked, "
          f"no records (same run); target {TARGET_MS} ms")  # fmt: skip
    bare = f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH ?"
    assert store.settings.sqlite_path is not None
    connection = quick.connect(store.settings.sqlite_path, store.settings.key, read_only=True)
    assert connection is not None, "the store is not at this code's schema"
    try:
        for name, words in QUERIES:
            expression = match_expression(parse(words))

            def fts5(order: str, expression: str | None = expression) -> object:
                sql = f"{bare} {order} LIMIT 20"
                return connection.execute(sql, (expression,)).fetchall()

            floor = median_ms(lambda: fts5(""), 20)
            old = median_ms(lambda: fts5("ORDER BY rank"), 3)
            found = search(connection, words)
            ms = median_ms(partial(search, connection, words), 20)
            row(f"search {words} ({name})", ms, floor, TARGET_MS, width=44)
            print(f"{'':4}{_how_many(found)}; FTS5's own ORDER BY rank: {old:.1f} ms "
                  f"({old / ms:.1f}x this)")  # fmt: skip
    finally:
        connection.close()


def _how_many(found: Found) -> str:
    said = f"{found.shown_total:,} match" if found.exact else f"about {found.shown_total:,} match"
    return f"{said}, {found.ranked:,} ranked (the best of the newest)" if not found.exact else said


def _commands(home: Path) -> dict[str, float]:
    """The whole ``trustbridge search`` command, for the rare and the common word."""
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(home)}
    exe = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "trustbridge.cli.main"]
    floor = median_ms(_process([sys.executable, "-c", "pass"], env), 10)
    print(f"\nwhole commands, medians; floor: python -c pass {floor:.1f} ms (same run); "
          f"start-up budget {BUDGET_MS} ms")  # fmt: skip
    took = {}
    for word in (RARE, COMMON):
        took[word] = median_ms(_process([*exe, "search", word, "--limit", "50"], env), 5)
        row(f"trustbridge search {word} --limit 50", took[word], floor, BUDGET_MS, width=44)
    return took


def _process(args: list[str], env: dict[str, str]) -> Callable[[], object]:
    return lambda: subprocess.run(args, env=env, check=True, capture_output=True)


def _rebuild(store: Store) -> None:
    """Rebuilding the whole index, as a migration that indexes a new column does."""
    columns = search_index.model_columns()
    started = time.perf_counter()
    with store.engine.begin() as conn:
        total = search_index.rebuild(conn.exec_driver_sql, columns, lambda done, total: None)
    seconds = time.perf_counter() - started
    print(f"\n{f'rebuild the whole index ({total:,} rows)':<44} {seconds * 1000:8.0f} ms")


def _beside_jrnl(folder: Path, store: Store, took: dict[str, float]) -> None:
    jrnl = _jrnl(folder, store)
    if jrnl is None:
        print("\njrnl could not be installed from PyPI: python -c pass above is the comparison")
        return
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config")}
    print("\njrnl on the same journal entries (its own venv, from PyPI), medians:")
    for word in (RARE, COMMON):
        command = [*jrnl, "-contains", word, "-n", "50"]
        shown = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        peer = median_ms(_process(command, env), 3)
        found = len(JRNL_ENTRY.findall(shown.stdout))
        print(f"{f'jrnl -contains {word} -n 50 ({found} shown)':<44} {peer:8.1f} ms")
        print(f"{f'trustbridge search {word} / jrnl':<44} {took[word] / peer:8.2f}x")


def _jrnl(folder: Path, store: Store) -> list[str] | None:
    """jrnl in its own venv with a journal of the store's journal entries, or ``None``."""
    venv = folder / "jrnl-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        pip = [str(venv / "bin" / "pip"), "install", "-q", "jrnl"]
        subprocess.run(pip, check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None
    journal = folder / "journal.txt"
    with store.engine.connect() as conn, journal.open("w") as out:
        rows = conn.exec_driver_sql("SELECT created_at, title, body FROM journal_entries")
        for stamp, title, body in rows:
            out.write(f"[{str(stamp)[:16]}] {title}\n{body}\n\n")
    config = folder / "config" / "jrnl"
    config.mkdir(parents=True)
    (config / "jrnl.yaml").write_text(
        f"journals:\n  default:\n    journal: {journal}\nencrypt: false\ncolors:\n"
        "  body: none\n  date: none\n  tags: none\n  title: none\ndefault_hour: 9\n"
        "default_minute: 0\neditor: ''\nhighlight: true\nindent_character: '|'\n"
        "linewrap: 79\ntagsymbols: '@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.1\n"
    )
    return [str(venv / "bin" / "jrnl")]


if __name__ == "__main__":
    main()
