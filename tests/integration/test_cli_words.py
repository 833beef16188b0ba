"""Text written straight after the command, as jrnl takes it: ``journal add Today was hard``."""

from __future__ import annotations

from tests.integration.support import Invoke, ok
from trustbridge.services import entries, people
from trustbridge.store.db import Store


def test_journal_add_takes_the_words_after_the_command(cli: Invoke, store: Store) -> None:
    ok(cli("--no-input", "journal", "add", "Today", "was", "hard,", "then", "tea", "--title", "T"))
    [entry] = entries.recent(store, "journal")
    assert entry.body == "Today was hard, then tea" and entry.title == "T"


def test_person_add_takes_the_name_after_the_command(cli: Invoke, store: Store) -> None:
    ok(cli("--no-input", "person", "add", "Sam", "Rivera", "--kind", "friend"))
    assert [p.name for p in people.active_people(store)] == ["Sam Rivera"]


def test_the_same_text_given_twice_is_refused_and_nothing_saved(cli: Invoke, store: Store) -> None:
    refused = cli("--no-input", "journal", "add", "one", "--body", "two")
    assert refused.exit_code == 2 and "--body" in refused.stderr
    assert entries.recent(store, "journal") == []
    twice = cli("--no-input", "person", "add", "Sam", "--name", "Alex")
    assert twice.exit_code == 2 and "--name" in twice.stderr
    assert people.active_people(store) == []
