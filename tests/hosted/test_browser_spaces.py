"""Two partners on a phone (375 px), each in a browser of their own, on a served hosted app.

The real ``trustbridge serve --database-url`` on the throwaway PostgreSQL, as the app's own
role, and Debian's chromium driven by Playwright. Admin invites Maya into a partner space and
Maya accepts; Admin writes a shared ritual and a private one; Maya writes a private one. Maya
sees Admin's shared ritual only, and Admin never sees Maya's.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width
from tests.hosted.web import ADMIN_PASSWORD, MAYA_PASSWORD, app_role_url
from tests.served import OPENER, TRUSTBRIDGE, free_port
from trustbridge.config import Settings
from trustbridge.services.accounts import Accounts
from trustbridge.store.db import make_engine

pytestmark = pytest.mark.browser


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A hosted server (plain HTTP, only for this test on 127.0.0.1), with Admin and Maya."""
    app_url = app_role_url(database_url, tmp_path)
    engine = make_engine(Settings(tmp_path, database_url))
    try:
        accounts = Accounts(engine)
        accounts.create("Admin", ADMIN_PASSWORD, is_admin=True)
        token, _ = accounts.invite(None)
        accounts.accept(token, "Maya", MAYA_PASSWORD)
    finally:
        engine.dispose()
    port = free_port()
    env = {**os.environ, "TRUSTBRIDGE_HOME": str(tmp_path / "home")}
    env.pop("TRUSTBRIDGE_DATABASE_URL", None)
    with (tmp_path / "serve.out").open("wb") as out, (tmp_path / "serve.err").open("wb") as err:
        server = subprocess.Popen(
            [*TRUSTBRIDGE, "serve", "--database-url", app_url, "--port", str(port),
             "--plain-http"],
            env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until it answers (start-up loads the crisis check's model)
            try:
                OPENER.open(urllib.request.Request(f"{base}/signin"), timeout=5).close()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.err").read_text()
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _phone(chromium: Any, base: str, name: str, password: str) -> Any:
    context = chromium.new_context(viewport={"width": 375, "height": 812}, base_url=base)
    page = context.new_page()
    page.goto("/signin")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/")
    return page


def _ritual(page: Any, name: str, *, shared: bool) -> None:
    page.goto("/rituals")
    page.fill("#r-name", name)
    if shared:
        page.check("#r-shared")
    page.click("button:has-text('Save ritual')")
    page.wait_for_selector("text=Your ritual is saved")
    assert fits_width(page)


def test_partners_share_a_ritual_and_each_sees_only_what_they_should(
    browser: Any,
    served: str,
) -> None:
    admin = _phone(browser, served, "Admin", ADMIN_PASSWORD)
    maya = _phone(browser, served, "Maya", MAYA_PASSWORD)
    try:
        admin.goto("/partner-space")
        assert fits_width(admin)
        admin.fill("#partner-name", "Maya")
        admin.click("button:has-text('Invite')")
        admin.wait_for_selector("text=Your invitation is waiting")

        maya.goto("/partner-space")
        maya.click("button:has-text('Accept')")
        maya.wait_for_selector("text=You share a space with")
        assert fits_width(maya)

        _ritual(admin, "Tea together on Sunday", shared=True)
        _ritual(admin, "A walk on my own", shared=False)
        _ritual(maya, "My quiet hour", shared=False)

        maya.goto("/partner-space")
        shared = maya.locator("[data-author=partner]")
        assert shared.count() == 1 and "Tea together on Sunday" in shared.inner_text()
        assert "only they can change it" in shared.inner_text()
        assert "A walk on my own" not in maya.content()
        assert fits_width(maya)
        maya.goto("/rituals")
        assert "Tea together on Sunday" not in maya.content()  # her own list stays her own

        for path in ("/partner-space", "/rituals", "/"):
            admin.goto(path)
            assert "My quiet hour" not in admin.content(), path
        admin.goto("/partner-space")
        assert admin.locator("[data-author=partner]").count() == 0
        assert "Tea together on Sunday" in admin.locator("[data-author=mine]").inner_text()
    finally:
        admin.context.close()
        maya.context.close()


def test_a_file_from_another_app_is_previewed_then_imported_on_a_phone(
    browser: Any,
    served: str,
) -> None:
    """The preview, the file chosen again, and the outcome, each fitting 375 px."""
    jrnl = str(Path(__file__).parents[1] / "data" / "jrnl.json")
    maya = _phone(browser, served, "Maya", MAYA_PASSWORD)
    try:
        maya.goto("/settings/exchange")
        assert fits_width(maya)
        maya.set_input_files("#file-jrnl", jrnl)
        maya.click("#import-jrnl button:has-text('Show what would be imported')")
        maya.wait_for_selector("text=Before you import")
        assert "Written between" in maya.content() and "Choose jrnl.json again" in maya.content()
        assert fits_width(maya)
        maya.set_input_files("#file-again", jrnl)
        maya.click("button:has-text('Import all')")
        maya.wait_for_selector("text=Imported 3 entries")
        assert fits_width(maya)
    finally:
        maya.context.close()


def test_a_calendar_feed_is_made_on_a_phone_and_read_without_a_session(
    browser: Any,
    served: str,
) -> None:
    maya = _phone(browser, served, "Maya", MAYA_PASSWORD)
    try:
        maya.goto("/reminders")
        maya.click("button:has-text('Make a feed address')")
        maya.wait_for_selector("text=Your feed address is made")
        assert fits_width(maya)
        address = maya.input_value("#r-feed")
        assert address.startswith(f"{served}/reminders/feed.ics?token=")
    finally:
        maya.context.close()
    with OPENER.open(urllib.request.Request(address), timeout=10) as answer:  # no cookie
        assert answer.status == 200 and b"BEGIN:VCALENDAR" in answer.read()
