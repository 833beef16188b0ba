"""The report page: choosing, a preview (HTMX and plain), downloads, and problems by their field."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import HTMX, NOW, store_of
from tests.integration.test_report import pdf_text
from trustbridge.services import entries, people, relating, safety_plan
from trustbridge.services.report import section_names

DAYS = {"since": "2026-03-01", "until": "2026-03-14"}


@pytest.fixture
def filled(client: TestClient) -> TestClient:
    store = store_of(client)
    entries.add(store, "journal", {"title": "Today", "body": "INSIDE-web-canary"}, NOW)
    entries.add(store, "journal", {"body": "OUTSIDE-web-canary"}, NOW - dt.timedelta(days=40))
    people.add_person(store, {"name": "Maya", "kind": "friend"}, NOW)
    relating.add_rung(store, {"person": "Maya", "action": "UNCHOSEN-web-canary", "risk": "20"}, NOW)
    safety_plan.save_plan(store, {"warning_signs": "PLAN-web-canary"}, NOW)
    return client


def test_the_page_offers_every_section_and_two_dates(client: TestClient) -> None:
    page = client.get("/report")
    assert page.status_code == 200
    for key, name in section_names().items():
        assert f'name="tools" value="{key}"' in page.text and name in page.text
    assert " checked" not in page.text  # nothing is shared until it is ticked
    assert re.search(
        r'name="since"[^>]* value="2026-02-15" min="1900-01-01" max="2026-03-14"', page.text
    )
    assert re.search(r'name="until"[^>]* value="2026-03-14"', page.text)
    assert 'hx-post="/report"' in page.text and 'action="/report"' in page.text
    assert 'formaction="/report/pdf"' in page.text and 'formaction="/report/markdown"' in page.text


def test_the_support_stage_and_settings_link_to_it(client: TestClient) -> None:
    stage = client.get("/stages/support").text
    assert 'href="/report">Report for my therapist</a>' in stage
    assert "later version" not in stage and "is-later" not in stage
    assert 'href="/report"' in client.get("/settings").text


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_preview_shows_only_what_was_chosen(filled: TestClient, htmx: bool) -> None:
    shown = filled.post("/report", data={"tools": ["journal"], **DAYS},
                        headers=HTMX if htmx else {})  # fmt: skip
    assert shown.status_code == 200
    assert ("<html" in shown.text) is not htmx
    assert "Preview" in shown.text and "INSIDE-web-canary" in shown.text
    for hidden in ("OUTSIDE-web-canary", "UNCHOSEN-web-canary", "PLAN-web-canary", "Maya"):
        assert hidden not in shown.text, hidden
    assert "Shared by choice: this report holds only the sections the person chose." in shown.text
    assert 'name="tools" value="journal" checked' in shown.text.replace('id="r-tools-journal" ', "")
    assert '<input type="hidden" name="tools" value="journal">' in shown.text


def test_a_preview_draws_the_charts(client: TestClient) -> None:
    store = store_of(client)
    belief = entries.add(store, "belief_tracker", {"statement": "I am a burden",
                                                   "believability": "80"}, NOW)  # fmt: skip
    assert belief.record.id
    shown = client.post("/report", data={"tools": ["belief_tracker"], **DAYS}).text
    assert "How true it felt: I am a burden" in shown
    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', shown)
    assert (
        found
        and found[2]
        == "How true “I am a burden” felt, 0 to 100, each time you rated it on these days."
    )
    drawn = base64.b64decode(found[1]).decode("utf-8")  # the insights' chart, with its name
    assert drawn.startswith('<svg role="img" aria-label=') and "<title>How true it felt" in drawn
    assert "DejaVu Sans" in drawn and "How true (of 100)" in drawn
    assert "<td>14 Mar 2026, 09:30</td><td>80</td>" in shown  # the numbers beside it


@pytest.mark.parametrize(
    ("kind", "media", "ending"),
    [("markdown", "text/markdown", "md"), ("pdf", "application/pdf", "pdf")],
)
def test_downloads(filled: TestClient, kind: str, media: str, ending: str) -> None:
    got = filled.post(f"/report/{kind}", data={"tools": ["journal", "safety_plan"], **DAYS})
    assert got.status_code == 200 and got.headers["content-type"].startswith(media)
    assert got.headers["content-disposition"] == (
        f'attachment; filename="trustbridge-report-2026-03-01-to-2026-03-14.{ending}"'
    )
    assert got.headers["cache-control"] == "no-store"
    text = pdf_text(got.content) if kind == "pdf" else got.text
    assert "INSIDE-web-canary" in text and "PLAN-web-canary" in text
    assert "OUTSIDE-web-canary" not in text and "UNCHOSEN-web-canary" not in text


@pytest.mark.parametrize("path", ["/report", "/report/markdown", "/report/pdf"])
def test_problems_come_back_by_their_field(filled: TestClient, path: str) -> None:
    bad = filled.post(path, data={"since": "2026-03-10", "until": "2026-03-01"}, headers=HTMX)
    assert bad.status_code == 422 and "content-disposition" not in bad.headers
    errors = dict(re.findall(r'<p class="field-error" id="r-(\w+)-error">([^<]*)</p>', bad.text))
    assert errors == {
        "tools": "Please choose at least one section to include.",
        "until": "The last day must be on or after the first day.",
    }
    assert 'href="#r-tools-checkin"' in bad.text and 'href="#r-until"' in bad.text
    assert 'value="2026-03-10"' in bad.text  # what was typed stays


def test_an_unknown_section_or_a_date_that_is_not_one(client: TestClient) -> None:
    bad = client.post("/report", data={"tools": ["diary"], "since": "soon", "until": "2026-03-14"})
    assert bad.status_code == 422
    assert "There is no section called “diary”" in bad.text
    assert "The first day must be a date, like 2026-03-14 (you typed “soon”)." in bad.text
