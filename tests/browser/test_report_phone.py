"""The report for a therapist on a phone (375 px): choose, preview through HTMX, download a PDF."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import fits_width, serving_filled

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHOSEN = ("Journal", "Belief tracker", "Safety self-check")
LOADED = "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"


def _fill(home: Path) -> None:
    """A few weeks of writing: journal entries, a belief rated over time, self-checks."""
    from trustbridge.config import load_settings
    from trustbridge.services import entries, selfwork
    from trustbridge.services.catalog import spec
    from trustbridge.store.db import open_store

    store = open_store(load_settings(home))
    now = dt.datetime.now(dt.UTC)
    signs = [f.name for f in spec("safety_selfcheck").fields]
    try:
        entries.add(store, "journal", {"title": "After the call with my sister",
                                       "body": "I said what I needed, calmly.\nShe listened, "
                                               "and we agreed to talk again on Sunday."},
                    now - dt.timedelta(days=2))  # fmt: skip
        entries.add(store, "journal", {"body": "A slow day. I kept my promise to walk."}, now)
        belief = entries.add(store, "belief_tracker",
                             {"statement": "If I ask for help, I am a burden",
                              "believability": "85"}, now - dt.timedelta(days=20))  # fmt: skip
        for days_ago, level in ((12, "70"), (5, "60"), (1, "45")):
            selfwork.rate_belief(store, belief.record.id, {"believability": level},
                                 now - dt.timedelta(days=days_ago))  # fmt: skip
        for days_ago, answer in ((18, "3"), (9, "2"), (2, "2"), (0, "1")):
            entries.add(store, "safety_selfcheck", dict.fromkeys(signs, answer),
                        now - dt.timedelta(days=days_ago))  # fmt: skip
    finally:
        store.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    yield from serving_filled(tmp_path, _fill)


def _preview(page: Any, site: Any) -> None:
    page.goto(site.new_link())
    page.goto(site.url + "/report")
    for name in CHOSEN:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for()


def test_choose_preview_and_download_on_a_phone(site: Any, phone: Any) -> None:
    _preview(phone, site)
    preview = phone.locator(".report-paper")
    assert "I said what I needed, calmly." in preview.inner_text()
    charts = preview.locator("figure img")  # the believability and the safety score
    assert charts.count() == 2
    phone.wait_for_function(LOADED, timeout=30_000)  # the insights' SVG, each drawn
    assert preview.locator("figure table").count() == 2  # each with its numbers
    widths = preview.evaluate(
        "p => [...p.querySelectorAll('figure img')].map(i => i.getBoundingClientRect().right)"
    )
    assert max(widths) <= 375
    assert "Safety plan" not in preview.inner_text()
    assert fits_width(phone)
    assert phone.evaluate("document.activeElement.id") == "preview-title"
    with phone.expect_download() as waiting:
        phone.locator(".report-preview").get_by_role("button", name="Download PDF").click()
    saved = Path(waiting.value.path())
    assert saved.read_bytes().startswith(b"%PDF")
    assert waiting.value.suggested_filename.startswith("trustbridge-report-")


def test_a_problem_shows_by_its_field(site: Any, phone: Any) -> None:
    phone.goto(site.new_link())
    phone.goto(site.url + "/report")
    phone.get_by_role("button", name="Preview").click()
    summary = phone.get_by_role("alert")
    summary.wait_for()
    assert "Please choose at least one section to include." in summary.inner_text()
    assert fits_width(phone)


@pytest.mark.skipif(not os.environ.get("TRUSTBRIDGE_SCREENSHOTS"), reason="make screenshots")
def test_report_screenshots(site: Any, phone: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    _preview(phone, site)
    phone.wait_for_function(LOADED, timeout=30_000)
    # the preview as the phone shows it, from its heading down to the first chart's numbers
    top, bottom = phone.evaluate(
        "[document.querySelector('.report-preview'), document.querySelector('.report-chart')]"
        ".map((e, i) => (i ? e.getBoundingClientRect().bottom : e.getBoundingClientRect().top)"
        " + window.scrollY)"
    )
    clip = {"x": 0, "y": top - 8, "width": 375, "height": bottom - top + 24}
    phone.screenshot(path=str(SHOTS / "report-375.png"), full_page=True, clip=clip)
