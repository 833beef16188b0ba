"""The exports read every row with plain SQL (no models): the document is what the models hold.

The oracle here reads each table through SQLAlchemy, decoded by the models' column types, as
the export did before it read plain rows; the plain export must give the same document, and
the command line (on a plain connection, without SQLAlchemy) the same text as the web's way.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.support import NOW
from tests.integration.test_cli import imported, run_process
from tests.integration.test_encryption_at_rest import _write_everything
from trustbridge.config import Settings, load_settings
from trustbridge.exchange import json_format, markdown
from trustbridge.exchange.tables import mapped_tables
from trustbridge.store.db import Store


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Store]:
    settings = load_settings(tmp_path_factory.mktemp("everything") / "store")
    _, store = _write_everything(settings, total=200)
    yield settings, store  # type: ignore[misc]
    store.close()


def _through_the_models(store: Store) -> dict[str, list[dict[str, Any]]]:
    def out(value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat()
        return value.isoformat() if isinstance(value, dt.date) else value

    tables = {}
    with store.engine.connect() as connection:
        for table, _ in mapped_tables():
            columns = sorted(table.columns, key=lambda c: not c.primary_key)
            query = select(*columns).order_by(*table.primary_key.columns)
            keys = [c.key for c in columns]
            tables[table.name] = [
                {k: out(v) for k, v in zip(keys, row, strict=True)}
                for row in connection.execute(query)
            ]
    return tables


def test_the_plain_export_holds_what_the_models_hold(everything: tuple[Settings, Store]) -> None:
    _, store = everything
    document = json_format.export_document(store, NOW)
    expected = _through_the_models(store)
    assert list(document["tables"]) == list(expected)  # parents first, as an import needs
    for name, rows in expected.items():
        assert document["tables"][name] == rows, name
        for got, want in zip(document["tables"][name], rows, strict=True):
            assert list(got) == list(want), name  # the key columns first, then the rest
            assert [type(v) for v in got.values()] == [type(v) for v in want.values()], name
    assert sum(map(len, expected.values())) > 150  # some were deleted again


def test_the_command_line_exports_without_sqlalchemy_and_writes_the_same(
    everything: tuple[Settings, Store], tmp_path: Path
) -> None:
    settings, store = everything
    for kind, args in (("json", []), ("markdown", []), ("markdown", ["--stage", "6"])):
        out = tmp_path / f"{kind}{len(args)}"
        done = run_process("export", kind, "--out", str(out), *args, home=settings.data_dir,
                           importtime=True)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        assert not imported(done.stderr) & {"sqlalchemy", "alembic"}, kind
        written = out.read_text(encoding="utf-8")
        if kind == "json":
            exported = json.loads(written)
            assert exported["tables"] == json_format.export_document(store, NOW)["tables"]
        else:
            stage = int(args[1]) if args else None
            by_store = markdown.export_markdown(store, NOW, stage)
            assert written.split("\n", 3)[3] == by_store.split("\n", 3)[3]  # after "Exported"
