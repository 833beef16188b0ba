"""Every listing command speaks JSON with ``--json``: it parses, and it holds the entries listed."""

from __future__ import annotations

import json

import pytest

from tests.integration.support import Invoke, ok

#: (how to add one entry, the listing command, a key and the value it must hold)
LISTS = [
    (["checkin", "--mood", "3"], ["checkin", "list"], "mood", 3),
    (["journal", "add", "--body", "A day"], ["journal", "list"], "body", "A day"),
    (["hurt", "add", "--what-happened", "Left", "--kind", "neglect"], ["hurt", "list"], "kind",
     "neglect"),
    (["pattern", "add", "--situation", "s", "--pattern", "withdraw"], ["pattern", "list"],
     "pattern", "withdraw"),
    (["thought", "add", "--situation", "s", "--thought", "t", "--emotion", "sad:50"],
     ["thought", "list"], "automatic_thought", "t"),
    (["belief", "add", "--statement", "B", "--believability", "40"], ["belief", "list"],
     "statement", "B"),
    (["promise", "add", "--text", "Rest", "--due", "tomorrow"], ["promise", "list"], "text",
     "Rest"),
    (["affirm", "add", "--text", "I may rest"], ["affirm", "list"], "text", "I may rest"),
    (["habit", "add", "--sleep", "7"], ["habit", "list"], "sleep_hours", 7.0),
    (["person", "add", "--name", "Sam", "--kind", "friend"], ["person", "list"], "name", "Sam"),
]  # fmt: skip


@pytest.mark.parametrize(("add", "listing", "key", "value"), LISTS)
def test_listing_as_json(
    cli: Invoke, add: list[str], listing: list[str], key: str, value: object
) -> None:
    assert json.loads(ok(cli(*listing, "--json"))) in ([], {}) or listing[0] == "person"
    added = cli(*add)
    assert added.exit_code == 0, added.output
    found = json.loads(ok(cli(*listing, "--json")))
    items = (
        found if isinstance(found, list) else next(v for v in found.values() if isinstance(v, list))
    )
    assert any(item.get(key) == value for item in items), found


def test_backup_list_as_json(cli: Invoke) -> None:
    ok(cli("backup", "now"))
    found = json.loads(ok(cli("backup", "list", "--json")))
    assert isinstance(found, list | dict) and found
