"""``delete ID`` on every tool group that has ``edit ID``, as each entry's web page offers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tests.integration.support import Invoke, ok
from trustbridge.services import boundaries, entries, people, relating
from trustbridge.store import models as m
from trustbridge.store.db import Store


def test_a_journal_entry_is_deleted_only_with_yes_when_no_one_is_asked(
    cli: Invoke, store: Store
) -> None:
    ok(cli("--no-input", "journal", "add", "--body", "Keep this one"))
    ok(cli("--no-input", "journal", "add", "--body", "Not this one"))
    refused = cli("--no-input", "journal", "delete", "2")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert len(entries.recent(store, "journal")) == 2
    said = ok(cli("--no-input", "journal", "delete", "2", "--yes"))
    assert "Deleted journal entry 2" in said
    assert [e.body for e in entries.recent(store, "journal")] == ["Keep this one"]


def test_a_check_in_can_be_deleted_and_a_missing_number_is_said_plainly(
    cli: Invoke, store: Store
) -> None:
    ok(cli("checkin", "--mood", "3", "--emotion", "calm", "--energy", "4"))
    ok(cli("--no-input", "checkin", "delete", "1", "--yes"))
    assert entries.recent(store, "checkin") == []
    missing = cli("--no-input", "checkin", "delete", "1", "--yes")
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    assert "number 1" in missing.stderr


def test_every_group_that_edits_a_tool_entry_can_delete_it() -> None:
    from typer._click import Context

    from trustbridge.cli.app import load_command

    for group in ("checkin", "journal", "hurt", "pattern", "thought", "belief", "selfcheck",
                  "empathy", "affirm", "habit", "pause", "ritual", "win"):  # fmt: skip
        command = load_command(group)
        assert "delete" in command.list_commands(Context(command)), group


# --- stages 5-7: records that give trust evidence take it with them ---------------------------


def _count(store: Store, model: type[m.Base]) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _sources(store: Store) -> list[str]:
    with store.sessions() as session:
        return sorted(e.source or "" for e in session.scalars(select(m.EvidenceEvent)))


def _circle_with_evidence(store: Store, now: dt.datetime) -> dict[str, int]:
    """Sam, a ladder step taken, a promise kept, a boundary crossed, a gut check, an
    I-statement on the boundary and a balanced day: each one's number."""
    later = now + dt.timedelta(days=3)
    people.add_person(store, {"name": "Sam", "kind": "friend"}, now)
    rung = relating.add_rung(store, {"person": "Sam", "action": "Say it", "risk": 30}, now).record
    relating.reflect_rung(
        store, rung.id, {"response": "supportive", "done_on": later.date()}, later
    )
    promise = relating.add_promise(store, {"person": "Sam", "made_by": "them", "text": "Call",
                                           "due_on": later.date()}, now).record  # fmt: skip
    relating.settle_promise(store, promise.id, "kept", later)
    boundary = boundaries.add_boundary(store, {"statement": "No calls after ten",
                                               "kind": "emotional"}, now).record  # fmt: skip
    event = boundaries.add_boundary_event(store, {"boundary_id": boundary.id, "person": "Sam",
                                                  "outcome": "crossed",
                                                  "occurred_on": later.date()}, later).record  # fmt: skip
    said = boundaries.add_i_statement(store, {"boundary_id": boundary.id, "feel": "tired",
                                              "when": "late calls", "need": "quiet"}, now).record  # fmt: skip
    gut = relating.add_gut_check(store, {"person": "Sam", "sense": "It will be fine",
                                         "confidence": 70}, now).record  # fmt: skip
    day = boundaries.add_balance(store, {"day": now.date(), "alone_minutes": 60,
                                         "connected_minutes": 30}, now).record  # fmt: skip
    assert _sources(store) == ["boundary", "ladder", "promise"]
    return {"rung": rung.id, "promise": promise.id, "boundary": boundary.id, "event": event.id,
            "said": said.id, "gut": gut.id, "day": day.id}  # fmt: skip


def test_deleting_a_record_of_stages_5_to_7_takes_its_evidence_with_it(
    cli: Invoke, store: Store, now: dt.datetime
) -> None:
    ids = _circle_with_evidence(store, now)
    ok(cli("--no-input", "ladder", "delete", str(ids["rung"]), "--yes"))
    assert _count(store, m.LadderRung) == 0 and _sources(store) == ["boundary", "promise"]
    ok(cli("--no-input", "promise", "delete", str(ids["promise"]), "--yes"))
    assert _count(store, m.SelfPromise) == 0 and _sources(store) == ["boundary"]
    ok(cli("--no-input", "gut", "delete", str(ids["gut"]), "--yes"))
    ok(cli("--no-input", "balance", "delete", str(ids["day"]), "--yes"))
    assert _count(store, m.GutCheck) == _count(store, m.BalanceLog) == 0
    # a boundary goes with its moments and their evidence; its I-statement stays, untied
    ok(cli("--no-input", "boundary", "delete", str(ids["boundary"]), "--yes"))
    assert _count(store, m.Boundary) == _count(store, m.BoundaryEvent) == 0
    assert _sources(store) == []
    with store.sessions() as session:
        said = session.get(m.IStatement, ids["said"])
        assert said is not None and said.boundary_id is None
    ok(cli("--no-input", "istatement", "delete", str(ids["said"]), "--yes"))
    assert _count(store, m.IStatement) == 0
    assert _count(store, m.Person) == 1  # the person stays


def test_a_boundary_moment_is_deleted_on_its_own(
    cli: Invoke, store: Store, now: dt.datetime
) -> None:
    ids = _circle_with_evidence(store, now)
    refused = cli("--no-input", "boundary", "event-delete", str(ids["event"]))
    assert refused.exit_code == 2 and _count(store, m.BoundaryEvent) == 1
    ok(cli("--no-input", "boundary", "event-delete", str(ids["event"]), "--yes"))
    assert _count(store, m.BoundaryEvent) == 0 and _count(store, m.Boundary) == 1
    assert _sources(store) == ["ladder", "promise"]
    missing = cli("--no-input", "ladder", "delete", "99", "--yes")
    assert missing.exit_code != 0 and "number 99" in missing.stderr
