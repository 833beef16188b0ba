"""Set-up with a passphrase, the recovery key, locking and unlocking, on a phone-sized screen."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSPHRASE = "river stone quiet morning"


def _shot(page: Any, name: str) -> None:
    if os.environ.get("TRUSTBRIDGE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_set_up_encrypted_then_lock_and_unlock(first_server: str, phone: Any) -> None:
    page = phone
    page.goto(first_server + "/")
    assert page.url.endswith("/setup") and fits_width(page)
    _shot(page, "setup-375.png")
    page.get_by_label("Choose a passphrase").fill(PASSPHRASE)
    page.get_by_label("Type it again").fill(PASSPHRASE)
    page.get_by_role("button", name="Encrypt and continue").click()
    code = page.locator(".recovery-key code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){7}", code) and fits_width(page)
    _shot(page, "recovery-key-375.png")
    page.get_by_role("link", name="I have written it down").click()
    page.get_by_role("button", name="Lock").click()
    page.wait_for_url("**/unlock*")
    assert fits_width(page)
    _shot(page, "unlock-375.png")
    page.get_by_label("Passphrase").fill("not the right one")
    page.get_by_role("button", name="Unlock").click()
    assert page.get_by_text("open this journal").is_visible()
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Unlock").click()
    assert page.url.rstrip("/") == first_server and page.get_by_role("button", name="Lock")
