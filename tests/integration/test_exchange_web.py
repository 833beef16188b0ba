"""Settings in the browser: the settings index, export downloads, and imports that show a preview,
then run whole (or not at all) with their progress shown."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.integration.support import HTMX, NOW, signed_in, store_of
from trustbridge.services import entries

DATA = Path(__file__).parents[1] / "data"
UPLOADS = {
    "json": None,
    "jrnl": ("jrnl.json", "journal", 3),
    "daylio": ("daylio.csv", "checkin", 5),
    "freecbt": ("freecbt.json", "thought_record", 2),
}


def upload(client: TestClient, key: str, name: str, data: bytes, **fields: str) -> Response:
    return client.post(
        f"/settings/exchange/import/{key}", files={"file": (name, data)}, data=fields
    )


def token_of(page: Response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def finish(client: TestClient, token: str) -> Response:
    """Press "Import all", then follow the progress page until the import is over."""
    started = client.post(
        "/settings/exchange/confirm", data={"token": token}, follow_redirects=False
    )
    assert started.status_code == 303
    job = started.headers["location"]
    for _ in range(200):
        page = client.get(job)
        if "Importing…" not in page.text:
            return page
        time.sleep(0.02)
    raise AssertionError("the import did not finish")


def test_settings_links_everywhere_it_should(client: TestClient) -> None:
    home = client.get("/")
    assert 'href="/settings"' in home.text
    page = client.get("/settings")
    assert page.status_code == 200
    for href in ("/settings/exchange", "/settings/backups", "/settings/delete"):
        assert f'href="{href}"' in page.text


def test_exchange_page_offers_every_export_and_importer(client: TestClient) -> None:
    page = client.get("/settings/exchange")
    assert page.status_code == 200
    assert 'action="/settings/exchange/export/json"' in page.text
    assert 'action="/settings/exchange/export/markdown"' in page.text
    for key in UPLOADS:
        assert f'action="/settings/exchange/import/{key}"' in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_json_download_is_an_uncached_attachment(client: TestClient) -> None:
    entries.add(store_of(client), "journal", {"body": "Only mine"}, NOW)
    response = client.post("/settings/exchange/export/json")
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="trustbridge-export-2026-03-14.json"'
    )
    assert response.headers["cache-control"] == "no-store"
    document = json.loads(response.content)
    assert document["tables"]["journal_entries"][0]["body"] == "Only mine"


def test_markdown_download_whole_or_one_stage(client: TestClient) -> None:
    entries.add(store_of(client), "checkin", {"mood": "3", "emotion": "tired"}, NOW)  # type: ignore[arg-type]
    whole = client.post("/settings/exchange/export/markdown", data={"stage": ""})
    assert (
        whole.headers["content-disposition"] == 'attachment; filename="trustbridge-2026-03-14.md"'
    )
    assert whole.headers["cache-control"] == "no-store"
    assert whole.text.startswith("# My Trustbridge\n") and "tired" in whole.text
    stage = client.post("/settings/exchange/export/markdown", data={"stage": "3"})
    assert 'filename="trustbridge-stage-3-2026-03-14.md"' in stage.headers["content-disposition"]
    assert "tired" in stage.text
    assert (
        client.post("/settings/exchange/export/markdown", data={"stage": "12"}).status_code == 400
    )


@pytest.mark.parametrize("key", ["jrnl", "daylio", "freecbt"])
def test_upload_shows_a_preview_then_imports_all(client: TestClient, key: str) -> None:
    name, slug, count = UPLOADS[key]  # type: ignore[misc]
    page = upload(client, key, name, (DATA / name).read_bytes())
    assert page.status_code == 200
    assert "Before you import" in page.text and f"<td>{count}</td>" in page.text
    assert "Import all" in page.text and "Written between " in page.text
    assert entries.counts(store_of(client))[slug] == 0
    done = finish(client, token_of(page))
    assert f"Imported {count} entries" in done.text
    assert entries.counts(store_of(client))[slug] == count


def test_a_preview_can_be_imported_only_once(client: TestClient) -> None:
    token = token_of(upload(client, "jrnl", "jrnl.json", (DATA / "jrnl.json").read_bytes()))
    finish(client, token)
    again = client.post("/settings/exchange/confirm", data={"token": token})
    assert again.status_code == 410 and "expired" in again.text
    assert entries.counts(store_of(client))["journal"] == 3


def test_a_broken_upload_names_the_line_and_stores_nothing(client: TestClient) -> None:
    broken = (
        DATA / "daylio.csv"
    ).read_bytes() + b"2025-10-29,x,Wednesday,20:00,9,,,my secret words\n"
    page = upload(client, "daylio", "daylio.csv", broken)
    assert page.status_code == 422
    assert "Line 7, mood: Your mood must be a whole number between 1 and 5." in page.text
    assert "my secret words" not in page.text
    assert entries.counts(store_of(client))["checkin"] == 0


def test_no_file_chosen(client: TestClient) -> None:
    page = client.post("/settings/exchange/import/jrnl", files={"file": ("", b"")})
    assert page.status_code == 422 and "choose a file" in page.text


def test_renamed_daylio_moods_from_the_form(client: TestClient) -> None:
    custom = (
        b"full_date,date,weekday,time,mood,activities,note_title,note\n"
        b"2025-03-02,March 2,Sunday,20:00,sleepy,,,\n2025-03-01,March 1,Saturday,20:00,cosy,,,\n"
    )
    page = upload(client, "daylio", "custom.csv", custom, moods="sleepy=2, cosy=4")
    assert "<td>2</td>" in page.text
    finish(client, token_of(page))
    assert sorted(c.mood for c in entries.recent(store_of(client), "checkin")) == [2, 4]
    bad = upload(client, "daylio", "custom.csv", custom, moods="sleepy")
    assert bad.status_code == 422 and "sleepy=2" in bad.text


def test_full_export_round_trip_and_refusal_when_not_empty(
    client: TestClient, tmp_path: Path
) -> None:
    token = token_of(upload(client, "jrnl", "jrnl.json", (DATA / "jrnl.json").read_bytes()))
    finish(client, token)
    exported = client.post("/settings/exchange/export/json").content
    refused = upload(client, "json", "export.json", exported)
    assert refused.status_code == 422 and "already has entries" in refused.text

    from trustbridge.config import load_settings
    from trustbridge.store.db import open_store
    from trustbridge.web.app import create_app

    fresh_settings = load_settings(tmp_path / "fresh")
    open_store(fresh_settings).close()
    with signed_in(TestClient(create_app(fresh_settings))) as fresh:
        page = upload(fresh, "json", "export.json", exported)
        assert "<td>3</td>" in page.text and "Journal entries" in page.text
        assert "Imported 3 entries" in finish(fresh, token_of(page)).text
        again = json.loads(fresh.post("/settings/exchange/export/json").content)
    assert again["tables"] == json.loads(exported)["tables"]


def test_progress_page_polls_with_htmx_while_running(client: TestClient) -> None:
    from trustbridge.web.routes_settings import ImportJob

    client.get("/settings/exchange")
    token_of(upload(client, "jrnl", "jrnl.json", (DATA / "jrnl.json").read_bytes()))
    registry = client.app.state.exchange  # type: ignore[attr-defined]
    registry.start(ImportJob("running-job", "Daylio", done=250, total=1000))
    partial = client.get("/settings/exchange/jobs/running-job", headers=HTMX)
    assert "<html" not in partial.text
    assert 'hx-get="/settings/exchange/jobs/running-job"' in partial.text
    assert 'hx-select="#job"' in partial.text
    assert '<progress max="1000" value="250"' in partial.text and "250 of 1000" in partial.text
    assert client.get("/settings/exchange/jobs/nope").status_code == 404


def test_a_failed_import_says_nothing_was_imported(client: TestClient) -> None:
    from trustbridge.web.routes_settings import ImportJob

    token_of(upload(client, "jrnl", "jrnl.json", (DATA / "jrnl.json").read_bytes()))
    registry = client.app.state.exchange  # type: ignore[attr-defined]
    registry.start(ImportJob("failed-job", "jrnl", state="failed", message="Line 3: broken"))
    page = client.get("/settings/exchange/jobs/failed-job")
    assert "Nothing was imported" in page.text and "Line 3: broken" in page.text
    assert "hx-trigger" not in page.text


def test_unknown_importer(client: TestClient) -> None:
    assert upload(client, "evernote", "x.enex", b"<x/>").status_code == 404
