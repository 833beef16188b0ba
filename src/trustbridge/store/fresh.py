"""A new SQLite store made in one go: the schema the migrations build, from a script kept
beside them, instead of every migration replayed one step at a time.

Replaying the migrations through Alembic (168 steps, each reflected and checked) costs a new
store about a quarter of a second of CPU, at every ``trustbridge init`` and every first start.
``fresh_store.sql`` is their end result: every table, index and trigger as SQLite holds it
(its stored SQL, verbatim), the rows they leave behind, and the search index's settings.
:func:`script` writes it from a store the migrations built; ``python -m
trustbridge.store.fresh`` makes such a store and writes the file again after a new
migration. A test builds a store both ways and compares everything in them, and fails while
the file is older than the migrations.

Only a file with nothing in it yet is made this way, and only SQLite: a store that holds
anything, and PostgreSQL, always go through the migrations.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SCRIPT = Path(__file__).with_name("fresh_store.sql")
_log = logging.getLogger(__name__)

_HEADER = """\
-- A new store's schema, as the migrations leave it (see trustbridge/store/fresh.py).
-- Written by `python -m trustbridge.store.fresh`: do not edit by hand.
"""


def is_blank(engine: Engine) -> bool:
    """Whether the store's file holds nothing at all yet (no table, index or trigger)."""
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0


def build(engine: Engine) -> None:
    """Make the whole schema in a blank store, in one transaction."""
    text = SCRIPT.read_text(encoding="utf-8")
    with engine.connect() as connection:
        raw: Any = connection.connection.dbapi_connection
        try:
            raw.executescript(text)
        except Exception:
            raw.rollback()
            raise
    _log.info("made a new store from %s", SCRIPT.name)  # as Alembic tells of each migration


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def script(connection: Any) -> str:
    """The script that makes, in a blank file, the schema and rows of the store open on
    ``connection`` (a DB-API connection to a store the migrations built, still empty)."""
    entries = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()  # by name: the order the migrations made them in varies from run to run
    virtual = [name for kind, name, sql in entries if sql.startswith("CREATE VIRTUAL TABLE")]

    def shadow(name: str) -> bool:
        return any(name.startswith(f"{table}_") for table in virtual)

    tables = [(n, s) for k, n, s in entries if k == "table" and not shadow(n)]
    lines = [_HEADER, "BEGIN IMMEDIATE;"]
    for name, sql in tables:
        lines.append(f"{sql};")
        if name in virtual:  # its settings, said as FTS5 takes them (the version is its own)
            for key, value in connection.execute(
                f"SELECT k, v FROM \"{name}_config\" WHERE k != 'version' ORDER BY k"
            ).fetchall():
                lines.append(
                    f"INSERT INTO {name}({name}, rank) VALUES ({_literal(key)}, {_literal(value)});"
                )
            continue
        for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall():
            lines.append(f'INSERT INTO "{name}" VALUES ({", ".join(map(_literal, row))});')
    for kind in ("index", "view", "trigger"):
        lines.extend(f"{sql};" for k, _n, sql in entries if k == kind)
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def migrated(folder: Path) -> Path:
    """A new store made the long way in ``folder``, every migration replayed through Alembic;
    its file."""
    from alembic import command

    from trustbridge.config import load_settings
    from trustbridge.store.db import alembic_config, make_engine

    settings = load_settings(folder)
    engine = make_engine(settings)
    try:
        command.upgrade(alembic_config(engine), "head")
    finally:
        engine.dispose()
    assert settings.sqlite_path is not None
    return settings.sqlite_path


def migrated_script() -> str:
    """The script, from a store built in a temporary folder by replaying every migration."""
    import sqlite3

    with tempfile.TemporaryDirectory(prefix="trustbridge-fresh-") as folder:
        connection = sqlite3.connect(migrated(Path(folder)))
        try:
            return script(connection)
        finally:
            connection.close()


def main() -> int:
    SCRIPT.write_text(migrated_script(), encoding="utf-8")
    print(f"wrote {SCRIPT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
