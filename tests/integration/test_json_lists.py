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


#: lists of stage 5-7 records: (how to add one after Sam joined the circle, the listing, a key
#: and the value it must hold)
WITH_SOMEONE = [
    (["evidence", "add", "--person", "Sam", "--dimension", "keeps_promises", "--direction",
      "positive"], ["evidence", "list"], "person", "Sam"),
    (["evidence", "add", "--person", "Sam", "--dimension", "keeps_promises", "--direction",
      "positive"], ["evidence", "list", "--person", "1"], "dimension", "keeps_promises"),
    (["gut", "add", "--person", "Sam", "--sense", "She calls", "--confidence", "60"],
     ["gut", "list"], "sense", "She calls"),
    (["balance", "add", "--alone", "60", "--connected", "30"], ["balance", "list"],
     "alone_minutes", 60),
    (["istatement", "--feel", "tense", "--when", "plans change", "--need", "notice"],
     ["istatement", "list"], "need", "notice"),
]  # fmt: skip


@pytest.mark.parametrize(("add", "listing", "key", "value"), WITH_SOMEONE)
def test_stage_lists_as_json_with_numbers(
    cli: Invoke, add: list[str], listing: list[str], key: str, value: object
) -> None:
    ok(cli("person", "add", "--name", "Sam", "--kind", "friend"))
    assert json.loads(ok(cli(*listing, "--json"))) == []
    ok(cli(*add))
    [item] = json.loads(ok(cli(*listing, "--json")))
    assert item[key] == value and item["id"] == 1
    assert "1" in ok(cli(*listing))  # the table shows the number an edit asks for


def test_an_empty_list_says_how_to_start(cli: Invoke) -> None:
    assert "trustbridge evidence add" in ok(cli("evidence", "list"))
    assert "trustbridge gut add" in ok(cli("gut", "list"))
    assert "trustbridge balance add" in ok(cli("balance", "list"))
    missing = cli("evidence", "list", "--person", "Nobody")
    assert missing.exit_code == 1 and "no one called 'Nobody'" in missing.stderr
