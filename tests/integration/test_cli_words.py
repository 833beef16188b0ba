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


def test_a_name_of_two_words_needs_no_quotes_and_a_part_of_it_is_suggested(
    cli: Invoke, store: Store
) -> None:
    ok(cli("--no-input", "person", "add", "Sam", "Rivera", "--kind", "friend"))
    assert "Sam Rivera (number 1)" in ok(cli("person", "show", "sam", "rivera"))
    unknown = cli("person", "show", "Sam")
    assert unknown.exit_code == 1
    assert "no one called 'Sam'" in unknown.stderr
    assert "Did you mean 'Sam Rivera'?" in unknown.stderr
    assert "person list" in unknown.stderr
    # the same suggestion where a form names someone
    refused = cli("--no-input", "gut", "add", "--person", "rivera", "--sense", "x",
                  "--confidence", "70")  # fmt: skip
    assert refused.exit_code == 2 and "Did you mean 'Sam Rivera'?" in refused.stderr
    nobody = cli("person", "show", "Zed")
    assert "Did you mean" not in nobody.stderr


def test_the_web_pages_words_name_their_commands_too(cli: Invoke) -> None:
    assert ok(cli("stages")) == ok(cli("program"))
    ok(cli("--no-input", "person", "add", "Sam", "--kind", "friend"))
    assert ok(cli("people", "list")) == ok(cli("person", "list"))
