"""Stage 8 on the command line: check-ins, rituals, appreciation, goals and wins, with evidence."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests.integration.support import Invoke, ok
from tests.integration.test_cli import imported, run_process
from trustbridge.config import Settings
from trustbridge.store import models as m
from trustbridge.store.db import Store


def count(store: Store, table: type) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def evidence(store: Store) -> list[tuple[str, str, bool]]:
    with store.sessions() as session:
        rows = session.execute(select(m.EvidenceEvent.source, m.EvidenceEvent.dimension,
                                      m.EvidenceEvent.positive)).all()  # fmt: skip
    return sorted((s, d, p) for s, d, p in rows)


@pytest.fixture
def circle(cli: Invoke) -> None:
    ok(cli("person", "add", "--name", "Sam", "--kind", "partner"))


def test_partner_checkin_cadence_and_evidence(cli: Invoke, store: Store, circle: None) -> None:
    out = ok(cli("partner-checkin", "list"))
    assert "No check-ins yet" in out and "it has come round" in out
    out = ok(cli("partner-checkin", "add", "--person", "Sam", "--went-well", "We laughed",
                 "--to-try", "Walk on Sunday"))  # fmt: skip
    assert "Check-in 1 saved" in out and "Next check-in:" in out
    assert "come round" not in out
    ok(cli("partner-checkin", "every", "3"))
    data = json.loads(ok(cli("partner-checkin", "list", "--json")))
    assert data[0]["went_well"] == "We laughed" and data[0]["shared"] is False
    assert data[0]["owner_id"] is None
    assert evidence(store) == [("partner_checkin", "responds_to_openness", True)]
    ok(cli("partner-checkin", "delete", "1", "--yes"))
    assert count(store, m.PartnerCheckIn) == 0 and evidence(store) == []


def test_checkin_before_person_added_is_refused(cli: Invoke, store: Store, circle: None) -> None:
    result = cli("partner-checkin", "add", "--person", "Sam", "--when", "-3",
                 "--went-well", "x")  # fmt: skip
    assert result.exit_code == 2 and "before Sam was added" in result.stderr
    assert count(store, m.PartnerCheckIn) == 0


def test_ritual_kept_once_a_day_and_progress(cli: Invoke, store: Store, circle: None) -> None:
    out = ok(cli("ritual", "add", "--name", "Evening walk", "--person", "Sam",
                 "--cadence", "daily"))  # fmt: skip
    assert "Ritual 1 saved" in out
    assert "Kept" in ok(cli("ritual", "done", "1"))
    assert "already marked" in ok(cli("ritual", "done", "1"))
    assert count(store, m.RitualKept) == 1
    assert "kept 1 of 1 day so far" in ok(cli("ritual", "list"))
    data = json.loads(ok(cli("ritual", "list", "--json")))
    assert data[0]["kept"] == 1 and data[0]["shared"] is False
    assert evidence(store) == [("ritual", "keeps_promises", True)]
    ok(cli("ritual", "aside", "1"))
    assert "No rituals yet" in ok(cli("ritual", "list"))
    assert "Evening walk" in ok(cli("ritual", "list", "--archived"))
    ok(cli("ritual", "delete", "1", "--yes"))
    assert count(store, m.RitualKept) == 0 and evidence(store) == []


def test_ritual_on_chosen_days_needs_days(cli: Invoke) -> None:
    result = cli("ritual", "add", "--name", "Tea", "--cadence", "days")
    assert result.exit_code == 2 and "at least one day" in result.stderr
    ok(cli("ritual", "add", "--name", "Tea", "--cadence", "days", "--days", "mon,thu"))
    assert json.loads(ok(cli("ritual", "list", "--json")))[0]["weekdays"] == "mon,thu"


def test_appreciation_and_its_evidence(cli: Invoke, store: Store, circle: None) -> None:
    assert "Nothing here yet" in ok(cli("appreciation", "list"))
    ok(cli("appreciation", "add", "--what", "Made me tea", "--person", "Sam", "--said"))
    ok(cli("appreciation", "add", "--what", "The sunset"))
    data = json.loads(ok(cli("appreciation", "list", "--json")))
    assert {d["what"] for d in data} == {"Made me tea", "The sunset"}
    assert evidence(store) == [("appreciation", "reciprocates_support", True)]
    ok(cli("appreciation", "delete", "1", "--yes"))
    assert evidence(store) == []
    assert cli("appreciation", "delete", "1").exit_code != 0


def test_goal_review_and_status(cli: Invoke, store: Store) -> None:
    ok(cli("goal", "add", "--goal", "Save for a trip", "--review", "today"))
    assert "time to look again" in ok(cli("goal", "list"))
    out = ok(cli("goal", "review", "1", "--still-ours", "--progress", "Halfway",
                 "--next-review", "+30", "--status", "active"))  # fmt: skip
    assert "looked at again" in out
    assert "time to look again" not in ok(cli("goal", "list"))
    ok(cli("goal", "review", "1", "--status", "reached"))
    data = json.loads(ok(cli("goal", "list", "--json")))
    assert data[0]["status"] == "reached" and len(data[0]["reviews"]) == 2
    ok(cli("goal", "delete", "1", "--yes"))
    assert count(store, m.GoalReview) == 0


def test_win_links_only_to_real_entries(cli: Invoke, store: Store) -> None:
    result = cli("win", "add", "--what", "Stayed calm", "--kind", "trigger_grace",
                 "--from", "thought_record:12")  # fmt: skip
    assert result.exit_code == 2 and "no thought record number 12" in result.stderr
    result = cli("win", "add", "--what", "Stayed calm", "--from", "nonsense")
    assert result.exit_code == 2 and "TOOL:NUMBER" in result.stderr
    ok(cli("goal", "add", "--goal", "Cook together"))
    ok(cli("win", "add", "--what", "Stayed calm", "--kind", "trigger_grace", "--from", "goal:1"))
    data = json.loads(ok(cli("win", "list", "--json")))
    assert data[0]["source_tool"] == "goal" and data[0]["source_id"] == 1
    assert "goal:1" in ok(cli("win", "list"))
    assert cli("win", "delete", "1").exit_code == 2
    ok(cli("win", "delete", "1", "--yes"))
    assert count(store, m.Win) == 0


def test_lists_read_without_sqlalchemy_and_say_the_same(
    cli: Invoke, circle: None, settings: Settings
) -> None:
    """On a current store every stage 8 list reads on a plain connection (no SQLAlchemy) and
    prints what the store opened the long way prints: records, kept days and reviews too."""
    ok(cli("partner-checkin", "add", "--person", "Sam", "--went-well", "We laughed"))
    ok(cli("ritual", "add", "--name", "Evening walk", "--person", "Sam", "--cadence", "daily"))
    ok(cli("ritual", "done", "1"))
    ok(cli("appreciation", "add", "--what", "Made me tea", "--person", "Sam", "--said"))
    ok(cli("goal", "add", "--goal", "Save for a trip", "--review", "today"))
    ok(cli("goal", "review", "1", "--progress", "Halfway", "--next-review", "+30"))
    ok(cli("win", "add", "--what", "Stayed calm", "--kind", "trigger_grace"))
    for group in ("partner-checkin", "ritual", "appreciation", "goal", "win"):
        for args in ([group, "list"], [group, "list", "--json"]):
            done = run_process(*args, home=settings.data_dir, importtime=True)
            assert done.returncode == 0, done.stderr[-2000:]
            assert not imported(done.stderr) & {"sqlalchemy", "alembic"}, args
            assert done.stdout.decode() == ok(cli(*args)), args
    [goal] = json.loads(ok(cli("goal", "list", "--json")))
    [ritual] = json.loads(ok(cli("ritual", "list", "--json")))
    assert len(goal["reviews"]) == 1 and len(ritual["kept_days"]) == 1
