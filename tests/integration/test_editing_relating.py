"""Editing the records of stages 5-7: people, evidence, ladder steps, gut checks, promises with
people, boundaries, boundary moments, balance logs and I-statements.

The rules are those of adding one; the evidence follows every edit exactly (an edit from A to
B leaves the evidence adding B would have given); the crisis check runs on the new words; the
search index follows; and the command line and the web offer every edit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.integration.support import HTMX, NOW, Invoke, ok, store_of
from trustbridge.domain import relations as rel
from trustbridge.domain.fields import ValidationError
from trustbridge.services import boundaries, entries, people, relating
from trustbridge.services.base import NotFound, local_day
from trustbridge.services.search import search_store
from trustbridge.store import models as m
from trustbridge.store.db import Store

CRISIS = "I want to end my life"
TODAY = local_day(NOW)
#: the circle was set up a while ago, so moments can be dated in the weeks before today
JOINED = NOW - dt.timedelta(days=40)
PEOPLE = ("Sam", "Alex")
#: (dimension, positive, weight, occurred_on, person): what an evidence row says
Row = tuple[str, bool, str, dt.date, int]


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def _rows(store: Store, source: str, source_id: int) -> list[Row]:
    """The evidence a record gave (a moment noted by hand is its own evidence)."""
    e = m.EvidenceEvent
    mine = e.id == source_id if source == "manual" else e.source_id == source_id
    with store.sessions() as session:
        found = session.scalars(select(e).where(e.source == source, mine).order_by(e.id))
        return [(r.dimension, r.positive, r.weight, r.occurred_on, r.person_id) for r in found]


@pytest.fixture
def circle(store: Store) -> Store:
    for name in PEOPLE:
        people.add_person(store, {"name": name, "kind": "friend"}, JOINED)
    return store


# --- the evidence follows every edit ----------------------------------------------------------

days_ago = st.integers(0, 20)
who = st.sampled_from(PEOPLE)


@dataclass(frozen=True)
class Kind:
    """One kind of record that gives evidence: how a person adds one as ``spec`` says (settling
    or reflecting too), and how they change one to ``spec``."""

    source: str
    specs: Callable[[bool], st.SearchStrategy[dict[str, Any]]]
    add: Callable[[Store, dict[str, Any]], int]
    edit: Callable[[Store, int, dict[str, Any]], object]


def _moment_specs(_: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "person": who, "dimension": st.sampled_from([k for k, _ in rel.DIMENSION_CHOICES]),
        "direction": st.sampled_from(["positive", "negative"]),
        "weight": st.sampled_from([k for k, _ in rel.WEIGHT_CHOICES]),
        "occurred_on": days_ago.map(_day), "note": st.sampled_from(["", "Came to help"]),
    })  # fmt: skip


def _add_moment(store: Store, spec: dict[str, Any]) -> int:
    return people.add_evidence(store, spec, NOW).record.id


def _step_specs(done: bool) -> st.SearchStrategy[dict[str, Any]]:
    plan = {"person": who, "action": st.just("Tell them I was hurt"), "risk": st.integers(0, 100)}
    reflection = {"response": st.sampled_from([k for k, _ in rel.RESPONSES]),
                  "done_on": days_ago.map(_day), "fear_before": st.integers(0, 100)}  # fmt: skip
    return st.fixed_dictionaries({**plan, **(reflection if done else {})})


def _add_step(store: Store, spec: dict[str, Any]) -> int:
    plan = {k: spec[k] for k in ("person", "action", "risk")}
    rung = relating.add_rung(store, plan, NOW).record
    if "response" in spec:
        reflection = {k: spec[k] for k in ("response", "done_on", "fear_before")}
        relating.reflect_rung(store, rung.id, reflection, NOW)
    return rung.id


def _promise_specs(_: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "person": who, "made_by": st.sampled_from(["me", "them"]), "text": st.just("Call back"),
        "due_on": st.integers(-10, 10).map(_day),
        "status": st.sampled_from(["open", *rel.PROMISE_OUTCOMES]),
    })  # fmt: skip


def _add_promise(store: Store, spec: dict[str, Any]) -> int:
    made = relating.add_promise(store, {k: v for k, v in spec.items() if k != "status"}, NOW)
    if spec["status"] != "open":
        relating.settle_promise(store, made.record.id, spec["status"], NOW)
    return made.record.id


def _moment_of_boundary_specs(_: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "boundary_id": st.sampled_from(["1", "2"]), "person": who,
        "outcome": st.sampled_from(["respected", "crossed"]),
        "occurred_on": days_ago.map(_day), "my_response": st.just("I said so"),
    })  # fmt: skip


def _add_boundary_moment(store: Store, spec: dict[str, Any]) -> int:
    return boundaries.add_boundary_event(store, spec, NOW).record.id


KINDS = {
    "moment noted by hand": Kind("manual", _moment_specs, _add_moment,
                                 lambda s, i, spec: people.update_evidence(s, i, spec, NOW)),
    "ladder step": Kind("ladder", _step_specs, _add_step,
                        lambda s, i, spec: relating.update_rung(s, i, spec, NOW)),
    "promise with someone": Kind("promise", _promise_specs, _add_promise,
                                 lambda s, i, spec: relating.update_promise(s, i, spec, NOW)),
    "boundary moment": Kind("boundary", _moment_of_boundary_specs, _add_boundary_moment,
                            lambda s, i, spec: boundaries.update_boundary_event(s, i, spec, NOW)),
}  # fmt: skip


@pytest.fixture
def with_boundaries(circle: Store) -> Store:
    boundaries.add_boundary(circle, {"statement": "No calls after ten", "kind": "time"}, NOW)
    boundaries.add_boundary(
        circle, {"statement": "No shouting", "kind": "emotional", "non_negotiable": True}, NOW
    )
    return circle


@pytest.mark.parametrize("name", sorted(KINDS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_an_edit_leaves_the_evidence_adding_it_that_way_would_have(
    with_boundaries: Store, name: str, data: st.DataObject
) -> None:
    kind, store = KINDS[name], with_boundaries
    done = data.draw(st.booleans())
    first, then = data.draw(kind.specs(done)), data.draw(kind.specs(done))
    edited = kind.add(store, first)
    kind.edit(store, edited, then)
    direct = kind.add(store, then)
    assert _rows(store, kind.source, edited) == _rows(store, kind.source, direct)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.booleans(),
    after=st.booleans(),
    moments=st.lists(st.tuples(who, st.booleans(), days_ago), max_size=4),
)
def test_a_boundary_made_non_negotiable_or_not_reweighs_every_time_it_was_crossed(
    circle: Store, before: bool, after: bool, moments: list[tuple[str, bool, int]]
) -> None:
    def boundary_with_moments(non_negotiable: bool) -> tuple[int, list[int]]:
        raw = {"statement": "No calls after ten", "kind": "time", "non_negotiable": non_negotiable}
        boundary = boundaries.add_boundary(circle, raw, NOW).record.id
        ids = [
            boundaries.add_boundary_event(circle, {
                "boundary_id": boundary, "person": person, "occurred_on": _day(ago),
                "outcome": "respected" if respected else "crossed"}, NOW).record.id
            for person, respected, ago in moments
        ]  # fmt: skip
        return boundary, ids

    edited, edited_moments = boundary_with_moments(before)
    boundaries.update_boundary(
        circle,
        edited,
        {"statement": "No calls after ten", "kind": "time", "non_negotiable": after},
        NOW,
    )
    _, direct_moments = boundary_with_moments(after)
    for one, other in zip(edited_moments, direct_moments, strict=True):
        assert _rows(circle, "boundary", one) == _rows(circle, "boundary", other)


def test_the_estimates_follow_a_moment_moved_to_someone_else(circle: Store) -> None:
    sam, alex = (people.find_person(circle, n).id for n in PEOPLE)
    moment = {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
              "weight": "major", "occurred_on": _day(1)}  # fmt: skip
    saved = people.add_evidence(circle, moment, NOW)
    people.update_evidence(circle, saved.record.id, {**moment, "person": "Alex"}, NOW)
    counts = {c.person.id: c.evidence_count for c in people.circle(circle, NOW)}
    assert counts == {sam: 0, alex: 1}
    assert people.person_page(circle, alex, NOW).estimates["keeps_promises"].amount > 0


# --- the rules of adding, for each kind -------------------------------------------------------


def test_evidence_from_another_tool_is_changed_there(circle: Store) -> None:
    rung = relating.add_rung(circle, {"person": "Sam", "action": "Ask", "risk": 20}, NOW).record
    relating.reflect_rung(circle, rung.id, {"response": "supportive", "done_on": _day(0)}, NOW)
    [event] = people.evidence_list(circle)
    with pytest.raises(ValidationError) as refused:
        people.update_evidence(circle, event[0].id, {"note": "x"}, NOW)
    assert refused.value.errors["evidence"] == (
        f"This moment comes from ladder step number {rung.id} and changes with it. "
        "Change or delete that ladder step instead."
    )
    with pytest.raises(ValidationError):
        people.evidence_to_edit(circle, event[0].id)


def test_a_moment_cannot_move_to_before_someone_joined(circle: Store) -> None:
    moment = {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
              "weight": "small", "occurred_on": _day(1)}  # fmt: skip
    saved = people.add_evidence(circle, moment, NOW)
    late = people.add_person(circle, {"name": "Robin", "kind": "friend"}, NOW).record
    with pytest.raises(ValidationError) as refused:
        people.update_evidence(circle, saved.record.id, {**moment, "person": late.name}, NOW)
    assert "before Robin was added" in refused.value.errors["occurred_on"]
    assert people.evidence_to_edit(circle, saved.record.id).values["person"] == "Sam"


def test_a_name_stays_unique_but_can_change_case(circle: Store) -> None:
    sam = people.find_person(circle, "Sam")
    with pytest.raises(ValidationError, match="already has that name"):
        people.update_person(circle, sam.id, {"name": "alex", "kind": "friend"}, NOW)
    people.update_person(circle, sam.id, {"name": "SAM", "kind": "family", "notes": "Kind"}, NOW)
    again = people.find_person(circle, sam.id)
    assert (again.name, again.kind, again.notes) == ("SAM", "family", "Kind")


def test_a_planned_step_has_no_reflection_to_change_yet(circle: Store) -> None:
    rung = relating.add_rung(circle, {"person": "Sam", "action": "Ask", "risk": 20}, NOW).record
    assert [f.name for f in relating.rung_to_edit(circle, rung.id).fields] == [
        f.name for f in rel.RUNG_FIELDS
    ]
    with pytest.raises(ValidationError) as refused:
        relating.update_rung(
            circle,
            rung.id,
            {"person": "Sam", "action": "Ask", "risk": 20, "response": "neutral"},
            NOW,
        )
    assert refused.value.errors == {"response": relating.STEP_NOT_DONE}
    assert people.evidence_list(circle) == []


def test_a_step_planned_for_a_day_now_past_can_still_be_changed(circle: Store) -> None:
    plan = {"person": "Sam", "action": "Ask", "risk": 20, "planned_on": _day(0)}
    rung = relating.add_rung(circle, plan, NOW).record
    much_later = NOW + dt.timedelta(days=400)  # its day has left the window of a new plan
    relating.update_rung(circle, rung.id, {**plan, "action": "Ask for help"}, much_later)
    assert relating.get_rung(circle, rung.id).action == "Ask for help"


def test_a_gut_check_and_how_it_turned_out(circle: Store) -> None:
    check = relating.add_gut_check(
        circle, {"person": "Sam", "sense": "She will call", "confidence": 70}, NOW
    ).record
    hunch = {"person": "Sam", "sense": "She will call", "confidence": 70}
    with pytest.raises(ValidationError) as refused:
        relating.update_gut_check(circle, check.id, {**hunch, "came_true": "yes"}, NOW)
    assert refused.value.errors == {"came_true": relating.CHECK_OPEN}
    relating.resolve_gut_check(circle, check.id, {"came_true": True}, NOW)
    found = relating.gut_check_to_edit(circle, check.id)
    assert found.values["came_true"] is True
    relating.update_gut_check(circle, check.id, {**hunch, "person": "Alex", "came_true": "no"}, NOW)
    assert relating.gut_check_to_edit(circle, check.id).values["came_true"] is False
    calibration = relating.gut_calibration(circle)
    assert [(p.name, c.count) for p, c in calibration.by_person] == [("Alex", 1)]


def test_a_promise_to_yourself_keeps_its_own_rules(circle: Store) -> None:
    mine = entries.add(circle, "self_promises", {"text": "Rest", "due_on": _day(-1)}, NOW).record
    assert [f.name for f in relating.promise_to_edit(circle, mine.id).fields] == [
        "text",
        "due_on",
    ]
    with pytest.raises(ValidationError) as refused:
        relating.update_promise(circle, mine.id, {"text": "Rest", "person": "Sam"}, NOW)
    assert refused.value.errors == {"person": relating.TO_YOURSELF}
    relating.update_promise(circle, mine.id, {"text": "Rest well", "due_on": _day(-1)}, NOW)
    assert entries.get(circle, "self_promises", mine.id).text == "Rest well"


def test_a_promise_reopened_is_open_again(circle: Store) -> None:
    spec = {"person": "Sam", "made_by": "them", "text": "Call", "due_on": _day(0)}
    promise = relating.add_promise(circle, spec, NOW).record
    relating.settle_promise(circle, promise.id, "kept", NOW)
    relating.update_promise(circle, promise.id, {**spec, "status": "open"}, NOW)
    page = people.person_page(circle, "Sam", NOW)
    assert [(p.status, p.resolved_at) for p in page.promises] == [("open", None)]
    assert page.evidence_count == 0


def test_an_i_statement_links_only_to_a_boundary_there_is(store: Store) -> None:
    raw = {"feel": "tense", "when": "plans change", "need": "notice"}
    statement = boundaries.add_i_statement(store, raw, NOW).record
    with pytest.raises(ValidationError, match="no boundary number 4"):
        boundaries.update_i_statement(store, statement.id, {**raw, "boundary_id": "4"}, NOW)
    boundaries.update_i_statement(store, statement.id, {**raw, "because": "I plan"}, NOW)
    [again] = boundaries.i_statements(store)
    assert (
        boundaries.sentence(again)
        == "I feel tense when plans change because I plan. I need notice."
    )


def test_a_logged_day_changes_the_report(store: Store) -> None:
    raw = {"day": _day(1), "alone_minutes": 60, "connected_minutes": 0}
    log = boundaries.add_balance(store, raw, NOW).record
    boundaries.update_balance(store, log.id, {**raw, "connected_minutes": 120}, NOW)
    assert boundaries.balance_report(store, NOW).connected_per_day == 120
    assert [x.id for x in boundaries.balance_logs(store)] == [log.id]


def test_a_missing_record_is_not_found(store: Store) -> None:
    for read in (people.person_to_edit, people.evidence_to_edit, relating.rung_to_edit,
                 relating.gut_check_to_edit, relating.promise_to_edit, boundaries.boundary_to_edit,
                 boundaries.boundary_event_to_edit, boundaries.balance_to_edit,
                 boundaries.i_statement_to_edit):  # fmt: skip
        with pytest.raises(NotFound):
            read(store, 99)


# --- the crisis check and the search index ----------------------------------------------------


def test_the_crisis_check_runs_on_the_new_words(circle: Store) -> None:
    sam = people.find_person(circle, "Sam")
    edited = people.update_person(circle, sam.id, {"name": "Sam", "kind": "friend",
                                                   "notes": CRISIS}, NOW)  # fmt: skip
    assert edited.updated and edited.crisis.level == "urgent"
    raw = {"feel": "fine", "when": "it rains", "need": "tea"}
    statement = boundaries.add_i_statement(circle, raw, NOW).record
    changed = boundaries.update_i_statement(circle, statement.id, {**raw, "feel": CRISIS}, NOW)
    assert changed.crisis.flagged


def test_the_name_in_a_who_box_is_never_read_for_crisis_words(circle: Store) -> None:
    people.add_person(circle, {"name": "Kill me now", "kind": "other"}, JOINED)
    moment = {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
              "weight": "small", "occurred_on": _day(1)}  # fmt: skip
    saved = people.add_evidence(circle, moment, NOW)
    edited = people.update_evidence(
        circle, saved.record.id, {**moment, "person": "Kill me now"}, NOW
    )
    assert not edited.crisis.flagged


def _found(store: Store, words: str) -> list[tuple[str, int]]:
    """What a search finds: (kind, number) of each result."""
    return [(r.kind, r.id) for r in search_store(store, words).results]


def test_an_edited_note_is_found_by_its_new_words_only(circle: Store) -> None:
    sam = people.find_person(circle, "Sam")
    people.update_person(
        circle, sam.id, {"name": "Sam", "kind": "friend", "notes": "Loves marmalade"}, NOW
    )
    assert _found(circle, "marmalade") == [("person", sam.id)]
    people.update_person(
        circle, sam.id, {"name": "Sam", "kind": "friend", "notes": "Loves gooseberries"}, NOW
    )
    assert _found(circle, "marmalade") == []
    assert _found(circle, "gooseberries") == [("person", sam.id)]


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_circle(cli: Invoke) -> Invoke:
    ok(cli("person", "add", "--name", "Sam", "--kind", "friend"))
    ok(cli("person", "add", "--name", "Alex", "--kind", "family"))
    ok(cli("boundary", "add", "--statement", "No calls after ten", "--kind", "time"))
    return cli


@pytest.mark.parametrize(
    ("add", "edit", "listing", "key", "value"),
    [
        ([], ["person", "edit", "1", "--notes", "Old friend"], ["person", "list"], "notes",
         "Old friend"),
        (["evidence", "add", "--person", "Sam", "--dimension", "keeps_promises", "--direction",
          "positive"], ["evidence", "edit", "1", "--weight", "major"], ["evidence", "list"],
         "weight", "major"),
        (["ladder", "add", "--person", "Sam", "--action", "Ask", "--risk", "20"],
         ["ladder", "edit", "1", "--risk", "35"], ["ladder", "list"], "risk", 35),
        (["gut", "add", "--person", "Sam", "--sense", "She calls", "--confidence", "60"],
         ["gut", "edit", "1", "--person", "Alex"], ["gut", "list"], "person", "Alex"),
        (["promise", "add", "--person", "Sam", "--by", "them", "--text", "Call", "--due",
          "tomorrow"], ["promise", "edit", "1", "--status", "kept"], ["promise", "list",
          "--person", "Sam"], "status", "kept"),
        ([], ["boundary", "edit", "1", "--non-negotiable", "yes"], ["boundary", "list"],
         "non_negotiable", True),
        (["boundary", "event", "--boundary", "1", "--person", "Sam", "--outcome", "crossed"],
         ["boundary", "event-edit", "1", "--outcome", "respected"], ["boundary", "events"],
         "respected", True),
        (["balance", "add", "--alone", "60", "--connected", "30"],
         ["balance", "edit", "1", "--connected-minutes", "45"], ["balance", "list"],
         "connected_minutes", 45),
        (["istatement", "--feel", "tense", "--when", "plans change", "--need", "notice"],
         ["istatement", "edit", "1", "--need", "a day's notice"], ["istatement", "list"], "need",
         "a day's notice"),
    ],
)  # fmt: skip
def test_cli_edit_for_each_kind(
    cli_circle: Invoke, add: list[str], edit: list[str], listing: list[str], key: str, value: object
) -> None:
    if add:
        ok(cli_circle(*add))
    out = ok(cli_circle(*edit))
    assert "Saved your changes to" in out and "number 1" in out
    listed = json.loads(ok(cli_circle(*listing, "--json")))
    assert any(item[key] == value for item in listed), listed


def test_cli_edits_follow_the_evidence(cli_circle: Invoke) -> None:
    ok(cli_circle("ladder", "add", "--person", "Sam", "--action", "Ask", "--risk", "20"))
    ok(cli_circle("ladder", "done", "1", "--response", "supportive"))
    ok(cli_circle("ladder", "edit", "1", "--response", "hurtful", "--person", "Alex"))
    [moment] = json.loads(ok(cli_circle("evidence", "list", "--json")))
    assert (moment["person"], moment["positive"], moment["weight"]) == ("Alex", False, "major")
    assert json.loads(ok(cli_circle("evidence", "list", "--person", "Sam", "--json"))) == []
    table = ok(cli_circle("evidence", "list"))
    assert "ladder step 1" in table and "Alex" in table


def test_cli_refusals_say_what_to_do_instead(cli_circle: Invoke) -> None:
    ok(cli_circle("ladder", "add", "--person", "Sam", "--action", "Ask", "--risk", "20"))
    planned = cli_circle("ladder", "edit", "1", "--response", "neutral")
    assert planned.exit_code == 2 and "still planned" in planned.stderr
    ok(cli_circle("ladder", "done", "1", "--response", "neutral"))
    given = cli_circle("evidence", "edit", "1", "--note", "x")
    assert given.exit_code == 2 and "Change or delete that ladder step instead" in given.stderr
    ok(cli_circle("promise", "add", "--text", "Rest", "--due", "tomorrow"))
    mine = cli_circle("promise", "edit", "1", "--person", "Sam")
    assert mine.exit_code == 2 and "promise to yourself" in mine.stderr
    taken = cli_circle("person", "edit", "1", "--name", "alex")
    assert taken.exit_code == 2 and "already has that name" in taken.stderr
    missing = cli_circle("gut", "edit", "9", "--sense", "x")
    assert missing.exit_code == 1 and "No gut check with number 9" in missing.stderr


def test_cli_edit_offers_crisis_support(cli_circle: Invoke) -> None:
    out = cli_circle("person", "edit", "1", "--notes", CRISIS).output
    assert "Saved your changes" in out and "help-now" in out


def test_cli_asks_only_about_what_the_record_has(cli_circle: Invoke, terminal: None) -> None:
    """A planned step is asked about its plan only: Enter keeps each answer as it was."""
    ok(cli_circle("ladder", "add", "--person", "Sam", "--action", "Ask", "--risk", "20",
                  "--planned", "tomorrow"))  # fmt: skip
    out = ok(cli_circle("ladder", "edit", "1", input="\nAsk for help\n\n\n"))
    assert "How they responded" not in out
    [step] = json.loads(ok(cli_circle("ladder", "list", "--json")))
    assert (step["action"], step["risk"], step["person"]) == ("Ask for help", 20, "Sam")


def test_cli_istatement_still_builds_one_with_its_own_options(cli_circle: Invoke) -> None:
    out = ok(cli_circle("istatement", "--feel", "tired", "--when", "I host", "--need", "help"))
    assert "I feel tired when I host. I need help." in out
    assert json.loads(ok(cli_circle("istatement", "--list", "--json")))[0]["feel"] == "tired"


# --- the web ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebEdit:
    """A record added through a service, where its page links to its edit form, and a change."""

    add: Callable[[Store], int]
    page: str
    url: str
    change: dict[str, str]
    check: Callable[[Store, int], object]


def _their(store: Store, kind: str) -> int:
    sam = people.find_person(store, "Sam").id
    if kind == "evidence":
        moment = {"person": sam, "dimension": "keeps_promises", "direction": "positive",
                  "weight": "small", "occurred_on": TODAY.isoformat()}  # fmt: skip
        return people.add_evidence(store, moment, NOW).record.id
    if kind == "promise":
        promise = {"person": sam, "made_by": "them", "text": "Call", "due_on": _day(-2)}
        return relating.add_promise(store, promise, NOW).record.id
    if kind == "ladder":
        return relating.add_rung(store, {"person": sam, "action": "Ask", "risk": 20}, NOW).record.id
    return relating.add_gut_check(
        store, {"person": sam, "sense": "She calls", "confidence": 60}, NOW
    ).record.id


def _get(read: Callable[[Store, int], Any], key: str) -> Callable[[Store, int], object]:
    return lambda store, i: read(store, i).values[key]


WEB = {
    "person": WebEdit(lambda s: people.find_person(s, "Sam").id, "/circle/{id}",
                      "/circle/{id}/edit", {"name": "Sam", "kind": "family", "notes": "Kind"},
                      _get(people.person_to_edit, "kind")),
    "evidence": WebEdit(lambda s: _their(s, "evidence"), "/circle/1", "/circle/1/evidence/{id}/edit",
                        {"person": "2", "dimension": "keeps_promises", "direction": "negative",
                         "weight": "major", "occurred_on": TODAY.isoformat()},
                        _get(people.evidence_to_edit, "person")),
    "promise": WebEdit(lambda s: _their(s, "promise"), "/circle/1", "/circle/1/promises/{id}/edit",
                       {"person": "1", "made_by": "them", "text": "Call", "due_on": _day(-2),
                        "status": "kept"}, _get(relating.promise_to_edit, "status")),
    "ladder on their page": WebEdit(lambda s: _their(s, "ladder"), "/circle/1",
                                    "/circle/1/ladder/{id}/edit",
                                    {"person": "1", "action": "Ask for help", "risk": "30"},
                                    _get(relating.rung_to_edit, "action")),
    "ladder": WebEdit(lambda s: _their(s, "ladder"), "/ladder", "/ladder/{id}/edit",
                      {"person": "1", "action": "Ask for help", "risk": "30"},
                      _get(relating.rung_to_edit, "action")),
    "gut on their page": WebEdit(lambda s: _their(s, "gut"), "/circle/1", "/circle/1/gut/{id}/edit",
                                 {"person": "1", "sense": "She calls back", "confidence": "60"},
                                 _get(relating.gut_check_to_edit, "sense")),
    "gut": WebEdit(lambda s: _their(s, "gut"), "/gut", "/gut/{id}/edit",
                   {"person": "1", "sense": "She calls back", "confidence": "60"},
                   _get(relating.gut_check_to_edit, "sense")),
    "boundary": WebEdit(lambda s: 1, "/boundaries", "/boundaries/{id}/edit",
                        {"statement": "No calls after nine", "kind": "time"},
                        _get(boundaries.boundary_to_edit, "statement")),
    "boundary moment": WebEdit(
        lambda s: boundaries.add_boundary_event(s, {"boundary_id": 1, "person": "Sam",
                                                   "outcome": "crossed",
                                                   "occurred_on": TODAY.isoformat()},
                                                NOW).record.id,
        "/boundaries", "/boundaries/events/{id}/edit",
        {"boundary_id": "1", "person": "1", "outcome": "respected",
         "occurred_on": TODAY.isoformat()}, _get(boundaries.boundary_event_to_edit, "outcome")),
    "I-statement": WebEdit(
        lambda s: boundaries.add_i_statement(s, {"feel": "tense", "when": "plans change",
                                                "need": "notice"}, NOW).record.id,
        "/boundaries", "/boundaries/i-statements/{id}/edit",
        {"feel": "tense", "when": "plans change", "need": "a day's notice"},
        _get(boundaries.i_statement_to_edit, "need")),
    "logged day": WebEdit(
        lambda s: boundaries.add_balance(s, {"day": TODAY.isoformat(), "alone_minutes": 60,
                                            "connected_minutes": 30,
                                            "solitude_met": False}, NOW).record.id,
        "/balance", "/balance/{id}/edit",
        {"day": TODAY.isoformat(), "alone_minutes": "60", "connected_minutes": "90",
         "solitude_met": "no"}, _get(boundaries.balance_to_edit, "connected_minutes")),
}  # fmt: skip
#: what each change above leaves in the record
CHANGED = {
    "person": "family", "evidence": "Alex", "promise": "kept", "ladder on their page": "Ask for help",
    "ladder": "Ask for help", "gut on their page": "She calls back", "gut": "She calls back",
    "boundary": "No calls after nine", "boundary moment": "respected",
    "I-statement": "a day's notice", "logged day": 90,
}  # fmt: skip


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    store = store_of(client)
    for name in PEOPLE:
        people.add_person(store, {"name": name, "kind": "friend"}, JOINED)
    boundaries.add_boundary(store, {"statement": "No calls after ten", "kind": "time"}, NOW)
    yield client


@pytest.mark.parametrize("name", sorted(WEB))
def test_web_edit_is_linked_prefilled_and_saved(web: TestClient, name: str) -> None:
    case, store = WEB[name], store_of(web)
    record = case.add(store)
    url = case.url.format(id=record)
    assert f'href="{url}"' in web.get(case.page.format(id=record)).text
    form = web.get(url)
    assert form.status_code == 200 and f'action="{url}"' in form.text
    done = web.post(url, data=case.change, follow_redirects=False)
    assert done.status_code == 303, done.text[:2000]
    assert "saved=edited" in done.headers["location"]
    assert "Your changes are saved." in web.get(done.headers["location"]).text
    assert case.check(store, record) == CHANGED[name]


def test_web_edit_form_holds_what_the_record_holds(web: TestClient) -> None:
    store = store_of(web)
    check = _their(store, "gut")
    relating.resolve_gut_check(store, check, {"came_true": False}, NOW)
    page = web.get(f"/gut/{check}/edit").text
    assert 'value="She calls"' in page and 'value="60"' in page
    assert '<option value="1" selected>Sam</option>' in page
    assert 'value="no" checked' in page  # "did not come true" is kept, not lost as unticked
    log = WEB["logged day"].add(store)
    assert 'value="no" checked' in web.get(f"/balance/{log}/edit").text


def test_web_edit_refusal_keeps_what_was_typed(web: TestClient) -> None:
    record = _their(store_of(web), "ladder")
    url = f"/ladder/{record}/edit"
    refused = web.post(url, data={"person": "1", "action": "Kept as typed", "risk": "500"})
    assert refused.status_code == 422
    assert "Not saved yet" in refused.text and "Kept as typed" in refused.text
    assert relating.get_rung(store_of(web), record).risk == 20


def test_web_edit_shows_crisis_support_first(web: TestClient) -> None:
    url = "/circle/1/edit"
    data = {"name": "Sam", "kind": "friend", "notes": CRISIS}
    done = web.post(url, data=data, follow_redirects=False)
    assert "care=urgent" in done.headers["location"]
    htmx = web.post(url, data=data, headers=HTMX)
    assert htmx.status_code == 200 and 'href="/help-now"' in htmx.text
    assert "Your changes are saved." in htmx.text


def test_web_a_record_moved_to_someone_else_is_shown_on_their_page(web: TestClient) -> None:
    record = _their(store_of(web), "evidence")
    done = web.post(f"/circle/1/evidence/{record}/edit", data=WEB["evidence"].change,
                    follow_redirects=False)  # fmt: skip
    assert done.headers["location"].startswith("/circle/2?saved=edited")


def test_web_only_what_is_on_a_page_is_changed_from_it(web: TestClient) -> None:
    record = _their(store_of(web), "gut")
    assert web.get(f"/circle/2/gut/{record}/edit").status_code == 404  # it is about Sam
    assert web.get(f"/circle/1/bridge/{record}/edit").status_code == 404
    assert web.get("/circle/1/gut/99/edit").status_code == 404
    assert web.get("/boundaries/nothing/1/edit").status_code == 404
    assert web.get("/balance/99/edit").status_code == 404


def test_web_evidence_from_another_tool_says_where_to_change_it(web: TestClient) -> None:
    store = store_of(web)
    record = _their(store, "ladder")
    relating.reflect_rung(store, record, {"response": "neutral", "done_on": _day(0)}, NOW)
    [(event, _)] = people.evidence_list(store)
    page = web.get("/circle/1").text
    assert f"/circle/1/evidence/{event.id}/edit" not in page
    refused = web.get(f"/circle/1/evidence/{event.id}/edit")
    assert (
        refused.status_code == 400 and "Change or delete that ladder step instead" in refused.text
    )


def test_web_settled_and_resolved_records_can_be_changed_too(web: TestClient) -> None:
    store = store_of(web)
    promise = _their(store, "promise")
    relating.settle_promise(store, promise, "kept", NOW)
    check = _their(store, "gut")
    relating.resolve_gut_check(store, check, {"came_true": True}, NOW)
    page = web.get("/circle/1").text
    assert f'href="/circle/1/promises/{promise}/edit"' in page
    assert f'href="/circle/1/gut/{check}/edit"' in page
    reopened = {**WEB["promise"].change, "status": "open"}
    done = web.post(f"/circle/1/promises/{promise}/edit", data=reopened, follow_redirects=False)
    assert done.status_code == 303 and people.person_page(store, 1, NOW).evidence_count == 0


#: deleted from their own edit page (people and manual moments have delete buttons elsewhere)
DELETED_HERE = sorted(set(WEB) - {"person", "evidence"})


@pytest.mark.parametrize("name", DELETED_HERE)
def test_web_a_record_is_deleted_from_its_edit_page(web: TestClient, name: str) -> None:
    case, store = WEB[name], store_of(web)
    record = case.add(store)
    url = case.url.format(id=record)
    gone = url.removesuffix("/edit") + "/delete"
    assert f'action="{gone}"' in web.get(url).text
    done = web.post(gone, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == case.page.split("#")[0]
    assert web.get(url).status_code == 404
    assert web.post(gone, follow_redirects=False).status_code == 404


def test_web_only_what_is_on_a_page_is_deleted_from_it(web: TestClient) -> None:
    store = store_of(web)
    record = _their(store, "gut")
    assert web.post(f"/circle/2/gut/{record}/delete").status_code == 404  # it is about Sam
    assert relating.gut_check_to_edit(store, record).record.id == record
    rung = _their(store, "ladder")
    relating.reflect_rung(store, rung, {"response": "neutral", "done_on": _day(0)}, NOW)
    assert _rows(store, "ladder", rung)
    web.post(f"/circle/1/ladder/{rung}/delete")
    assert _rows(store, "ladder", rung) == []  # the evidence its response gave went with it
