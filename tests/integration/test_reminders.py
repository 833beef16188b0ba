"""Reminders as a calendar: what it holds, that it keeps private text out, CLI, page, file, feed."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.config import load_settings
from trustbridge.domain import reminders as r
from trustbridge.exchange.ical import calendar_bytes
from trustbridge.services import boundaries, growth, reminders
from trustbridge.services.base import local_day
from trustbridge.store import models as m
from trustbridge.store.db import Store, open_store
from trustbridge.web.app import create_app
from trustbridge.web.deps import get_now
from trustbridge.web.routes_reminders import LISTED

CANARY = "CANARY-7f3a9c"
TODAY = local_day(NOW)


def _fill(store: Store) -> None:
    """One of everything that rings, each with the canary in what was written."""
    growth.add_ritual(store, {"name": f"Tea {CANARY}", "cadence": "days",
                              "weekdays": ["mon", "thu"]}, NOW)  # fmt: skip
    growth.add_ritual(store, {"name": "Sunday walk", "cadence": "weekly"}, NOW)
    boundaries.add_boundary(store, {"statement": f"No calls after ten {CANARY}",
        "kind": "emotional", "review_on": (TODAY + dt.timedelta(days=30)).isoformat()}, NOW)  # fmt: skip
    growth.set_checkin_every(store, {"days": "10"}, NOW)
    with store.session() as session:
        person = m.Person(name=f"Maya {CANARY}", kind="friend", created_at=NOW)
        session.add(person)
        session.flush()
        session.add_all([
            m.SelfPromise(text=f"Walk {CANARY}", due_on=TODAY + dt.timedelta(days=3),
                          status="open", made_by="me", created_at=NOW),
            m.SelfPromise(text="Settled already", due_on=TODAY + dt.timedelta(days=3),
                          status="kept", made_by="me", created_at=NOW),
            m.SelfPromise(text="Long past", due_on=TODAY - dt.timedelta(days=3),
                          status="open", made_by="me", created_at=NOW),
            m.SharedGoal(goal=f"Save {CANARY}", review_on=TODAY + dt.timedelta(days=14),
                         status="active", created_at=NOW),
            m.BridgePlan(person_id=person.id, cadence_days=14, created_at=NOW,
                         next_checkin_on=TODAY + dt.timedelta(days=2)),
        ])  # fmt: skip


def test_the_first_few_are_the_calendars_first_few_and_the_total_counts_them_all(
    store: Store,
) -> None:
    _fill(store)
    with store.session() as session:  # one plan a person: two more people
        later, passed = (m.Person(name=n, kind="friend", created_at=NOW) for n in "AB")
        session.add_all([later, passed])
        session.flush()
        session.add_all([
            m.BridgePlan(person_id=later.id, created_at=NOW,  # one check-in still to come
                         next_checkin_on=TODAY + dt.timedelta(days=5)),
            m.BridgePlan(person_id=passed.id, created_at=NOW,  # its one check-in has passed
                         next_checkin_on=TODAY - dt.timedelta(days=5)),
            m.Boundary(statement="Old review", kind="emotional", created_at=NOW,
                       review_on=TODAY - dt.timedelta(days=1)),
        ])  # fmt: skip
    every = reminders.build(store, NOW)
    kinds = [x.kind for x in every.reminders]
    assert kinds == ["checkin", "ritual", "ritual", "partner_checkin", "bridge_plan",
                     "bridge_plan", "boundary", "goal", "promise"]  # fmt: skip
    assert every.left_out == 0
    for first in range(len(kinds) + 2):
        some = reminders.build(store, NOW, first=first)
        assert some.reminders == every.reminders[:first]
        assert len(some.reminders) + some.left_out == len(kinds)


def _events(data: bytes) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def _days(data: bytes, start: dt.date, end: dt.date, summary: str) -> list[dt.date]:
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(start, end)
    return sorted(e["DTSTART"].dt.date() for e in found if str(e["summary"]) == summary)


# --- the service and the file ---------------------------------------------------------------


def test_the_calendar_holds_one_entry_for_each_thing_that_rings(store: Store) -> None:
    _fill(store)
    plan = reminders.build(store, NOW, full=True)
    kinds = sorted(item.kind for item in plan.reminders)
    assert kinds == ["boundary", "bridge_plan", "checkin", "goal", "partner_checkin",
                     "promise", "ritual", "ritual"]  # fmt: skip
    assert plan.time == dt.time(20, 0)


def test_the_default_file_keeps_every_word_written_out(store: Store) -> None:
    _fill(store)
    plain = calendar_bytes(reminders.build(store, NOW), NOW)
    assert CANARY.encode() not in plain
    assert b"DESCRIPTION:Trustbridge" in plain  # the alarm's text is the plain title, nothing more
    assert set(_events(plain)) == {"Trustbridge check-in", "Trustbridge ritual",
                                   "Trustbridge review", "Trustbridge promise"}  # fmt: skip
    full = calendar_bytes(reminders.build(store, NOW, full=True), NOW)
    assert full.count(CANARY.encode()) >= 5  # two in each event that has one: title and alarm
    assert f"Ritual: Tea {CANARY}" in _events(full)


def test_recurrences_expand_to_the_right_days(store: Store) -> None:
    _fill(store)
    reminders.set_checkin_time(store, "7:45", NOW)
    data = calendar_bytes(reminders.build(store, NOW, full=True), NOW)
    events = _events(data)
    tea = events[f"Ritual: Tea {CANARY}"]
    start: dt.datetime = tea["DTSTART"].dt
    assert tea["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TH"
    assert start.tzinfo is None  # floating local time
    assert start.time() == dt.time(7, 45)
    assert tea.walk("VALARM")[0]["ACTION"] == "DISPLAY"
    may = _days(data, dt.date(2026, 5, 1), dt.date(2026, 6, 1), f"Ritual: Tea {CANARY}")
    assert may == [dt.date(2026, 5, d) for d in (4, 7, 11, 14, 18, 21, 25, 28)]
    every = _days(data, dt.date(2026, 5, 1), dt.date(2026, 6, 1), "Trustbridge: daily check-in")
    assert len(every) == 31
    partner = _days(data, TODAY, TODAY + dt.timedelta(days=31), "Partner check-in")
    assert partner == [TODAY + dt.timedelta(days=n) for n in (0, 10, 20, 30)]
    bridge = _days(
        data, TODAY, TODAY + dt.timedelta(days=31), f"Bridge plan check-in with Maya {CANARY}"
    )
    assert bridge == [TODAY + dt.timedelta(days=n) for n in (2, 16, 30)]
    once = _days(data, TODAY, TODAY + dt.timedelta(days=400), f"Promise due: Walk {CANARY}")
    assert once == [TODAY + dt.timedelta(days=3)]
    assert "Promise due: Long past" not in events and "Promise due: Settled already" not in events


def test_uids_are_stable_per_store_and_differ_between_stores(tmp_path: Path) -> None:
    def uids(name: str) -> list[str]:
        store = open_store(load_settings(tmp_path / name))
        try:
            growth.add_ritual(store, {"name": "Tea", "cadence": "daily"}, NOW)
            first = calendar_bytes(reminders.build(store, NOW), NOW)
            again = calendar_bytes(reminders.build(store, NOW + dt.timedelta(days=1)), NOW)
            assert [e["UID"] for e in _events(first).values()] == [
                e["UID"] for e in _events(again).values()
            ]
            return sorted(str(e["UID"]) for e in _events(first).values())
        finally:
            store.close()

    one, two = uids("one"), uids("two")
    assert not set(one) & set(two)
    assert all(uid.endswith("@trustbridge.invalid") and "ritual" not in uid for uid in one)


def test_settings_round_trip_and_refuse_a_bad_time(store: Store) -> None:
    assert reminders.checkin_time(store) == dt.time(20, 0)
    assert reminders.set_checkin_time(store, "21.15", NOW) == dt.time(21, 15)
    assert reminders.checkin_time(store) == dt.time(21, 15)
    with pytest.raises(ValueError, match="24-hour clock"):
        reminders.set_checkin_time(store, "25:00", NOW)
    assert not reminders.full_titles(store)
    reminders.set_full_titles(store, True, NOW)
    assert reminders.full_titles(store)


# --- the command line -------------------------------------------------------------------------


def test_cli_exports_a_private_file_plain_by_default(cli: Invoke, tmp_path: Path) -> None:
    ok(cli("ritual", "add", "--name", f"Tea {CANARY}", "--cadence", "weekly"))
    out = tmp_path / "reminders.ics"
    said = ok(cli("reminders", "export", "--out", str(out)))
    assert "2 reminders" in said and CANARY not in said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert CANARY.encode() not in out.read_bytes()
    refused = cli("reminders", "export", "--out", str(out))
    assert refused.exit_code != 0 and "already exists" in refused.output
    ok(cli("reminders", "export", "--out", str(out), "--force", "--full-titles"))
    assert f"Ritual: Tea {CANARY}" in _events(out.read_bytes())


def test_cli_says_plainly_what_is_wrong(cli: Invoke, tmp_path: Path) -> None:
    missing = cli("reminders", "export")
    assert missing.exit_code == 2 and "--out reminders.ics" in missing.output
    wrong = cli("reminders", "export", "--out", str(tmp_path / "r.txt"))
    assert wrong.exit_code == 2 and ".ics" in wrong.output
    nowhere = cli("reminders", "export", "--out", str(tmp_path / "no" / "r.ics"))
    assert nowhere.exit_code == 1 and "no such folder" in nowhere.output
    bad = cli("reminders", "time", "8pm")
    assert bad.exit_code == 2 and "24-hour clock" in bad.output


def test_cli_sets_the_time_and_prints_the_feed(cli: Invoke) -> None:
    assert "20:00" in ok(cli("reminders", "time"))
    assert "21:30" in ok(cli("reminders", "time", "21:30"))
    assert "21:30" in ok(cli("reminders", "time"))
    first = ok(cli("reminders", "feed")).strip()
    assert first.startswith("http://127.0.0.1:8000/reminders/feed.ics?token=")
    assert ok(cli("reminders", "feed")).strip() == first
    other = ok(cli("reminders", "feed", "--new", "--port", "8123")).strip()
    assert other.startswith("http://127.0.0.1:8123/") and other.split("=")[1] != first.split("=")[1]
    assert "reminders" in ok(cli("--help"))
    for command in ("export", "time", "feed"):
        assert "Usage" in ok(cli("reminders", command, "--help"))


# --- the web page, the download and the feed ------------------------------------------------


def test_the_page_saves_the_time_and_the_opt_in(client: TestClient) -> None:
    page = client.get("/reminders")
    assert page.status_code == 200 and "20:00" in page.text
    assert "may sync them" in page.text
    saved = client.post("/reminders", data={"time": "06:15", "full_titles": "yes"})
    assert saved.status_code == 200 and "Saved" in saved.text and "06:15" in saved.text
    store = store_of(client)
    assert reminders.checkin_time(store) == dt.time(6, 15) and reminders.full_titles(store)
    client.post("/reminders", data={"time": "06:15"})
    assert not reminders.full_titles(store)
    bad = client.post("/reminders", data={"time": "half past six"})
    assert bad.status_code == 422 and "24-hour clock" in bad.text and "half past six" in bad.text
    assert reminders.checkin_time(store) == dt.time(6, 15)


def test_the_page_lists_the_first_hundred_and_the_file_holds_them_all(
    client: TestClient,
) -> None:
    with store_of(client).session() as session:
        session.add_all(
            m.SelfPromise(text=f"Promise {n}", due_on=TODAY + dt.timedelta(days=n),
                          status="open", made_by="me", created_at=NOW)
            for n in range(1, 121)
        )  # fmt: skip
    page = client.get("/reminders").text
    assert page.count('<th scope="row" data-label="Reminder"') == LISTED == 100
    assert "And 21 more, not listed here" in page  # the daily check-in and 120 promises
    held = icalendar.Calendar.from_ical(client.post("/reminders/download").content)
    assert len(held.walk("VEVENT")) == 121


def test_settings_and_rituals_link_to_the_page(client: TestClient) -> None:
    assert 'href="/reminders"' in client.get("/settings").text
    assert 'href="/reminders"' in client.get("/rituals").text


def test_the_download_is_a_private_calendar_attachment(client: TestClient) -> None:
    _fill(store_of(client))
    answer = client.post("/reminders/download")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert answer.headers["cache-control"] == "no-store"
    assert CANARY not in answer.text
    assert len(_events(answer.content)) == 4  # four plain titles


def test_the_feed_answers_only_its_token_and_a_new_one_ends_the_old(client: TestClient) -> None:
    store = store_of(client)
    _fill(store)
    outsider = TestClient(client.app)  # no session: a calendar app
    assert outsider.get("/reminders").status_code == 401
    token = reminders.feed_token(store, NOW)
    feed = outsider.get(r.FEED_PATH, params={"token": token})
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert CANARY not in feed.text and "Trustbridge ritual" in feed.text
    for wrong in ("", "x", token[:-1], token + "x"):
        answer = outsider.get(r.FEED_PATH, params={"token": wrong})
        assert answer.status_code == 404 and "Trustbridge" not in answer.text
    assert client.post("/reminders/new-feed").status_code == 200
    assert outsider.get(r.FEED_PATH, params={"token": token}).status_code == 404
    fresh = reminders.feed_token(store, NOW)
    assert fresh != token and fresh in client.get("/reminders").text
    assert outsider.get(r.FEED_PATH, params={"token": fresh}).status_code == 200


def test_the_feed_says_nothing_while_locked_and_does_not_keep_it_open(tmp_path: Path) -> None:
    from trustbridge.services import security

    settings = load_settings(tmp_path / "locked")
    security.create(settings, "a long enough passphrase")
    web = create_app(settings)
    web.dependency_overrides[get_now] = lambda: NOW
    with TestClient(web) as calendar_app:
        vault = web.state.vault
        assert vault.store_unless_locked() is None
        answer = calendar_app.get(r.FEED_PATH, params={"token": "anything"})
        assert answer.status_code == 503 and "locked" in answer.text
        assert "token" not in answer.text.lower()
        vault.open(security.unlock(settings, "a long enough passphrase"))
        token = reminders.feed_token(vault.store(), NOW)
        vault.lock()
        assert calendar_app.get(r.FEED_PATH, params={"token": token}).status_code == 503
        vault.open(security.unlock(settings, "a long enough passphrase"))
        last_used = vault._last_used
        assert calendar_app.get(r.FEED_PATH, params={"token": token}).status_code == 200
        assert vault._last_used == last_used  # polling is not use: the idle lock still comes
