"""The safety plan: CLI and web, Help now showing it first, and the copy outside the encryption.

The outside copy exists only when the person asks for it: a 0600 file rewritten on each save,
and overwritten then removed when they turn it off or delete everything. With it off, nothing
of the plan is anywhere but the encrypted store.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from tests.integration.support import HTMX, NOW, Invoke, ok, signed_in, store_of
from trustbridge.cli.app import app
from trustbridge.config import Settings, load_settings
from trustbridge.services import backups, safety_plan, security
from trustbridge.store.db import open_store
from trustbridge.web.app import create_app
from trustbridge.web.deps import get_now

PASSPHRASE = "a long enough passphrase"
SIGN = "Sleeping all day and skipping meals"
REASON = "Walking Pepper by the canal"
OUTSIDE = safety_plan.OUTSIDE_FILENAME


@pytest.fixture(autouse=True)
def _no_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTBRIDGE_KEY_CACHE_MINUTES", "0")
    monkeypatch.delenv("TRUSTBRIDGE_PASSPHRASE", raising=False)


def run(settings: Settings, *args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(app, ["--home", str(settings.data_dir), *args], input=input)
    assert "Traceback" not in result.output
    return result


def encrypted_with_plan(settings: Settings, keep_outside: bool) -> None:
    security.create(settings, PASSPHRASE)
    store = open_store(security.unlock(settings, PASSPHRASE))
    try:
        raw = {"warning_signs": SIGN, "reasons_for_living": REASON, "keep_outside": keep_outside}
        safety_plan.save_plan(store, raw, NOW)
    finally:
        store.close()


def locked_client(settings: Settings) -> TestClient:
    web = create_app(settings)
    web.dependency_overrides[get_now] = lambda: NOW
    return signed_in(TestClient(web))


# --- the command line -------------------------------------------------------------------------


def test_edit_show_and_help_now_first(cli: Invoke, settings: Settings) -> None:
    assert "no safety plan yet" in ok(cli("safety-plan", "show"))
    empty = cli("--no-input", "safety-plan", "edit")
    assert empty.exit_code == 2 and "nothing to save" in empty.stderr.lower()
    out = ok(cli("safety-plan", "edit", "--warning-signs", SIGN, "--reasons-for-living", REASON))
    assert "saved" in out and "No copy is kept outside" in out
    assert not (settings.data_dir / OUTSIDE).exists()
    ok(cli("safety-plan", "edit", "--on-my-own", "A hot shower, then tea"))
    shown = ok(cli("safety-plan", "show"))
    assert SIGN in shown and REASON in shown and "A hot shower" in shown  # earlier parts kept
    data = json.loads(ok(cli("safety-plan", "show", "--json")))
    assert data["warning_signs"] == SIGN and data["keep_outside"] is False
    helped = ok(cli("help-now"))
    assert (
        helped.index(SIGN) < helped.index("What you can do right now") < helped.index("Helplines")
    )
    cleared = ok(cli("safety-plan", "edit", "--on-my-own", ""))
    assert "A hot shower" not in cleared and "A hot shower" not in ok(cli("safety-plan", "show"))


def test_at_a_terminal_enter_keeps_each_part(cli: Invoke, terminal: None) -> None:
    ok(cli("safety-plan", "edit", "--warning-signs", SIGN))
    answers = "\n" + "Call my sister\n" + "\n" * 5
    out = ok(cli("safety-plan", "edit", input=answers))
    assert f"Now: {SIGN}" in out and "Enter to keep it" in out
    shown = ok(cli("safety-plan", "show"))
    assert SIGN in shown and "Call my sister" in shown


def test_crisis_words_get_a_calm_line_not_the_alarm(cli: Invoke) -> None:
    out = ok(cli("safety-plan", "edit", "--warning-signs", "When I think about killing myself"))
    assert "trustbridge help-now" in out
    assert "safely saved" not in out  # the full notice's opening


def test_outside_copy_on_then_off(cli: Invoke, settings: Settings) -> None:
    path = settings.data_dir / OUTSIDE
    ok(cli("safety-plan", "edit", "--warning-signs", SIGN, "--keep-outside"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["parts"]["warning_signs"] == SIGN
    ok(cli("safety-plan", "edit", "--reasons-for-living", REASON))  # rewritten on each save
    assert json.loads(path.read_text())["parts"]["reasons_for_living"] == REASON
    ok(cli("safety-plan", "edit", "--no-keep-outside"))
    assert not path.exists()
    assert SIGN in ok(cli("safety-plan", "show"))


def test_locked_help_now_shows_the_plan_only_with_the_outside_copy(tmp_path: Path) -> None:
    inside = load_settings(tmp_path / "inside")
    encrypted_with_plan(inside, keep_outside=False)
    quiet = run(inside, "--no-input", "help-now")
    assert quiet.exit_code == 0 and SIGN not in quiet.stdout
    assert "once Trustbridge is unlocked" in quiet.stdout
    outside = load_settings(tmp_path / "outside")
    encrypted_with_plan(outside, keep_outside=True)
    shown = run(outside, "--no-input", "help-now")
    assert shown.exit_code == 0
    assert shown.stdout.index(REASON) < shown.stdout.index("What you can do right now")


def test_with_the_option_off_no_file_holds_the_plan(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "sealed")
    encrypted_with_plan(settings, keep_outside=False)
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SIGN.encode() not in data and REASON.encode() not in data, path


def test_delete_everything_removes_the_outside_copy(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "gone")
    encrypted_with_plan(settings, keep_outside=True)
    path = settings.data_dir / OUTSIDE
    assert path.exists()
    removed = backups.delete_everything(security.unlock(settings, PASSPHRASE))
    assert path in removed and not path.exists()
    assert not settings.data_dir.exists()


# --- the browser ------------------------------------------------------------------------------


def test_web_form_saves_shows_and_stays_calm(client: TestClient) -> None:
    page = client.get("/safety-plan")
    assert page.status_code == 200 and "Write my plan" in page.text
    assert "This copy is not encrypted" in page.text
    assert 'name="keep_outside"' in page.text and " checked" not in page.text
    empty = client.post("/safety-plan", data={"warning_signs": "  "})
    assert empty.status_code == 422 and "nothing to save" in empty.text.lower()
    saved = client.post(
        "/safety-plan",
        data={"warning_signs": "I think about ending my life", "reasons_for_living": REASON},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "care=urgent" in saved.headers["location"]
    shown = client.get(saved.headers["location"]).text
    assert REASON in shown and "Help now shows this first" in shown
    assert "You do not have to carry this alone" not in shown  # no alarm for a plan
    assert 'href="/help-now">Help now</a> is one tap away' in shown
    plan = safety_plan.get_plan(store_of(client))
    assert plan is not None and plan.owner_id is None and plan.shared is False
    helped = client.get("/help-now").text
    assert helped.index(REASON) < helped.index("emergency-title") < helped.index("helplines-title")


def test_web_keep_outside_checkbox_writes_and_removes(client: TestClient) -> None:
    folder = store_of(client).settings.data_dir
    on = client.post(
        "/safety-plan", data={"distractions": "The library", "keep_outside": "on"}, headers=HTMX
    )
    assert on.status_code == 200 and "kept outside the encryption" in on.text
    assert stat.S_IMODE((folder / OUTSIDE).stat().st_mode) == 0o600
    client.post("/safety-plan", data={"distractions": "The library"})
    assert not (folder / OUTSIDE).exists()
    client.post("/safety-plan", data={"distractions": "The library", "keep_outside": "on"})
    gone = client.post("/safety-plan/delete", follow_redirects=False)
    assert gone.status_code == 303 and not (folder / OUTSIDE).exists()
    assert safety_plan.get_plan(store_of(client)) is None


@pytest.fixture
def locked_inside(tmp_path: Path) -> Iterator[TestClient]:
    settings = load_settings(tmp_path / "li")
    encrypted_with_plan(settings, keep_outside=False)
    with locked_client(settings) as client:
        yield client


@pytest.fixture
def locked_outside(tmp_path: Path) -> Iterator[TestClient]:
    settings = load_settings(tmp_path / "lo")
    encrypted_with_plan(settings, keep_outside=True)
    with locked_client(settings) as client:
        yield client


def test_web_help_now_while_locked(locked_inside: TestClient, locked_outside: TestClient) -> None:
    quiet = locked_inside.get("/help-now").text
    assert SIGN not in quiet and "once you unlock Trustbridge" in quiet
    shown = locked_outside.get("/help-now").text
    assert shown.index(SIGN) < shown.index("emergency-title")
    stranger = TestClient(locked_outside.app)  # no session: the open page stays general
    assert SIGN not in stranger.get("/help-now").text
