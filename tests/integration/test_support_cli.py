"""The support map on the command line: add, list (with gentle gap hints), JSON and delete."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.integration.support import Invoke, ok
from trustbridge.store import models as m
from trustbridge.store.db import Store


def count(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(m.SupportContact)) or 0


def test_add_list_json_and_gaps(cli: Invoke, store: Store) -> None:
    empty = ok(cli("support", "list"))
    assert "empty so far" in empty and "No one yet for practical help" in empty
    ok(cli("person", "add", "--name", "Anna", "--kind", "friend"))
    out = ok(cli("support", "add", "--name", "Anna", "--kind", "person", "--person", "anna",
                 "--helps-with", "listening,practical", "--how-to-reach", "evenings"))  # fmt: skip
    assert "number 1" in out
    ok(cli("support", "add", "--name", "Tuesday group", "--kind", "2", "--helps-with", "Advice"))
    listing = ok(cli("support", "list"))
    assert "Anna" in listing and "Tuesday group" in listing and "A group" in listing
    assert "practical help" not in listing.split("room for more")[1]
    assert "No one yet for company and fun" in listing
    data = json.loads(ok(cli("support", "list", "--json")))
    assert [(d["kind"], d["helps_with"], d["person"]) for d in data] == [
        ("person", ["listening", "practical"], "Anna"),
        ("group", ["advice"], None),
    ]
    assert data[0]["owner_id"] is None and data[0]["shared"] is False
    assert count(store) == 2


def test_refusals_name_the_field(cli: Invoke, store: Store) -> None:
    nobody = cli("support", "add", "--name", "Bo", "--kind", "person", "--person", "Bo")
    assert nobody.exit_code == 2 and "no one called 'Bo'" in nobody.stderr
    kind = cli("support", "add", "--name", "Bo", "--kind", "cousin")
    assert kind.exit_code == 2 and "must be one of" in kind.stderr
    missing = cli("--no-input", "support", "add", "--kind", "coach")
    assert missing.exit_code == 2 and "name" in missing.stderr
    assert count(store) == 0


def test_delete_asks_first(cli: Invoke, store: Store, terminal: None) -> None:
    ok(cli("support", "add", "--name", "Coach Lee", "--kind", "coach", "--helps-with", "growth",
           "--how-to-reach", ""))  # fmt: skip
    refused = cli("--no-input", "support", "delete", "1")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    kept = ok(cli("support", "delete", "1", input="n\n"))
    assert "Nothing was removed" in kept and count(store) == 1
    gone = ok(cli("support", "delete", "1", input="y\n"))
    assert "Removed Coach Lee" in gone and count(store) == 0
    assert cli("support", "delete", "1", "--yes").exit_code != 0


def test_crisis_words_get_the_notice(cli: Invoke) -> None:
    out = ok(cli("support", "add", "--name", "Night line", "--kind", "crisis_line",
                 "--how-to-reach", "when I want to kill myself"))  # fmt: skip
    assert "trustbridge help-now" in out and "safely saved" in out
