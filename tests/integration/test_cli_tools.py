"""Stage 1 and 2 commands: journal, hurts, patterns, thought records, beliefs, the checklist."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.integration.support import Invoke, ok
from trustbridge.cli.app import app
from trustbridge.config import Settings
from trustbridge.services import entries, selfwork
from trustbridge.store.db import Store

# --- journal --------------------------------------------------------------------------------


def test_journal_add_list_show_json(cli: Invoke, store: Store) -> None:
    assert "Saved your journal entry (number 1)" in ok(
        cli("journal", "add", "--title", "Sunday", "--body", "Long walk\nQuiet evening")
    )
    listing = ok(cli("journal", "list"))
    assert "Sunday" in listing and "#" in listing
    shown = ok(cli("journal", "show", "1"))
    assert "Title: Sunday" in shown and "    Long walk" in shown and "    Quiet evening" in shown
    [item] = json.loads(ok(cli("journal", "list", "--json")))
    assert (
        item["id"] == 1 and item["title"] == "Sunday" and item["body"] == "Long walk\nQuiet evening"
    )
    assert [r.title for r in entries.recent(store, "journal")] == ["Sunday"]


def test_empty_list_is_gentle(cli: Invoke) -> None:
    assert "Nothing here yet" in ok(cli("journal", "list"))
    assert json.loads(ok(cli("journal", "list", "--json"))) == []


def test_list_limit(cli: Invoke) -> None:
    for n in range(5):
        ok(cli("journal", "add", "--body", f"entry {n}"))
    assert len(json.loads(ok(cli("journal", "list", "--json", "--limit", "3")))) == 3
    assert cli("journal", "list", "--limit", "0").exit_code == 2


def test_journal_asks_for_missing_fields_at_a_terminal(
    cli: Invoke, store: Store, terminal: None
) -> None:
    out = ok(cli("journal", "add", input="\nIt was a hard day\n"))
    assert "press Enter to skip" in out and "What is on your mind" in out
    [row] = entries.recent(store, "journal")
    assert (row.title, row.body) == (None, "It was a hard day")


def test_a_bad_answer_is_asked_again(cli: Invoke, store: Store, terminal: None) -> None:
    result = cli(
        "hurt",
        "add",
        "--what-happened",
        "Forgotten at school",
        input="\n1850-01-01\n2001-09-01\nnope\n4\n\n\n",
    )
    out = ok(result)
    assert "When it happened must be on or after Monday 1 January 1900." in result.stderr
    assert "one of the numbers or names shown" in result.stderr
    assert "4. Neglect" in out
    [row] = entries.recent(store, "hurt_inventory")
    assert (row.kind, row.occurred_on.isoformat(), row.who) == ("neglect", "2001-09-01", None)


def test_no_input_never_asks(cli: Invoke, store: Store, terminal: None, settings: Settings) -> None:
    result = CliRunner().invoke(
        app, ["--home", str(settings.data_dir), "--no-input", "journal", "add"]
    )
    assert result.exit_code == 2
    assert "Please fill in what is on your mind." in result.stderr and "--body" in result.stderr
    assert entries.counts(store)["journal"] == 0


# --- hurt inventory -------------------------------------------------------------------------


def test_hurt_add_list_show(cli: Invoke, store: Store) -> None:
    ok(
        cli(
            "hurt",
            "add",
            "--what-happened",
            "Nobody came to my recital",
            "--who",
            "Mum",
            "--when",
            "1998-06-01",
            "--kind",
            "neglect",
            "--belief",
            "I don't matter",
        )
    )
    assert "Nobody came to my recital" in ok(cli("hurt", "list"))
    shown = ok(cli("hurt", "show", "1"))
    assert (
        "What kind of hurt: Neglect" in shown
        and "1 Jun 1998" in shown
        and "Who was involved: Mum" in shown
    )
    [item] = json.loads(ok(cli("hurt", "list", "--json")))
    assert item["occurred_on"] == "1998-06-01" and item["kind"] == "neglect"
    assert cli("hurt", "show", "2").exit_code == 1


def test_hurt_kind_must_be_known(cli: Invoke, store: Store) -> None:
    result = cli("hurt", "add", "--what-happened", "x", "--kind", "meanness")
    assert (
        result.exit_code == 2
        and "What kind of hurt it was must be one of: Betrayal," in result.stderr
    )
    assert entries.counts(store)["hurt_inventory"] == 0


# --- pattern journal ------------------------------------------------------------------------


def test_pattern_add_and_list(cli: Invoke, store: Store) -> None:
    ok(
        cli(
            "pattern",
            "add",
            "--situation",
            "We argued about plans",
            "--pattern",
            "withdraw",
            "--feeling",
            "scared",
        )
    )
    listing = ok(cli("pattern", "list"))
    assert "We argued about plans" in listing and "Pull away or go quiet" in listing
    [item] = json.loads(ok(cli("pattern", "list", "--json")))
    assert item["pattern"] == "withdraw" and item["feeling"] == "scared"
    bad = cli("pattern", "add", "--situation", "x", "--pattern", "sulk")
    assert bad.exit_code == 2 and "What you did out of habit must be one of:" in bad.stderr


def test_pattern_asks_with_numbered_choices(cli: Invoke, store: Store, terminal: None) -> None:
    out = ok(cli("pattern", "add", "--situation", "Late text", input="2\n\n\n"))
    assert "1. Pull away or go quiet (withdraw)" in out
    assert [r.pattern for r in entries.recent(store, "pattern_journal")] == ["argue"]


# --- thought records ------------------------------------------------------------------------

THOUGHT = [
    "thought", "add",
    "--situation", "My friend did not reply for two days",
    "--thought", "They are tired of me",
    "--emotion", "anxious:80", "--emotion", "sad:40",
    "--rerate", "Anxious:35",
    "--distortion", "mind_reading", "--distortion", "fortune_telling",
    "--evidence-for", "They were short with me last week",
    "--evidence-against", "They said they were swamped at work",
    "--friend", "One slow reply is not a verdict",
    "--balanced", "They are busy; I can ask how they are",
]  # fmt: skip


def test_thought_record_maps_flags_onto_fields(cli: Invoke, store: Store) -> None:
    assert "Saved your thought record" in ok(cli(*THOUGHT))
    [row] = entries.recent(store, "thought_record")
    assert row.emotions == [
        {"name": "anxious", "intensity": 80, "rerated": 35},
        {"name": "sad", "intensity": 40, "rerated": None},
    ]
    assert row.distortions == "mind_reading,fortune_telling"
    assert row.friend_view == "One slow reply is not a verdict"
    assert row.balanced_thought.startswith("They are busy")
    assert "anxious 80 -> 35, sad 40" in ok(cli("thought", "list"))
    shown = ok(cli("thought", "show", str(row.id)))
    assert "Mind reading, Fortune telling" in shown and "anxious: 80 at the time, 35 after" in shown
    [item] = json.loads(ok(cli("thought", "list", "--json")))
    assert item["distortions"] == ["mind_reading", "fortune_telling"]
    assert item["emotions"][0] == {"name": "anxious", "intensity": 80, "rerated": 35}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--emotion", "anxious"], "--emotion should look like NAME:INTENSITY"),
        (
            ["--emotion", "a:1", "--emotion", "b:2", "--emotion", "c:3", "--emotion", "d:4"],
            "up to 3 emotions",
        ),
        (["--emotion", "a:10", "--rerate", "b:5"], "Re-rated emotion 'b' is not one of"),
        (
            ["--emotion", "a:lots"],
            "How strong emotion 1 was must be a whole number between 0 and 100.",
        ),
        (
            ["--emotion", "a:10", "--distortion", "gloom"],
            "The thinking traps you notice must be one of: All-or-nothing thinking,",
        ),
        ([], "Please fill in emotion 1."),
    ],
)
def test_thought_record_errors(cli: Invoke, store: Store, extra: list[str], message: str) -> None:
    result = cli("thought", "add", "--situation", "s", "--thought", "t", *extra)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert entries.counts(store)["thought_record"] == 0


def test_thought_record_guided_skips_unused_emotion_slots(
    cli: Invoke, store: Store, terminal: None
) -> None:
    answers = [
        "Late reply",
        "They hate me",
        "worried",
        "70",
        "",
        "",
        "",
        "",
        "Slow replies happen",
        "",
        "40",
    ]
    out = ok(cli("thought", "add", input="\n".join(answers) + "\n"))
    assert "Emotion 2" in out and "Emotion 3" not in out and "Intensity 2" not in out
    assert out.index("A more balanced thought") < out.index("Intensity 1 now")
    [row] = entries.recent(store, "thought_record")
    assert row.emotions == [{"name": "worried", "intensity": 70, "rerated": 40}]
    assert row.friend_view == "Slow replies happen" and row.distortions == ""


# --- belief tracker -------------------------------------------------------------------------


def test_belief_add_rate_list_show(cli: Invoke, store: Store) -> None:
    ok(
        cli(
            "belief",
            "add",
            "--statement",
            "I have to handle everything alone",
            "--believability",
            "90",
        )
    )
    assert "feels 60/100 true" in ok(
        cli("belief", "rate", "1", "--believability", "60", "--note", "Asked for help once")
    )
    listing = ok(cli("belief", "list"))
    assert "I have to handle everything alone" in listing and "60" in listing and "90" in listing
    shown = ok(cli("belief", "show", "1"))
    assert "Asked for help once" in shown and "Trend:" in shown
    [item] = json.loads(ok(cli("belief", "list", "--json")))
    assert [r["believability"] for r in item["ratings"]] == [90, 60]
    loaded = entries.get(store, "belief_tracker", 1)
    assert [r.believability for r in loaded.ratings] == [90, 60]


def test_belief_errors(cli: Invoke, store: Store) -> None:
    assert cli("belief", "add", "--statement", "x", "--believability", "101").exit_code == 2
    ok(cli("belief", "add", "--statement", "x", "--believability", "50"))
    missing = cli("belief", "rate", "7", "--believability", "10")
    assert missing.exit_code == 1 and "No belief" in missing.stderr
    bad = cli("belief", "rate", "1", "--believability", "-4")
    assert bad.exit_code == 2 and "between 0 and 100" in bad.stderr
    assert len(entries.get(store, "belief_tracker", 1).ratings) == 1


# --- learned-beliefs checklist --------------------------------------------------------------


def test_beliefs_check_shows_and_marks(cli: Invoke, store: Store) -> None:
    shown = ok(cli("beliefs-check"))
    assert "[ ]  1." in shown and "--mark" in shown
    marked = ok(cli("beliefs-check", "--mark", "1", "--mark", "people_leave"))
    assert "2 of" in marked and "[x]  1." in marked
    marks = selfwork.learned_beliefs(store)
    assert sum(marks.values()) == 2 and marks["people_leave"]
    ok(cli("beliefs-check", "--clear"))
    assert sum(selfwork.learned_beliefs(store).values()) == 0


def test_beliefs_check_unknown_item(cli: Invoke, store: Store) -> None:
    result = cli("beliefs-check", "--mark", "everyone_is_bad")
    assert result.exit_code == 2 and "There is no belief 'everyone_is_bad'" in result.stderr
    assert selfwork.learned_beliefs(store) == {}
