"""Today, the stages page and the circle keep what they read between visits (``Vault.reuse``):
whatever changes the store, this server or a ``trustbridge`` command run meanwhile, or the
day moving on, must show on the next visit."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.integration.support import NOW, ok
from trustbridge.cli.app import app
from trustbridge.web.deps import get_now


def run_cli(client: TestClient, *args: str) -> str:
    """A ``trustbridge`` command on the web app's own store, as from another terminal."""
    home = client.app.state.vault.base.data_dir  # type: ignore[attr-defined]
    return ok(CliRunner().invoke(app, ["--home", str(home), *args]))


def test_a_check_in_saved_from_the_command_line_shows_on_the_next_visit(
    client: TestClient,
) -> None:
    assert 'action="/checkin"' in client.get("/").text  # counted once, and kept
    assert 'action="/checkin"' in client.get("/").text
    run_cli(client, "checkin", "--mood", "4", "--date", NOW.date().isoformat())
    after = client.get("/").text
    assert 'action="/checkin"' not in after and "Add another check-in" in after


def test_the_stages_page_counts_a_check_in_made_from_the_command_line(client: TestClient) -> None:
    def stage_list() -> str:
        page = client.get("/stages").text
        return page[page.index('class="stage-list"') :]

    assert "done so far" not in stage_list()
    run_cli(client, "checkin", "--mood", "3")
    assert "1 thing done so far" in stage_list()
    assert client.get("/stages").text == client.get("/stages").text


def test_a_new_day_offers_a_new_check_in(client: TestClient) -> None:
    client.post("/checkin", data={"mood": "4"})
    assert 'action="/checkin"' not in client.get("/").text
    client.app.dependency_overrides[get_now] = lambda: NOW + dt.timedelta(days=1)  # type: ignore[attr-defined]
    assert 'action="/checkin"' in client.get("/").text


def test_locking_and_deleting_forget_what_was_kept(client: TestClient) -> None:
    client.post("/checkin", data={"mood": "4"})
    assert 'action="/checkin"' not in client.get("/").text
    vault = client.app.state.vault  # type: ignore[attr-defined]
    vault.close()
    assert vault._kept == {} and vault._watcher is None
    assert "Add another check-in" in client.get("/").text  # opened again, looked up again


def test_the_circle_shows_someone_added_from_the_command_line(client: TestClient) -> None:
    assert "Robin" not in client.get("/circle").text  # looked up once, and kept
    run_cli(client, "person", "add", "--name", "Robin", "--kind", "friend")
    assert "Robin" in client.get("/circle").text
