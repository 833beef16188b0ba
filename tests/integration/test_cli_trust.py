"""Stages 5 and 6 on the command line: the circle, evidence, person pages, ladder, promises, gut."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from tests.integration.support import Invoke, ok
from trustbridge.cli import context
from trustbridge.services import people
from trustbridge.store import models as m
from trustbridge.store.db import Store

TABLES = (m.Person, m.EvidenceEvent, m.LadderRung, m.SelfPromise, m.BridgePlan, m.GutCheck)


def rows(store: Store) -> dict[str, int]:
    """How many rows each stage 5-6 table holds."""
    with store.sessions() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


def refused(result: object, *messages: str) -> None:
    """A refusal: exit 2, each message on stderr, and the reassurance that nothing was saved."""
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    for message in messages:
        assert message in result.stderr, result.stderr  # type: ignore[attr-defined]
    assert "Nothing was saved" in result.stderr  # type: ignore[attr-defined]


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


ESTIMATES = ("What the evidence says so far", "Recent moments")


@pytest.fixture
def anna(cli: Invoke) -> None:
    ok(cli("person", "add", "--name", "Anna", "--kind", "friend", "--support", "Listening"))


# --- people -----------------------------------------------------------------------------------


def test_person_add_list_json(cli: Invoke, store: Store) -> None:
    out = ok(cli("person", "add", "--name", "Anna", "--kind", "friend", "--notes", "Since school"))
    assert "Added Anna to your circle (number 1)" in out
    ok(cli("person", "add", "--name", "Sam", "--kind", "2"))  # a choice by its number
    listing = ok(cli("person", "list"))
    assert "Anna" in listing and "Sam" in listing and "Family" in listing
    assert "Not enough noted yet" in listing
    data = json.loads(ok(cli("person", "list", "--json", "--limit", "1")))
    assert [d["name"] for d in data] == ["Sam"]
    assert data[0]["kind"] == "family" and data[0]["evidence_count"] == 0
    assert data[0]["overall"]["enough"] is False
    assert rows(store)["people"] == 2


def test_empty_circle_is_gentle(cli: Invoke) -> None:
    assert "No one in your circle yet" in ok(cli("person", "list"))
    assert json.loads(ok(cli("person", "list", "--json"))) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "ANNA", "--kind", "friend"], "Someone in your circle already has that name"),
        (["--name", "Bo"], "Please choose how you are related."),
        (
            ["--name", "Bo", "--kind", "neighbour"],
            "How you are related must be one of: Partner, Family,",
        ),
        (["--name", "", "--kind", "friend"], "Please fill in their name or alias."),
    ],
)
def test_person_add_refusals(
    cli: Invoke, store: Store, anna: None, args: list[str], message: str
) -> None:
    refused(cli("person", "add", *args), message)
    assert rows(store)["people"] == 1


def test_person_show_quick_page(cli: Invoke, anna: None, monkeypatch: pytest.MonkeyPatch) -> None:
    evidence = ["evidence", "add", "--person", "anna", "--dimension", "keeps_promises"]
    ok(cli(*evidence, "--direction", "positive", "--weight", "major", "--note", "Helped me move"))
    ok(cli(*evidence, "--direction", "negative"))

    def not_used(*_: object, **__: object) -> None:
        raise AssertionError("person show without --full must not use the services layer")

    monkeypatch.setattr(people, "person_page", not_used)
    out = ok(cli("person", "show", "ANNA"))
    assert "Anna (number 1): Friend, in your circle since" in out
    assert "Support they give: Listening" in out and "Moments noted: 2" in out
    keeps = section(out, "  Keeps promises", "  Respects boundaries")
    assert "The evidence so far" in keeps and "Moved most by:" in keeps
    assert "built trust (major), which raised it a lot" in keeps and "- Helped me move" in keeps
    assert re.search(r"0 \[-*\|=*\|-*\] 100", keeps)
    assert "points" not in out and "needed" not in out  # words, not numbers
    untouched = "Not enough noted yet: 2 more moments would start to show which way it leans."
    assert untouched in out
    assert "trustbridge person show Anna --json" in out  # where the numbers are
    assert "Keeps promises: cost trust (small)" in section(out, "Recent moments", "This is")
    assert "not a verdict on Anna" in out and "trustbridge person show Anna --full" in out


def test_quick_and_full_paths_show_the_same_estimates(cli: Invoke, anna: None) -> None:
    for dimension, direction, weight in [
        ("keeps_promises", "positive", "significant"),
        ("validates_feelings", "negative", "small"),
        ("validates_feelings", "positive", "major"),
        ("reciprocates_support", "positive", "small"),
    ]:
        ok(cli("evidence", "add", "--person", "Anna", "--dimension", dimension,
               "--direction", direction, "--weight", weight))  # fmt: skip
    quick = ok(cli("person", "show", "Anna"))
    full = ok(cli("person", "show", "1", "--full"))
    assert section(quick, *ESTIMATES) == section(full, *ESTIMATES)
    assert section(quick, "Recent moments", "This is") == section(full, "Recent moments", "This is")
    data = json.loads(ok(cli("person", "show", "Anna", "--json")))
    for estimate in data["estimates"].values():
        assert estimate["description"] in quick


def test_person_show_full_and_json(cli: Invoke, anna: None) -> None:
    ok(
        cli(
            "promise", "add", "--person", "Anna", "--by", "them", "--text", "Call me", "--due", "+3"
        )
    )
    ok(cli("ladder", "add", "--person", "Anna", "--action", "Share my worry", "--risk", "20"))
    ok(cli("gut", "add", "--person", "Anna", "--sense", "She will call", "--confidence", "70"))
    ok(cli("bridge", "Anna", "--what-broke", "A missed birthday", "--cadence-days", "14"))
    out = ok(cli("person", "show", "Anna", "--full"))
    assert "Call me (they promised" in out and ": open" in out
    assert "Share my worry (risk 20/100): planned" in out
    assert "She will call (70% sure): not resolved yet" in out
    assert "What broke: A missed birthday" in out and "Check in every (days): 14" in out
    data = json.loads(ok(cli("person", "show", "Anna", "--json")))
    assert data["person"]["name"] == "Anna" and data["bridge"]["cadence_days"] == 14
    assert [p["text"] for p in data["promises"]] == ["Call me"]
    assert set(data["estimates"]) >= {"keeps_promises", "overall"}


def test_person_show_unknown_is_not_found(cli: Invoke, anna: None) -> None:
    for args in (("person", "show", "Zed"), ("person", "show", "Zed", "--full")):
        result = cli(*args)
        assert result.exit_code == 1 and "There is no one called 'Zed'" in result.stderr


def test_archive_and_bring_back(cli: Invoke, anna: None) -> None:
    assert "Anna is archived" in ok(cli("person", "archive", "Anna"))
    assert "No one in your circle yet" in ok(cli("person", "list"))
    assert "Anna (archived)" in ok(cli("person", "list", "--all"))
    assert "Archived: kept for your records" in ok(cli("person", "show", "Anna"))
    assert "back in your active circle" in ok(cli("person", "archive", "anna", "--undo"))
    assert "Anna" in ok(cli("person", "list"))
    assert cli("person", "archive", "Zed").exit_code == 1


def test_delete_asks_first_or_needs_yes(
    cli: Invoke, store: Store, anna: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("evidence", "add", "--person", "Anna", "--dimension", "1", "--direction", "positive"))
    result = cli("person", "delete", "Anna")
    assert result.exit_code == 2 and "add --yes" in result.stderr
    assert rows(store)["people"] == 1
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    assert "Nothing was deleted" in ok(cli("person", "delete", "Anna", input="n\n"))
    assert rows(store)["people"] == 1
    assert "Deleted Anna" in ok(cli("person", "delete", "Anna", input="y\n"))
    assert rows(store)["people"] == 0 and rows(store)["evidence_events"] == 0


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_add_and_delete(cli: Invoke, store: Store, anna: None) -> None:
    out = ok(cli("evidence", "add", "--person", "Anna", "--dimension", "Validates feelings",
                 "--direction", "positive", "--when", "today"))  # fmt: skip
    assert "Saved this moment (number 1)" in out and "trustbridge person show Anna" in out
    assert "Validates feelings: built trust (small)" in ok(cli("person", "show", "Anna"))
    assert "Deleted moment number 1" in ok(cli("evidence", "delete", "1"))
    assert cli("evidence", "delete", "1").exit_code == 1
    assert rows(store)["evidence_events"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "Zed"], "There is no one called 'Zed' in your circle yet"),
        (["--person", "Anna", "--when", "yesterday"], "That date is before Anna was added"),
        (["--person", "Anna", "--when", "tomorrow"], "When it happened cannot be in the future."),
        (["--person", "Anna", "--weight", "huge"], "How much it mattered must be one of"),
        (["--dimension", "kindness"], "What it says something about must be one of"),
    ],
)
def test_evidence_refusals(
    cli: Invoke, store: Store, anna: None, args: list[str], message: str
) -> None:
    base = {"--person": "Anna", "--dimension": "keeps_promises", "--direction": "negative"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    flat = [part for pair in {**base, **given}.items() for part in pair]
    refused(cli("evidence", "add", *flat), message)
    assert rows(store)["evidence_events"] == 0


def test_evidence_missing_fields_name_their_flags(cli: Invoke, store: Store) -> None:
    refused(
        cli("evidence", "add"),
        "Please fill in who it is with.",
        "--person",
        "--dimension",
        "--direction",
    )
    assert rows(store)["evidence_events"] == 0


# --- vulnerability ladder ---------------------------------------------------------------------


def test_ladder_flow_becomes_evidence(cli: Invoke, store: Store, anna: None) -> None:
    first = ok(cli("ladder", "next"))  # nothing taken yet: start small, with the one person
    assert "around 10/100 risk, with Anna" in first and "when it feels right" in first
    out = ok(cli("ladder", "add", "--person", "Anna", "--action", "Say I felt left out",
                 "--risk", "30", "--planned", "tomorrow"))  # fmt: skip
    assert "Saved ladder step 1" in out and "trustbridge ladder done 1" in out
    listing = ok(cli("ladder", "list"))
    assert "Say I felt left out" in listing and "Anna" in listing
    done = ok(cli("ladder", "done", "1", "--fear", "70", "--response", "hurtful",
                  "--feeling", "Shaky", "--learned", "She was stressed"))  # fmt: skip
    assert "How Anna responded is now part of the evidence" in done
    assert "not about your worth" in done
    [item] = json.loads(ok(cli("ladder", "list", "--json")))
    assert (item["response"], item["fear_before"], item["person"]) == ("hurtful", 70, "Anna")
    page = ok(cli("person", "show", "Anna"))
    assert "Responds well to openness: cost trust (major)" in page
    assert "risk" in ok(cli("ladder", "next")).casefold()
    assert rows(store)["evidence_events"] == 1


def test_ladder_done_at_a_terminal(
    cli: Invoke, store: Store, anna: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("ladder", "add", "--person", "Anna", "--action", "Ask for help", "--risk", "15"))
    monkeypatch.setattr(context, "stdin_is_terminal", lambda: True)
    missing = cli("ladder", "done", "7")  # refused before a single question is asked
    assert missing.exit_code == 1 and "No ladder step with number 7" in missing.stderr
    out = ok(cli("ladder", "done", "1", input="40\n1\nRelieved\n\n\n"))
    assert "1. Supportive" in out and "It went well" in out
    [item] = json.loads(ok(cli("ladder", "list", "--json")))
    assert (item["fear_before"], item["response"], item["feeling_after"]) == (
        40,
        "supportive",
        "Relieved",
    )
    assert "Responds well to openness: built trust (significant)" in ok(
        cli("person", "show", "Anna")
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--action", "Share a worry", "--risk", "20"], "Please fill in who it is with."),
        (["--person", "Zed", "--action", "x", "--risk", "20"], "There is no one called 'Zed'"),
        (
            ["--person", "Anna", "--action", "x", "--risk", "120"],
            "How risky it feels must be a whole number between 0 and 100.",
        ),
        (["--person", "Anna", "--action", "x", "--risk", "a lot"], "must be a whole number"),
    ],
)
def test_ladder_add_refusals(
    cli: Invoke, store: Store, anna: None, args: list[str], message: str
) -> None:
    refused(cli("ladder", "add", *args), message)
    assert rows(store)["ladder_rungs"] == 0


def test_ladder_done_refusals(cli: Invoke, store: Store, anna: None) -> None:
    ok(cli("ladder", "add", "--person", "Anna", "--action", "Share a worry", "--risk", "20"))
    refused(cli("ladder", "done", "1", "--response", "fine"), "How they responded must be one of")
    refused(cli("ladder", "done", "1"), "Please choose how they responded.", "--response")
    refused(cli("ladder", "done", "1", "--response", "neutral", "--when", "yesterday"),
            "That date is before Anna was added")  # fmt: skip
    assert cli("ladder", "done", "9", "--response", "neutral").exit_code == 1
    [item] = json.loads(ok(cli("ladder", "list", "--json")))
    assert item["response"] is None and rows(store)["evidence_events"] == 0


def test_empty_ladder(cli: Invoke) -> None:
    assert "No ladder steps yet" in ok(cli("ladder", "list"))
    assert json.loads(ok(cli("ladder", "list", "--json"))) == []


# --- promises both ways -----------------------------------------------------------------------


def test_their_promises_become_evidence(cli: Invoke, store: Store, anna: None) -> None:
    theirs = ["promise", "add", "--person", "Anna", "--by", "them", "--due", "+7"]
    assert "Saved promise 1" in ok(cli(*theirs, "--text", "Return my book"))
    ok(cli(*theirs, "--text", "Come to dinner"))
    ok(cli("promise", "add", "--person", "Anna", "--by", "me", "--text", "Call", "--due", "+1"))
    broken = ok(cli("promise", "broken", "1"))
    assert "one moment of evidence about Anna, not a verdict" in broken
    assert "in Anna's favour" in ok(cli("promise", "renegotiated", "2"))
    assert "You kept promise 3" in ok(cli("promise", "done", "3"))
    page = ok(cli("person", "show", "Anna"))
    assert "Keeps promises: cost trust (significant)" in page
    assert "Keeps promises: built trust (small)" in page
    assert rows(store)["evidence_events"] == 2  # my own promise is not evidence about them
    listing = ok(cli("promise", "list", "--person", "anna"))
    assert "Return my book" in listing and "not kept" in listing and "renegotiated" in listing
    data = json.loads(ok(cli("promise", "list", "--person", "Anna", "--json")))
    assert {d["made_by"] for d in data} == {"them", "me"}


def test_promises_to_myself_are_unchanged(cli: Invoke, store: Store, anna: None) -> None:
    ok(cli("promise", "add", "--text", "Rest on Sunday", "--due", "+2"))
    ok(cli("promise", "add", "--person", "Anna", "--by", "them", "--text", "Visit", "--due", "+2"))
    listing = ok(cli("promise", "list"))
    assert "Rest on Sunday" in listing and "Visit" not in listing
    assert "renegotiated" in ok(cli("promise", "renegotiated", "1"))
    assert rows(store)["evidence_events"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "them", "--text", "Call", "--due", "+1"], "Please fill in who it is with."),
        (["--person", "Zed", "--by", "them", "--text", "Call", "--due", "+1"], "no one called"),
        (
            ["--person", "Anna", "--text", "Call", "--due", "+1"],
            "Please choose who made the promise.",
        ),
        (["--person", "Anna", "--by", "us", "--text", "x", "--due", "+1"], "must be one of"),
        (
            ["--person", "Anna", "--by", "them", "--text", "Call"],
            "Please fill in the date it is due.",
        ),
    ],
)
def test_promise_with_person_refusals(
    cli: Invoke, store: Store, anna: None, args: list[str], message: str
) -> None:
    refused(cli("promise", "add", *args), message)
    assert rows(store)["self_promises"] == 0


# --- bridge plan ------------------------------------------------------------------------------


def test_bridge_show_set_and_update(cli: Invoke, store: Store, anna: None) -> None:
    assert "No bridge plan with Anna yet" in ok(cli("bridge", "Anna"))
    out = ok(cli("bridge", "anna", "--what-broke", "She forgot my birthday",
                 "--their-expectations", "Patience", "--cadence-days", "14"))  # fmt: skip
    assert "Saved your bridge plan with Anna" in out and "Next check-in:" in out
    updated = ok(cli("bridge", "Anna", "--steps", "Talk on Sundays"))
    assert "She forgot my birthday" in updated and "Talk on Sundays" in updated
    assert "Check in every (days): 14" in updated
    shown = ok(cli("bridge", "Anna"))
    assert "What they expect: Patience" in shown and "Talk on Sundays" in shown
    assert rows(store)["bridge_plans"] == 1


def test_bridge_refusals(cli: Invoke, store: Store, anna: None) -> None:
    refused(
        cli("bridge", "Anna", "--cadence-days", "0"),
        "How many days apart you check in must be a whole number between 1 and 365.",
    )
    refused(
        cli("bridge", "Anna", "--next-checkin", "someday"),
        "The date of the next check-in must be a date, like ",
    )
    unknown = cli("bridge", "Zed", "--steps", "x")
    assert unknown.exit_code == 1 and "There is no one called 'Zed'" in unknown.stderr
    assert rows(store)["bridge_plans"] == 0


# --- gut checks -------------------------------------------------------------------------------


def test_gut_checks_and_calibration(cli: Invoke, store: Store, anna: None) -> None:
    ok(cli("person", "add", "--name", "Sam", "--kind", "colleague"))
    assert "No gut checks yet" in ok(cli("gut", "calibration"))
    for confidence, came_true in [(90, "yes"), (90, "yes"), (60, "no"), (70, "yes"), (80, "no")]:
        out = ok(cli("gut", "add", "--person", "Anna", "--sense", "She will call",
                     "--confidence", str(confidence)))  # fmt: skip
        number = re.search(r"gut check (\d+)", out)
        assert number is not None
        ok(cli("gut", "resolve", number.group(1), "--came-true", came_true))
    ok(cli("gut", "add", "--person", "Sam", "--sense", "He will be late", "--confidence", "75"))
    out = ok(cli("gut", "calibration"))
    assert "All gut checks: 3 of 5 came true." in out and "Brier score:" not in out
    assert "90-100%" in out and "50-59%" in out and "Came true" in out
    assert "Your hunches came true 3 times out of 5." in out  # the summary sentence
    assert "more sure than things turned out" in out
    assert "Anna: 3 of 5 came true." in out
    assert "trustbridge gut calibration --json" in out
    assert "He will be late (75% sure): not resolved yet (Sam)" in out
    data = json.loads(ok(cli("gut", "calibration", "--json")))
    assert data["overall"]["count"] == 5 and round(data["overall"]["brier"], 3) == 0.222
    top = data["overall"]["bands"][-1]
    assert (top["low"], top["count"], top["hit_rate"]) == (90, 2, 1.0)
    assert [p["person"]["name"] for p in data["by_person"]] == ["Anna"]
    assert [c["sense"] for c in data["open"]] == ["He will be late"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "Anna", "--sense", "x", "--confidence", "120"], "between 50 and 100"),
        (["--person", "Anna", "--sense", "x", "--confidence", "30"], "between 50 and 100"),
        (["--person", "Zed", "--sense", "x", "--confidence", "70"], "There is no one called"),
        (["--sense", "x", "--confidence", "70"], "Please fill in who it is with."),
    ],
)
def test_gut_add_refusals(
    cli: Invoke, store: Store, anna: None, args: list[str], message: str
) -> None:
    refused(cli("gut", "add", *args), message)
    assert rows(store)["gut_checks"] == 0


def test_gut_resolve_refusals(cli: Invoke, anna: None) -> None:
    ok(cli("gut", "add", "--person", "Anna", "--sense", "x", "--confidence", "70"))
    refused(cli("gut", "resolve", "1", "--came-true", "maybe"), "must be yes or no")
    refused(
        cli("gut", "resolve", "1"),
        "Please choose whether it turned out as you sensed.",
        "--came-true",
    )
    assert cli("gut", "resolve", "5", "--came-true", "yes").exit_code == 1
    assert "not resolved yet" in ok(cli("gut", "calibration"))
