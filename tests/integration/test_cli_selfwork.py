"""Stage 3 and 4 commands: self-check, promises, self-empathy, affirmations, habits, pause."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.integration.support import Invoke, ok
from trustbridge.cli import compassion, context
from trustbridge.services import entries
from trustbridge.services.catalog import tool_specs
from trustbridge.store.db import Store


def signs() -> list[str]:
    return [f.name for f in tool_specs()["safety_selfcheck"].fields]


def answers(level: int) -> list[str]:
    return [part for key in signs() for part in ("--answer", f"{key}={level}")]


# --- emotional-safety self-check ------------------------------------------------------------


def test_selfcheck_scores_compares_and_trends(cli: Invoke, store: Store) -> None:
    first = ok(cli("selfcheck", *answers(3)))
    assert "25/100" in first and "first self-check" in first
    second = ok(cli("selfcheck", *answers(1)))
    assert "75/100" in second and "Last time" in second and "25/100" in second
    assert [c.score for c in entries.recent(store, "safety_selfcheck")] == [75, 25]
    history = ok(cli("selfcheck", "--history"))
    assert "25/100" in history and "75/100" in history
    data = json.loads(ok(cli("selfcheck", "--history", "--json")))
    assert [d["score"] for d in data] == [25, 75] and data[0]["answers"][signs()[0]] == 3
    newest = json.loads(ok(cli("selfcheck", "--history", "--json", "--limit", "1")))
    assert [d["score"] for d in newest] == [75]


def test_selfcheck_accepts_numbers_and_words(cli: Invoke, store: Store) -> None:
    given = [f"{n}={'often' if n % 2 else 0}" for n in range(1, len(signs()) + 1)]
    ok(cli("selfcheck", *[p for g in given for p in ("--answer", g)]))
    [check] = entries.recent(store, "safety_selfcheck")
    assert check.answers[signs()[0]] == 3 and check.answers[signs()[1]] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--answer", "self_doubt=2"], "Still missing"),
        (["--answer", "self_doubt"], "Answers look like KEY=0..4"),
        (["--answer", "gloom=2"], "There is no sign called 'gloom'"),
    ],
)
def test_selfcheck_errors(cli: Invoke, store: Store, args: list[str], message: str) -> None:
    result = cli("selfcheck", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert entries.counts(store)["safety_selfcheck"] == 0


def test_selfcheck_out_of_range_answer(cli: Invoke, store: Store) -> None:
    result = cli("selfcheck", *answers(2)[:-1], f"{signs()[-1]}=7")
    assert (
        result.exit_code == 2
        and "must be one of: Never, Rarely, Sometimes, Often or Almost always." in result.stderr
    )
    assert entries.counts(store)["safety_selfcheck"] == 0


def test_selfcheck_asks_each_sign_at_a_terminal(cli: Invoke, store: Store, terminal: None) -> None:
    out = ok(cli("selfcheck", "--answer", "1=4", input="0\n" * (len(signs()) - 1)))
    assert "not a diagnosis" in out and "0. Never" in out and "4. Almost always" in out
    [check] = entries.recent(store, "safety_selfcheck")
    assert check.score == 90


def test_selfcheck_history_when_empty(cli: Invoke) -> None:
    assert "No self-checks yet" in ok(cli("selfcheck", "--history"))


# --- promises to myself ---------------------------------------------------------------------


def test_promises_flow(cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(cli("promise", "add", "--text", "Go to bed by eleven", "--due", "tomorrow"))
    ok(cli("promise", "add", "--text", "Walk at lunch", "--due", "+3"))
    ok(cli("promise", "add", "--text", "Say no to one extra task", "--due", "today"))
    listing = ok(cli("promise", "list"))
    assert "Go to bed by eleven" in listing and "due today" in listing
    assert "Once you mark promises" in listing
    assert "You kept promise 1" in ok(cli("promise", "done", "1"))
    assert "That is okay" in ok(cli("promise", "broken", "2"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    monkeypatch.setattr(context, "now", lambda: later)
    listing = ok(cli("promise", "list"))
    assert "Say no to one extra task" in listing and "overdue" in listing
    assert "Go to bed" not in listing
    assert "You kept 1 of the 2 promises you settled (50%)" in listing
    data = json.loads(ok(cli("promise", "list", "--json")))
    assert {d["status"] for d in data} == {"open", "kept", "broken"}


def test_promise_errors(cli: Invoke, store: Store) -> None:
    missing = cli("promise", "add", "--text", "Rest")
    assert (
        missing.exit_code == 2
        and "Please fill in the date it is due." in missing.stderr
        and "--due" in missing.stderr
    )
    past = cli("promise", "add", "--text", "Rest", "--due", "2001-01-01")
    assert past.exit_code == 2 and "The date it is due cannot be in the past." in past.stderr
    assert entries.counts(store)["self_promises"] == 0
    nothing = cli("promise", "done", "9")
    assert nothing.exit_code == 1 and "No promise with number 9" in nothing.stderr
    assert cli("promise", "done", "abc").exit_code == 2


def test_no_open_promises(cli: Invoke) -> None:
    assert "No open promises" in ok(cli("promise", "list"))


# --- self-empathy ---------------------------------------------------------------------------


def test_empathy_with_flags(cli: Invoke, store: Store) -> None:
    out = ok(
        cli(
            "empathy",
            "--situation",
            "Snapped at work",
            "--acknowledge",
            "I feel ashamed",
            "--be-kind",
            "Anyone would be tired",
        )
    )
    assert "Thank you for being kind to yourself" in out
    [row] = entries.recent(store, "self_empathy")
    assert (row.acknowledge, row.be_kind, row.reflect) == (
        "I feel ashamed",
        "Anyone would be tired",
        None,
    )


def test_empathy_guided_five_steps(cli: Invoke, store: Store, terminal: None) -> None:
    out = ok(
        cli("empathy", input="Left out of plans\nHurt\nOld memories\nIt makes sense\nBe gentle\n\n")
    )
    for n, name in enumerate(
        ("Acknowledge", "Reflect", "Validate", "Be kind", "Challenge"), start=1
    ):
        assert f"Step {n} of 5: {name}" in out
    [row] = entries.recent(store, "self_empathy")
    assert (row.situation, row.acknowledge, row.be_kind, row.challenge) == (
        "Left out of plans",
        "Hurt",
        "Be gentle",
        None,
    )


def test_empathy_needs_the_first_step(cli: Invoke, store: Store) -> None:
    result = cli("empathy", "--situation", "x")
    assert result.exit_code == 2 and "--acknowledge" in result.stderr
    assert entries.counts(store)["self_empathy"] == 0


# --- affirmations ---------------------------------------------------------------------------


def test_affirmations(cli: Invoke, store: Store) -> None:
    starter = ok(cli("affirm", "today"))
    assert "A starter" in starter
    ok(cli("affirm", "add", "--text", "I am allowed to rest"))
    assert "I am allowed to rest" in ok(cli("affirm", "list"))
    today = ok(cli("affirm", "today"))
    assert today.strip() == "I am allowed to rest"
    assert json.loads(ok(cli("affirm", "list", "--json")))[0]["active"] is True
    assert cli("affirm", "add", "--text", "  ").exit_code == 2


# --- habits ---------------------------------------------------------------------------------


def test_habits(cli: Invoke, store: Store) -> None:
    ok(
        cli(
            "habit",
            "add",
            "--sleep",
            "7.5",
            "--movement",
            "30",
            "--food",
            "4",
            "--note",
            "Good day",
        )
    )
    ok(cli("habit", "add", "--day", "yesterday", "--creative", "20"))
    [newest, older] = entries.recent(store, "habits")
    assert older.day - newest.day == dt.timedelta(days=1)  # the second one was for yesterday
    assert (older.sleep_hours, newest.sleep_hours, newest.creative_minutes) == (7.5, None, 20)
    listing = ok(cli("habit", "list"))
    assert "7.5 h" in listing and "30 min" in listing and "4/5" in listing
    data = json.loads(ok(cli("habit", "list", "--json")))
    assert {d["day"] for d in data} == {newest.day.isoformat(), older.day.isoformat()}


def test_habit_errors(cli: Invoke, store: Store) -> None:
    bad = cli("habit", "add", "--food", "9", "--sleep", "30")
    assert bad.exit_code == 2
    assert "How well you ate must be a whole number between 1 and 5." in bad.stderr
    assert "Your hours of sleep must be a number between 0 and 24." in bad.stderr
    assert cli("habit", "add", "--day", "2999-01-01").exit_code == 2
    assert entries.counts(store)["habits"] == 0


# --- mindful pause --------------------------------------------------------------------------


def test_pause_logs_when_completed(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    waited: list[float] = []
    monkeypatch.setattr(compassion, "tick", waited.append)
    out = ok(cli("pause", "--minutes", "0.25"))
    assert "Your pause is complete" in out
    assert len(waited) == 15
    assert [p.seconds for p in entries.recent(store, "mindful_pause")] == [15]


def test_pause_stopped_with_ctrl_c_logs_nothing(
    cli: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(compassion, "tick", interrupt)
    out = ok(cli("pause"))
    assert "Pause stopped. Nothing was logged" in out
    assert entries.counts(store)["mindful_pause"] == 0


def test_pause_length_is_checked(cli: Invoke, store: Store) -> None:
    for minutes in ("0.05", "90"):
        result = cli("pause", "--minutes", minutes)
        assert result.exit_code == 2 and "10 seconds to 60 minutes" in result.stderr
    assert entries.counts(store)["mindful_pause"] == 0
