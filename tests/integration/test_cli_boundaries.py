"""Stage 7 on the command line: boundaries, boundary events, I-statements and the balance log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests.integration.support import Invoke, ok
from trustbridge.store import models as m
from trustbridge.store.db import Store

TABLES = (m.Boundary, m.BoundaryEvent, m.IStatement, m.BalanceLog, m.EvidenceEvent)


def rows(store: Store) -> dict[str, int]:
    with store.sessions() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in TABLES
        }


def refused(result: object, message: str) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert message in result.stderr, result.stderr  # type: ignore[attr-defined]
    assert "Nothing was saved" in result.stderr  # type: ignore[attr-defined]


@pytest.fixture
def circle(cli: Invoke) -> None:
    ok(cli("person", "add", "--name", "Anna", "--kind", "friend"))
    ok(cli("person", "add", "--name", "Sam", "--kind", "partner"))
    ok(cli("boundary", "add", "--statement", "No calls after ten", "--kind", "time",
           "--non-negotiable", "--review", "+30"))  # fmt: skip


# --- boundaries and their events --------------------------------------------------------------


def test_boundary_add_list_json(cli: Invoke, store: Store) -> None:
    assert "No boundaries yet" in ok(cli("boundary", "list"))
    out = ok(cli("boundary", "add", "--statement", "Ask before borrowing", "--kind", "material"))
    assert "Saved boundary 1" in out
    ok(cli("boundary", "add", "--statement", "Knock first", "--kind", "2", "--review", "today"))
    listing = ok(cli("boundary", "list"))
    assert "Ask before borrowing" in listing and "Material" in listing
    assert "due" in listing  # the review date has come
    data = json.loads(ok(cli("boundary", "list", "--json")))
    assert [(d["kind"], d["respected"], d["review_due"]) for d in data] == [
        ("material", 0, False),
        ("physical", 0, True),
    ]
    assert rows(store)["boundaries"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--statement", "x", "--kind", "spiritual"],
            "The kind of boundary must be one of: Emotional,",
        ),
        (["--kind", "time"], "Please fill in your boundary."),
        (
            ["--statement", "x", "--kind", "time", "--review", "2001-01-01"],
            "The date to review it must be on or after",
        ),
    ],
)
def test_boundary_add_refusals(cli: Invoke, store: Store, args: list[str], message: str) -> None:
    refused(cli("boundary", "add", *args), message)
    assert rows(store)["boundaries"] == 0


def test_crossed_boundary_is_evidence_about_them(cli: Invoke, store: Store, circle: None) -> None:
    crossed = ok(cli("boundary", "event", "--boundary", "1", "--person", "anna",
                     "--outcome", "crossed", "--my-response", "I hung up kindly"))  # fmt: skip
    assert "boundary 1 was crossed" in crossed and "not your fault" in crossed
    kept = ok(cli("boundary", "event", "--boundary", "1", "--person", "Sam", "--outcome", "1"))
    assert "Sam respects your boundaries" in kept
    page = ok(cli("person", "show", "Anna"))
    assert "Respects boundaries: cost trust (major)" in page  # it was non-negotiable
    assert "Respects boundaries: built trust (significant)" in ok(cli("person", "show", "Sam"))
    listing = ok(cli("boundary", "list"))
    assert "No calls after ten" in listing and "non-negotiable" in listing
    [view] = json.loads(ok(cli("boundary", "list", "--json")))
    assert (view["respected"], view["crossed"]) == (1, 1)
    events = ok(cli("boundary", "events"))
    assert "I hung up kindly" in events and "crossed" in events and "Sam" in events
    data = json.loads(ok(cli("boundary", "events", "--json", "--limit", "1")))
    assert len(data) == 1 and data[0]["boundary"] == "No calls after ten"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--boundary", "9", "--person", "Anna", "--outcome", "crossed"], "no boundary number 9"),
        (["--boundary", "1", "--person", "Zed", "--outcome", "crossed"], "no one called 'Zed'"),
        (["--boundary", "1", "--outcome", "crossed"], "Please fill in who it is with."),
        (["--boundary", "1", "--person", "Anna", "--outcome", "ignored"], "must be one of"),
        (
            ["--boundary", "1", "--person", "Anna", "--outcome", "crossed", "--when", "yesterday"],
            "That date is before Anna was added",
        ),
    ],
)
def test_boundary_event_refusals(
    cli: Invoke, store: Store, circle: None, args: list[str], message: str
) -> None:
    refused(cli("boundary", "event", *args), message)
    assert rows(store)["boundary_events"] == 0 and rows(store)["evidence_events"] == 0


def test_no_boundary_events_yet(cli: Invoke) -> None:
    assert "Nothing noted yet" in ok(cli("boundary", "events"))
    assert json.loads(ok(cli("boundary", "events", "--json"))) == []


# --- I-statements -----------------------------------------------------------------------------


def test_istatement_prints_the_sentence_and_saves_it(
    cli: Invoke, store: Store, circle: None
) -> None:
    out = ok(cli("istatement", "--feel", "anxious", "--when", "plans change late",
                 "--because", "I like to prepare", "--need", "a message when they do",
                 "--boundary", "1"))  # fmt: skip
    sentence = (
        "I feel anxious when plans change late because I like to prepare. "
        "I need a message when they do."
    )
    assert sentence in out and "Saved as I-statement number 1" in out
    ok(cli("istatement", "--feel", "tired", "--when", "I host every week", "--need", "help."))
    listing = ok(cli("istatement", "--list"))
    assert "I host every week" in listing
    data = json.loads(ok(cli("istatement", "--list", "--json")))
    assert data[0]["sentence"] == "I feel tired when I host every week. I need help."
    assert data[1]["boundary_id"] == 1 and rows(store)["i_statements"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--feel", "sad", "--when", "x", "--need", "y", "--boundary", "9"],
            "no boundary number 9",
        ),
        (["--feel", "sad", "--when", "x"], "Please fill in the “I need” part."),
        (["--feel", "sad", "--when", "x", "--need", "y", "--boundary", "one"], "whole number"),
    ],
)
def test_istatement_refusals(cli: Invoke, store: Store, args: list[str], message: str) -> None:
    refused(cli("istatement", *args), message)
    assert rows(store)["i_statements"] == 0


def test_no_istatements_yet(cli: Invoke) -> None:
    assert "No I-statements yet" in ok(cli("istatement", "--list"))


# --- balance ----------------------------------------------------------------------------------


def test_balance_report_signals_isolation(cli: Invoke, store: Store) -> None:
    assert "Nothing logged in the last 3 weeks yet" in ok(cli("balance", "report"))
    for day in range(6):
        out = ok(cli("balance", "add", "--day", f"-{day}", "--alone", "300", "--connected", "10",
                     "--solitude-met", "yes", "--closeness-met", "no"))  # fmt: skip
        assert "Saved your balance log" in out
    report = ok(cli("balance", "report"))
    assert "3 weeks: 6 days logged" in report
    assert "5 h 0 min alone, 10 min with others" in report
    assert "closeness was met on 0% of the days" in report
    assert "Spending a lot of time on your own" in report and "never a diagnosis" in report
    data = json.loads(ok(cli("balance", "report", "--json")))
    assert data["days"] == 6 and [s["kind"] for s in data["signals"]] == ["isolation"]


def test_balance_report_signals_leaning_on_one_person(cli: Invoke, circle: None) -> None:
    support = ["--dimension", "reciprocates_support", "--direction", "positive"]
    for _ in range(5):
        ok(cli("evidence", "add", "--person", "Sam", *support))
    ok(cli("evidence", "add", "--person", "Anna", *support))
    report = ok(cli("balance", "report", "--weeks", "2"))
    assert "Leaning on one person for most support" in report and "from Sam" in report
    balanced = ok(cli("balance", "add", "--alone", "60", "--connected", "120"))
    assert "Saved your balance log" in balanced
    assert cli("balance", "report", "--weeks", "0").exit_code == 2


def test_balance_quiet_when_nothing_to_flag(cli: Invoke) -> None:
    for day in range(5):
        ok(cli("balance", "add", "--day", f"-{day}", "--alone", "120", "--connected", "120",
               "--solitude-met", "yes", "--closeness-met", "yes"))  # fmt: skip
    report = ok(cli("balance", "report"))
    assert "No signals of drifting" in report and "2 h 0 min alone" in report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--alone", "2000", "--connected", "10"],
            "Your minutes alone must be a whole number between 0 and 1,440.",
        ),
        (["--alone", "60"], "Please fill in your minutes connected."),
        (
            ["--alone", "60", "--connected", "5", "--day", "tomorrow"],
            "The day cannot be in the future.",
        ),
        (["--alone", "60", "--connected", "5", "--closeness-met", "sort of"], "must be yes or no"),
    ],
)
def test_balance_add_refusals(cli: Invoke, store: Store, args: list[str], message: str) -> None:
    refused(cli("balance", "add", *args), message)
    assert rows(store)["balance_logs"] == 0
