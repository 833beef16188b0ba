"""The self-check, self-empathy and the mindful pause: still one command each, now with
``list``, ``show`` (where an entry has words) and ``edit ID`` beside it, as every tool has."""

from __future__ import annotations

import json

from tests.integration.support import Invoke

SIGNS = (
    "self_doubt", "emotions_hard_to_steady", "harsh_inner_critic", "fear_of_openness",
    "avoid_emotional_moments", "doubt_my_gut", "need_reassurance", "numbness",
    "hard_to_get_close", "anxious_and_tense",
)  # fmt: skip


def test_self_empathy_is_listed_shown_and_edited(cli: Invoke) -> None:
    steps = ["--situation", "A hard call with my dad", "--acknowledge", "It stung",
             "--reflect", "I wanted to be heard", "--validate", "Anyone would feel that",
             "--be-kind", "Tea and a walk", "--challenge", "Ask again calmly"]  # fmt: skip
    assert cli("--no-input", "empathy", *steps).exit_code == 0
    listed = json.loads(cli("empathy", "list", "--json").output)
    assert [e["situation"] for e in listed] == ["A hard call with my dad"]
    edited = cli("--no-input", "empathy", "edit", str(listed[0]["id"]), "--reflect", "Heard")
    assert edited.exit_code == 0 and "Saved your changes" in edited.output
    assert "Heard" in cli("empathy", "show", str(listed[0]["id"])).output


def test_the_self_check_is_listed_and_edited_and_its_score_follows(cli: Invoke) -> None:
    answers = [a for key in SIGNS for a in ("--answer", f"{key}=2")]
    assert "50/100" in cli("--no-input", "selfcheck", *answers).output
    listed = json.loads(cli("selfcheck", "list", "--json").output)
    assert (
        cli("--no-input", "selfcheck", "edit", str(listed[0]["id"]), "--numbness", "4").exit_code
        == 0
    )
    again = json.loads(cli("selfcheck", "list", "--json").output)
    assert again[0]["answers"]["numbness"] == 4 and again[0]["score"] == 45
    assert "45/100" in cli("selfcheck", "list").output


def test_editing_an_entry_that_is_not_there_says_so(cli: Invoke) -> None:
    for group in ("empathy", "selfcheck", "pause"):
        result = cli("--no-input", group, "edit", "7")
        assert result.exit_code != 0 and "number 7" in result.output + result.stderr
