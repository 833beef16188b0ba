"""Check-ins and journal entries dated in the past: by the service, the command line and the web."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import NOW, Invoke, ok, store_of
from trustbridge.domain.fields import ValidationError
from trustbridge.services import entries
from trustbridge.services.base import local_day
from trustbridge.store.db import Store

DAY = dt.timedelta(days=1)


def test_a_check_in_can_be_for_an_earlier_day(store: Store, now: dt.datetime) -> None:
    earlier = local_day(now) - 3 * DAY
    saved = entries.add(store, "checkin", {"mood": 2, "day": earlier.isoformat()}, now)
    assert saved.record.day == earlier
    assert saved.record.created_at.astimezone().date() == earlier
    assert saved.record.created_at.astimezone().time() == now.astimezone().time()


def test_a_journal_entry_can_be_for_an_earlier_day(store: Store, now: dt.datetime) -> None:
    earlier = local_day(now) - DAY
    entries.add(store, "journal", {"body": "today"}, now)
    saved = entries.add(store, "journal", {"body": "yesterday", "day": earlier}, now)
    assert saved.record.created_at.astimezone().date() == earlier
    assert [e.body for e in entries.recent(store, "journal")] == ["today", "yesterday"]


def test_no_day_means_today(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "checkin", {"mood": 3}, now)
    assert saved.record.day == local_day(now) and saved.record.created_at == now


@pytest.mark.parametrize("slug", ["checkin", "journal"])
def test_not_in_the_future(store: Store, now: dt.datetime, slug: str) -> None:
    raw = {"mood": 3, "body": "x", "day": (local_day(now) + DAY).isoformat()}
    with pytest.raises(ValidationError) as refused:
        entries.add(store, slug, raw, now)
    assert refused.value.errors["day"] == "The day cannot be in the future."


@pytest.mark.parametrize(("slug", "years"), [("checkin", 2), ("journal", 11)])
def test_not_before_a_sane_floor(store: Store, now: dt.datetime, slug: str, years: int) -> None:
    raw = {"mood": 3, "body": "x", "day": (local_day(now) - years * 366 * DAY).isoformat()}
    with pytest.raises(ValidationError) as refused:
        entries.add(store, slug, raw, now)
    assert refused.value.errors["day"].startswith("The day must be on or after")


def test_an_edit_can_move_a_check_in_to_another_day(store: Store, now: dt.datetime) -> None:
    saved = entries.add(store, "checkin", {"mood": 3}, now)
    earlier = local_day(now) - 2 * DAY
    entries.update(store, "checkin", saved.record.id, {"mood": 3, "day": earlier}, now)
    record = entries.get(store, "checkin", saved.record.id)
    assert record.day == earlier and record.created_at.astimezone().date() == earlier


def test_cli_date_words(cli: Invoke) -> None:
    from trustbridge.cli import context

    today = context.today()
    ok(cli("checkin", "--mood", "2", "--date", "yesterday"))
    ok(cli("journal", "add", "--body", "then", "--date", "-3"))
    ok(cli("journal", "add", "--body", "iso", "--date", (today - 5 * DAY).isoformat()))
    assert json.loads(ok(cli("checkin", "list", "--json")))[0]["day"] == str(today - DAY)
    written = [j["created_at"][:10] for j in json.loads(ok(cli("journal", "list", "--json")))]
    assert len(written) == 2
    refused = cli("journal", "add", "--body", "x", "--date", "tomorrow")
    assert refused.exit_code != 0 and "cannot be in the future" in refused.output


def test_quick_check_in_still_works(cli: Invoke) -> None:
    ok(cli("checkin", "--mood", "4", "--note", "fine"))
    assert json.loads(ok(cli("checkin", "list", "--json")))[0]["mood"] == 4


def test_web_journal_form_has_a_day_and_saves_it(client: TestClient) -> None:
    page = client.get("/tools/journal").text
    assert 'name="day"' in page and f'max="{local_day(NOW).isoformat()}"' in page
    earlier = (local_day(NOW) - 4 * DAY).isoformat()
    done = client.post("/tools/journal", data={"body": "then", "day": earlier})
    assert done.status_code == 200
    entry = entries.recent(store_of(client), "journal")[0]
    assert entry.created_at.astimezone().date().isoformat() == earlier


def test_web_check_in_for_another_day_and_a_future_day_refused(client: TestClient) -> None:
    assert 'name="day"' in client.get("/tools/checkin?another=1").text
    earlier = (local_day(NOW) - DAY).isoformat()
    client.post("/checkin", data={"mood": "3", "day": earlier})
    assert entries.recent(store_of(client), "checkin")[0].day.isoformat() == earlier
    future = (local_day(NOW) + DAY).isoformat()
    refused = client.post("/checkin", data={"page": "/tools/checkin", "mood": "3", "day": future})
    assert refused.status_code == 422 and "cannot be in the future" in refused.text
