"""The pages on a phone (375 px), in a real browser, on an encrypted store with some history.

Help now stays in view from any scroll position, the nav (Lock included) is one row, heading
levels never skip on any page, Lock keeps text being typed, Help now finds your country
without JavaScript, the check-in page uses Today's tiles, and right-to-left writing reads
right to left.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.served import serving

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSPHRASE = "river stone quiet morning"
HEBREW_TITLE = "יום ארוך"
HEBREW_BODY = "היום הלכתי לים עם חברה ודיברנו הרבה"
#: the pages that run longest on a phone
LONG_PAGES = ("/", "/circle/1", "/help-now", "/tools/thought-record", "/stages")


class Site(str):
    """The server's base URL, with the id of the person who has some evidence."""

    person: int


def _fill(home: Path) -> int:
    """An encrypted store with a person, a few moments with them, and a few entries."""
    from trustbridge.config import load_settings
    from trustbridge.domain.relations import DIMENSION_CHOICES
    from trustbridge.services import entries, people, security
    from trustbridge.store.db import open_store

    made = security.create(load_settings(home), PASSPHRASE)
    store = open_store(made.settings)
    now = dt.datetime.now(dt.UTC)
    try:
        maya = people.add_person(store, {"name": "Maya", "kind": "friend"}, now).record
        dimensions = [key for key, _ in DIMENSION_CHOICES]
        notes = ["She came to help me move", "She forgot our call", "She kept my secret"]
        for i in range(6):
            moment = {
                "person": maya.id,
                "dimension": dimensions[i % len(dimensions)],
                "direction": "negative" if i == 1 else "positive",
                "weight": "significant" if i % 2 else "small",
                "occurred_on": now.astimezone().date().isoformat(),
                "note": notes[i % len(notes)],
            }
            people.add_evidence(store, moment, now)
        entries.add(store, "checkin", {"mood": "4", "emotion": "calm"}, now)
        entries.add(store, "journal", {"title": HEBREW_TITLE, "body": HEBREW_BODY}, now)
        _ritual(store, now)
        return int(maya.id)
    finally:
        store.close()


def _ritual(store: Any, now: dt.datetime) -> None:
    """A weekly ritual started twelve weeks ago and kept in nine of those weeks."""
    from trustbridge.services import growth

    started = now - dt.timedelta(weeks=12)
    walk = growth.add_ritual(store, {"name": "Sunday walk", "cadence": "weekly"}, started)
    for week in (0, 1, 2, 4, 5, 6, 8, 10, 11):
        day = (started + dt.timedelta(weeks=week, days=1)).astimezone().date()
        growth.keep_ritual(store, walk.record.id, {"kept_on": day.isoformat()}, now)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    home = tmp_path / "data"
    person = _fill(home)
    with serving(home) as served:
        url = Site(served.url)
        url.person = person
        yield url


def _unlock(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.get_by_label("Passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Unlock").click()
    page.wait_for_url(url + "/")


def _path(site: Site, path: str) -> str:
    return path.replace("/circle/1", f"/circle/{site.person}")


IN_VIEW = """(el) => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.top >= 0 && r.bottom <= window.innerHeight && (hit === el || el.contains(hit));
}"""


def test_help_now_is_in_view_from_the_bottom_of_every_long_page(site: Site, phone: Any) -> None:
    _unlock(phone, site)
    for path in LONG_PAGES:
        phone.goto(site + _path(site, path))
        phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        phone.wait_for_function("window.scrollY > 0")  # the page is long enough to scroll
        help_now = phone.locator(".site-header").get_by_role("link", name="Help now")
        assert help_now.evaluate(IN_VIEW), f"Help now is out of view at the bottom of {path}"
        items = phone.locator(".site-nav li")
        assert items.count() == 5  # Today, Stages, Journal, People and Lock
        rows = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
        assert len(rows) == 1, f"the nav wraps onto {len(rows)} rows on {path}"


def test_long_pages_fold_or_jump(site: Site, phone: Any) -> None:
    _unlock(phone, site)
    phone.emulate_media(reduced_motion="reduce")
    phone.goto(site + "/")
    stages = phone.locator(".stage-list")
    assert not stages.is_visible()  # Today folds the stages: they are one tap away
    phone.locator("summary", has_text="Every stage and its tools").click()
    assert stages.is_visible()
    header = phone.locator(".site-header")
    for path, link, target in (
        ("/help-now", "Helplines", "#helplines-title"),
        ("/tools/thought-record", "Earlier records", "#recent-title"),
        (f"/circle/{site.person}", "Gut checks", "#gut-title"),
    ):
        phone.goto(site + path)
        phone.locator("nav.jump").get_by_role("link", name=link).click()
        top = phone.locator(target).bounding_box()["y"]
        below = header.bounding_box()["height"]
        assert below <= top < phone.viewport_size["height"], f"{path}: {target} not in view"


def test_moving_back_with_the_keyboard_never_hides_the_focus_under_the_header(
    site: Site, phone: Any
) -> None:
    _unlock(phone, site)
    phone.emulate_media(reduced_motion="reduce")  # scrolls then happen at once, to be measured
    phone.goto(site + "/tools/thought-record")
    assert phone.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    phone.get_by_role("button", name="Save thought record").focus()
    header = phone.locator(".site-header").bounding_box()
    for _ in range(25):
        phone.keyboard.press("Shift+Tab")
        box = phone.evaluate(
            "(() => { const e = document.activeElement;"
            " if (e.closest('.site-header')) return null;"
            " const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })()"
        )
        if box is None:
            break
        assert box[0] >= header["y"] + header["height"] - 1, "the focus went under the header"


def _headings(page: Any) -> list[int]:
    return list(
        page.evaluate(
            "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
            ".filter(h => h.getClientRects().length > 0).map(h => Number(h.tagName[1]))"
        )
    )


def _links(page: Any, base: str) -> set[str]:
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    found = set()
    for href in hrefs:
        parts = urlsplit(href)
        if href.startswith(base) and not parts.path.startswith(("/static", "/open")):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_heading_levels_never_skip_on_any_page(site: Site, desktop: Any) -> None:
    """What axe's heading-order rule checks, on every page reachable from Today."""
    _unlock(desktop, site)
    seen: set[str] = set()
    queue = ["/", "/stages", f"/circle/{site.person}", "/help-now", "/settings"]
    skipped = []
    while queue and len(seen) < 150:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        answer = desktop.request.get(site + path)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue  # an export or other download
        desktop.goto(site + path)
        levels = _headings(desktop)
        for before, level in zip([0, *levels], levels, strict=False):
            if level > before + 1:
                skipped.append(f"{path}: h{before} then h{level}")
        queue += sorted(_links(desktop, site) - seen)
    assert len(seen) > 40, "the crawl found too few pages to mean much"
    assert not skipped, skipped


def test_lock_keeps_text_being_typed_until_unlocked(site: Site, phone: Any) -> None:
    _unlock(phone, site)
    phone.goto(site + "/tools/journal")
    phone.get_by_label("What is on your mind").fill("Words I have not saved yet")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Lock").click()
    # the unlock page, holding the journal's form (not saved, not shown)
    assert phone.get_by_role("heading", name="Trustbridge is locked").is_visible()
    assert phone.get_by_text("not saved yet").first.is_visible()
    assert "Words I have not saved yet" not in phone.locator("main").inner_text()
    phone.get_by_label("Passphrase").fill(PASSPHRASE)
    phone.get_by_role("button", name="Unlock").click()
    phone.get_by_role("button", name="Save it now").click()
    phone.get_by_text("Words I have not saved yet").first.wait_for()
    assert "/tools/journal/" in phone.url

    phone.goto(site + "/tools/journal")  # nothing typed: Lock just locks
    with phone.expect_navigation():
        phone.get_by_role("button", name="Lock").click()
    assert "/unlock" in phone.url and phone.get_by_text("not saved yet").count() == 0


def test_help_now_finds_your_country_without_javascript(server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "/help-now")
        page.get_by_label("Where are you?").select_option(label="United Kingdom")
        page.get_by_role("button", name="Show").click()
        assert page.get_by_role("heading", name="Helplines in United Kingdom").is_visible()
        assert page.get_by_role("row").filter(has_text="Samaritans").first.is_visible()
        in_the_us = page.get_by_role("row").filter(has_text="988 Suicide")
        assert not in_the_us.is_visible()  # folded, one tap away
        page.locator("summary", has_text="Helplines in other countries").click()
        assert in_the_us.is_visible()
        page.goto(server + "/help-now")  # remembered
        assert page.get_by_text("In United Kingdom:").is_visible()
    finally:
        context.close()


def test_the_check_in_page_is_the_same_three_taps(server: str, phone: Any) -> None:
    phone.goto(server + "/tools/checkin")
    phone.locator("#c-mood label.tile", has_text="2 Low").click()
    phone.locator("#c-connection label.tile", has_text="Alone").click()
    phone.get_by_role("button", name="Save check-in").click()
    phone.get_by_text("Thank you for checking in").wait_for()
    assert phone.url.endswith("/tools/checkin")
    phone.get_by_role("link", name="See earlier check-ins").click()
    assert phone.locator(".entry-list li").count() == 1


def test_right_to_left_writing_reads_right_to_left(site: Site, phone: Any) -> None:
    _unlock(phone, site)
    phone.goto(site + "/tools/journal")
    listed = phone.get_by_role("link", name=HEBREW_TITLE)
    assert listed.evaluate("e => getComputedStyle(e).direction") == "rtl"
    listed.click()
    body = phone.get_by_text(HEBREW_BODY)
    assert body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    phone.goto(site + "/tools/journal")
    box = phone.get_by_label("What is on your mind")
    box.fill(HEBREW_BODY)
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_phone_screenshots(site: Site, browser: Any) -> None:
    """Today, a person with some evidence, Help now and a ritual at 375 px, for the README."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        _unlock(page, site)
        shots = {
            "today": "/",
            "person": f"/circle/{site.person}",
            "help-now": "/help-now?country=GB",
            "ritual": "/rituals",
        }
        for name, path in shots.items():
            page.goto(site + path)
            page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
    finally:
        context.close()
