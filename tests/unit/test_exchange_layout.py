"""The tables a restore writes without the ORM (``exchange.layout``) are the models' own.

The layout is kept as plain values so that ``import json`` need not load SQLAlchemy; it is
made from the models and must never drift from them: after a change to the models,
``python -m trustbridge.exchange.tables`` writes it again (then ``ruff format``)."""

from __future__ import annotations

from trustbridge.exchange import json_restore, layout
from trustbridge.exchange.tables import described, mapped_tables
from trustbridge.store.schema import HEAD_REVISION


def test_the_kept_layout_is_what_the_models_give() -> None:
    assert described() == (layout.REVISION, layout.TABLES)
    assert layout.REVISION == HEAD_REVISION


def test_tables_come_parents_first_as_the_models_list_them() -> None:
    assert list(layout.TABLES) == [table.name for table, _ in mapped_tables()]


def test_each_insert_names_every_column_of_its_table_once() -> None:
    for table, _ in mapped_tables():
        sql, _values = json_restore.insert_statement(table.name)
        named = sql.split("(", 1)[1].split(")", 1)[0]
        assert [name.strip().strip('"') for name in named.split(",")] == [
            column.key for column in table.columns
        ]
        assert sql.count("?") == len(table.columns)
