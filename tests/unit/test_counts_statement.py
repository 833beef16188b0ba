"""``rows.counts`` works its statement out once per set of counts: the statement and the
parameters it sends are those built clause by clause for each call, with or without an
account to narrow to."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from trustbridge.services import entry_rows, program
from trustbridge.store import rows

ALL = entry_rows.counted() | program.OTHER_TOOLS


class Recording:
    def __init__(self, owner: int | None) -> None:
        self.owner = owner
        self.sent: tuple[str, tuple[object, ...]] = ("", ())

    def execute(self, sql: str, params: tuple[object, ...]) -> None:
        self.sent = (sql, params)

    def fetchall(self) -> list[tuple[int, ...]]:
        return [tuple(range(self.sent[0].count("(SELECT ")))]


def clause_by_clause(cursor: Any, wanted: dict[str, tuple[str, str, str]]) -> tuple[str, tuple]:
    parts, params = [], []
    for table, expression, condition in wanted.values():
        where, values = rows.owned(cursor, table, condition)
        parts.append(f"(SELECT {expression} FROM {table}{where})")
        params += values
    return "SELECT " + ", ".join(parts), tuple(params)


@given(
    keys=st.lists(st.sampled_from(sorted(ALL)), min_size=1, unique=True),
    owner=st.none() | st.integers(1, 10**6),
)
def test_the_kept_statement_is_the_one_built_each_time(keys: list[str], owner: int | None) -> None:
    wanted = {key: ALL[key] for key in keys}
    cursor = Recording(owner)
    found = rows.counts(cursor, wanted)
    assert cursor.sent == clause_by_clause(Recording(owner), wanted)
    assert list(found) == keys
