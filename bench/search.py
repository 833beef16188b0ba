"""Search over 100,000 entries: in-process and as a whole command, beside jrnl on the same entries.

jrnl (installed from PyPI into a temporary venv) searches the same journal text with
``-contains``; when it cannot be installed, the in-process search is shown beside a floor
measured in the same run (one ``SELECT count(*)`` on the store). Also times rebuilding the
index, as the migration does on an existing store. Run with ``make bench``; not a test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from populate import START, populated_store
from timing import median_ms, row

from trustbridge.services.search import search
from trustbridge.store import search_index
from trustbridge.store.db import Store

ENTRIES = 100_000
QUERY = "walk sister"
#: a word in one journal entry of 200, as a real word a person looks for would be
RARE = "lighthouse"
BIN = Path(sys.executable).with_name("trustbridge")


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, capture_output=True)


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
    return [str(venv / "bin" / "jrnl"), "-contains", RARE, "-n", "50"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        store = populated_store(folder / "data", ENTRIES)
        print(f"{ENTRIES:,} entries (saved with the index kept current) in "
              f"{time.perf_counter() - started:.0f} s, from {START:%Y}")  # fmt: skip
        with store.engine.connect() as conn:
            count = "SELECT count(*) FROM journal_entries"
            floor = median_ms(lambda: conn.exec_driver_sql(count).scalar(), 20)
        print(f"{'floor: SELECT count(*) (journal)':<40} {floor:8.1f} ms")
        _rare_words(store)
        found = len(search(store, RARE))
        inside = median_ms(lambda: search(store, RARE), 20)
        row(f"search {RARE!r} in-process ({found} shown)", inside, floor, 20, width=40)
        # the worst case: populate's 13-word vocabulary puts these words in every entry, so
        # bm25 ranks all 100,000 of them
        worst = median_ms(lambda: search(store, QUERY), 3)
        row(f"search {QUERY!r} (matches every entry)", worst, floor, 20, width=40)
        env = {**os.environ, "TRUSTBRIDGE_HOME": str(folder / "data")}
        exe = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "trustbridge.cli.main"]
        command = median_ms(lambda: _run([*exe, "search", RARE, "--limit", "50"], env), 5)
        print(f"{f'trustbridge search {RARE} (process)':<40} {command:8.1f} ms")
        _rebuild(store)
        jrnl = _jrnl(folder, store)
        store.close()
        if jrnl is None:
            print("jrnl could not be installed from PyPI; the floor above is the comparison")
            return
        jenv = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config")}
        peer = median_ms(lambda: _run(jrnl, jenv), 3)
        print(f"{f'jrnl -contains {RARE} (process)':<40} {peer:8.1f} ms")
        print(f"{'trustbridge search / jrnl':<40} {command / peer:8.2f}x")


def _rare_words(store: Store) -> None:
    from trustbridge.store import models as m

    with store.session() as session:
        for entry in session.query(m.JournalEntry).filter(m.JournalEntry.id % 200 == 0):
            entry.body = f"{entry.body} by the {RARE}"


def _rebuild(store: Store) -> None:
    """Rebuilding the whole index, as the migration does for a store made before search."""
    columns = search_index.model_columns()
    started = time.perf_counter()
    with store.engine.begin() as conn:
        total = search_index.rebuild(conn.exec_driver_sql, columns, lambda done, total: None)
    seconds = time.perf_counter() - started
    print(f"{f'rebuild the index ({total:,} rows)':<40} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
