"""The report for a therapist, from the service to the files: only what was chosen goes in.

A store with a canary in every kind of record (the one the encryption tests write) shows, for
each section alone, that the report holds that section's writing, all of it, and nothing
else: no other tool's, no notes about people, and no one's name but of those the entries are
about. The PDF is read back with ``pdftotext`` (Debian's poppler-utils, which ``make test``
installs), so what is checked is what a therapist would read.
"""

from __future__ import annotations

import builtins
import datetime as dt
import io
import os
import re
import subprocess
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image, ImageChops

from tests.integration.support import NOW
from tests.integration.test_encryption_at_rest import Written, _write_everything
from trustbridge.charts.vega import GRID, PALETTE
from trustbridge.config import Settings, load_settings
from trustbridge.domain.fields import ValidationError
from trustbridge.exchange.report_markdown import report_markdown
from trustbridge.exchange.report_pdf import _for_fpdf, printable, report_pdf
from trustbridge.services import entries, people, relating, safety_plan, selfwork
from trustbridge.services.base import local_day
from trustbridge.services.catalog import spec
from trustbridge.services.report import Report, build_report, choose, section_names
from trustbridge.store.db import Store, open_store

TODAY = local_day(NOW)
DAY = dt.timedelta(days=1)
CANARY = re.compile(r"CANARY-([a-z_]+)-\d+-([a-z0-9_]+)-[0-9a-f]{16}")
#: a person's name: the one thing about someone a section about them may show
NAME = "person name"
#: the kinds of record (as the canary writer names them) each section may show writing from
ALLOWED: dict[str, set[str]] = {
    "checkin": {"checkin"},
    "journal": {"journal"},
    "hurt_inventory": {"hurt_inventory"},
    "learned_beliefs": set(),
    "pattern_journal": {"pattern_journal"},
    "thought_record": {"thought_record"},
    "belief_tracker": {"belief_tracker", "belief_rating"},
    "safety_selfcheck": set(),
    "self_promises": {"self_promises"},
    "self_empathy": {"self_empathy"},
    "affirmations": {"affirmations"},
    "mindful_pause": set(),
    "habits": {"habits"},
    "vulnerability_ladder": {"rung", "rung_reflection", NAME},
    "trust_circle": {"evidence", NAME},
    "bridge_plan": {"bridge_plan", NAME},
    "promises_both_ways": {"person_promise", NAME},
    "gut_checks": {"gut_check", "gut_resolution", NAME},
    "boundaries": {"boundary"},
    "istatement": {"i_statement"},
    "boundary_events": {"boundary_event", "boundary", NAME},
    "balance_log": {"balance_log"},
    "partner_checkin": {"partner_checkin"},
    "rituals": {"ritual", "ritual_kept"},
    "appreciation_log": {"appreciation"},
    "shared_goals": {"shared_goal", "goal_review"},
    "wins": {"win"},
    "support_map": {"support"},
    "safety_plan": {"safety_plan"},
}
#: sections shown as they stand today, whatever the dates
STANDING = {"learned_beliefs", "support_map", "safety_plan"}


def pdf_text(data: bytes) -> str:
    """What a PDF reader shows: the text ``pdftotext`` finds, in reading order."""
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def kinds_in(text: str) -> set[str]:
    """The kinds of record whose canaries are in ``text`` (a name counts as ``NAME``)."""
    found = CANARY.findall(text.replace("\\", ""))  # Markdown escapes the underscores
    return {NAME if (kind, name) == ("person", "name") else kind for kind, name in found}


def kind_of(canary: str) -> str:
    found = CANARY.fullmatch(canary)
    return found[1] if found else ""


def canaries_in(text: str) -> set[str]:
    return {m.group() for m in CANARY.finditer(text.replace("\\", ""))}


def made(store: Store, tools: list[str], since: dt.date, until: dt.date) -> Report:
    return build_report(store, choose(tools, since.isoformat(), until.isoformat(), TODAY), NOW)


@pytest.fixture(scope="module")
def canaries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Written]]:
    """A store with a canary in every kind of record, written on ``TODAY`` (a habits log and a
    ritual kept on each of the last few days)."""
    settings = load_settings(tmp_path_factory.mktemp("report") / "store")
    written, store = _write_everything(settings, total=200)
    yield store, written
    store.close()


# --- only what was chosen ---------------------------------------------------------------------


def test_every_section_can_be_chosen_and_is_checked_here() -> None:
    assert set(section_names()) == set(ALLOWED)


@pytest.mark.parametrize("key", list(ALLOWED))
def test_a_section_holds_its_own_writing_all_of_it_and_nothing_else(
    canaries: tuple[Store, Written], key: str
) -> None:
    store, written = canaries
    text = report_markdown(made(store, [key], TODAY - 30 * DAY, TODAY))
    assert kinds_in(text) <= ALLOWED[key], key
    own = ALLOWED[key] - {NAME, "boundary"}  # names and boundaries: only those referred to
    assert {c for c in written.live if kind_of(c) in own} <= canaries_in(text), key
    assert not written.deleted & canaries_in(text)


@pytest.mark.parametrize("key", sorted(set(ALLOWED) - STANDING))
def test_a_section_has_nothing_from_other_days(canaries: tuple[Store, Written], key: str) -> None:
    store, _ = canaries
    before = made(store, [key], dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert before.total == 0 and canaries_in(report_markdown(before)) == set()


def test_standing_sections_show_as_they_are_today_whatever_the_dates(
    canaries: tuple[Store, Written],
) -> None:
    store, _ = canaries
    report = made(store, ["support-map", "safety plan"], TODAY - 30 * DAY, TODAY - 20 * DAY)
    assert [s.key for s in report.sections] == ["support_map", "safety_plan"]
    assert all(s.entries and s.standing for s in report.sections)
    assert "Shown as it is today" in report_markdown(report)


def test_the_pdf_holds_the_chosen_writing_and_nothing_else(
    canaries: tuple[Store, Written],
) -> None:
    store, written = canaries
    chosen = ["journal", "vulnerability_ladder", "safety_selfcheck"]
    text = pdf_text(report_pdf(made(store, chosen, TODAY - 30 * DAY, TODAY)))
    assert kinds_in(text) <= set().union(*(ALLOWED[k] for k in chosen))
    journal = {c for c in written.live if c.startswith("CANARY-journal-")}
    assert journal and journal <= canaries_in(text)
    for other in ("Thought record", "Safety plan", "Trust circle"):
        assert other not in text


def test_all_is_every_section_but_the_safety_plan() -> None:
    chosen = choose(["all"], TODAY.isoformat(), TODAY.isoformat(), TODAY).tools
    assert "safety_plan" not in chosen and len(chosen) == len(ALLOWED) - 1
    named = choose(["all", "safety-plan"], TODAY.isoformat(), TODAY.isoformat(), TODAY).tools
    assert named == tuple(section_names())


# --- one small store, with days and people that differ ----------------------------------------


@pytest.fixture
def small(settings: Settings) -> Iterator[Store]:
    store = open_store(settings)
    entries.add(store, "journal", {"body": "Inside the days"}, NOW)
    entries.add(store, "journal", {"body": "OUTSIDE-journal-canary"}, NOW - 40 * DAY)
    entries.add(store, "thought_record", {"situation": "UNCHOSEN-thought-canary",
                                          "automatic_thought": "x", "emotion_1": "sad",
                                          "intensity_1": "70"}, NOW)  # fmt: skip
    people.add_person(store, {"name": "Maya", "kind": "friend", "notes": "NOTES-canary"}, NOW)
    people.add_person(store, {"name": "Quentin", "kind": "friend"}, NOW)
    relating.add_rung(store, {"person": "Maya", "action": "Tell her", "risk": "30"}, NOW)
    people.add_evidence(store, {"person": "Quentin", "dimension": "keeps_promises",
                                "direction": "positive", "weight": "small",
                                "occurred_on": TODAY.isoformat()}, NOW)  # fmt: skip
    safety_plan.save_plan(store, {"warning_signs": "PLAN-canary"}, NOW)
    yield store
    store.close()


def test_people_are_named_only_where_the_chosen_entries_are_about_them(small: Store) -> None:
    text = report_markdown(made(small, ["vulnerability-ladder", "journal"], TODAY - DAY, TODAY))
    assert "Maya" in text and "Tell her" in text and "Inside the days" in text
    for hidden in ("Quentin", "NOTES-canary", "UNCHOSEN-thought-canary", "OUTSIDE-journal-canary",
                   "PLAN-canary", "Safety plan"):  # fmt: skip
        assert hidden not in text, hidden


def test_the_first_and_last_day_are_both_included(small: Store) -> None:
    old = TODAY - 40 * DAY
    assert made(small, ["journal"], old, old).total == 1
    assert made(small, ["journal"], old + DAY, TODAY - DAY).total == 0
    assert made(small, ["journal"], old, TODAY).total == 2


def test_charts_carry_only_the_points_on_the_chosen_days(store: Store) -> None:
    signs = [f.name for f in spec("safety_selfcheck").fields]
    for days_ago, answer in ((20, "4"), (3, "2"), (0, "1")):
        entries.add(store, "safety_selfcheck", dict.fromkeys(signs, answer), NOW - days_ago * DAY)
    belief = entries.add(store, "belief_tracker", {"statement": "I am too much",
                                                   "believability": "90"}, NOW - 20 * DAY)  # fmt: skip
    selfwork.rate_belief(store, belief.record.id, {"believability": "55"}, NOW - 2 * DAY)
    report = made(store, ["safety_selfcheck", "belief_tracker"], TODAY - 7 * DAY, TODAY)
    beliefs, safety = report.sections  # in the report's order: stage 2, then stage 3
    recent = [float(c.score) for c in selfwork.safety_history(store).checks[1:]]
    assert [r["y"] for r in safety.charts[0].chart.rows] == recent and len(safety.entries) == 2
    assert [r["y"] for r in beliefs.charts[0].chart.rows] == [55.0]
    assert beliefs.charts[0].table.rows == (("12 Mar 2026, 09:30", "55"),)  # the numbers beside
    assert beliefs.entries[0].title == "I am too much"
    assert [line.text for line in beliefs.entries[0].lines] == ["55 of 100"]


# --- asking for a report ------------------------------------------------------------------------


def test_an_unknown_section_is_named_with_the_ones_there_are() -> None:
    with pytest.raises(ValidationError) as problem:
        choose(["journal,diary"], "2026-03-01", "2026-03-14", TODAY)
    message = problem.value.errors["tools"]
    assert "no section called “diary”" in message
    assert "thought-record" in message and "safety-plan" in message and "or all" in message


@pytest.mark.parametrize(
    ("tools", "since", "until", "field", "words"),
    [
        ([], "2026-03-01", "2026-03-14", "tools", "choose at least one section"),
        (["journal"], "2026-03-10", "2026-03-01", "until", "on or after the first day"),
        (["journal"], "", "2026-03-01", "since", "Please fill in the first day"),
        (["journal"], "soon", "2026-03-01", "since", "must be a date, like 2026-03-14"),
        (["journal"], "2026-03-01", "2026-04-01", "until", "cannot be in the future"),
    ],
)
def test_a_problem_is_named_by_its_field(
    tools: list[str], since: str, until: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as problem:
        choose(tools, since, until, TODAY)
    assert words in problem.value.errors[field]


# --- the files ------------------------------------------------------------------------------------


WORLD = "Curly “quotes” and ‘these’, café, naïve, Привет, 😊, 漢字, and a tab\there"


def first_page_png(data: bytes) -> Image.Image:
    """The first page as a reader draws it (``pdftoppm``, Debian's poppler-utils)."""
    done = subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-"],
                          input=data, capture_output=True, check=True)  # fmt: skip
    return Image.open(io.BytesIO(done.stdout)).convert("RGB")


def test_the_pdf_has_page_numbers_vector_charts_and_their_numbers(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    signs = [f.name for f in spec("safety_selfcheck").fields]
    for days_ago, answer in ((6, "3"), (3, "2"), (0, "1")):
        entries.add(store, "safety_selfcheck", dict.fromkeys(signs, answer), NOW - days_ago * DAY)
    scores = [s.score for s in selfwork.safety_history(store).checks]
    data = report_pdf(made(store, ["safety_selfcheck"], TODAY - 7 * DAY, TODAY))
    text = pdf_text(data)
    assert re.search(r"Page 1 of \d", text)
    assert "Shared by choice: this report holds only the sections the person chose." in text
    assert "Trustbridge is a self-help companion, not therapy." in text
    assert "From Saturday 7 March 2026 to Saturday 14 March 2026" in text
    assert all(re.search(rf"\b{score}\b", text) for score in scores)  # the table beside it
    assert "14 Mar 2026, 09:30" in text and text.count("Score (of 100)") == 2  # and the axis
    assert b"/Subtype /Image" not in data and b"/XObject" not in data  # no picture anywhere
    drawn = b"".join(zlib.decompress(s) for s in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S)
                     if s[:1] == b"x")  # fmt: skip
    assert re.search(rb"[\d.]+ [\d.]+ l\b", drawn)  # lines drawn as vector paths
    page = first_page_png(data)
    grid = _mask(page, GRID)
    box = grid.getbbox()  # the chart's grid: only a chart has this colour
    assert box and box[2] - box[0] > 150 and box[3] - box[1] > 80
    assert _mask(page.crop(box), PALETTE[0]).histogram()[255] > 50  # its line, drawn in it
    assert not [r for r in caplog.records if r.name.startswith("fpdf")]  # all of it understood


def _mask(image: Image.Image, colour: str) -> Image.Image:
    """White where the image has this colour (a line drawn in it, not the headings' green)."""
    want = bytes.fromhex(colour.lstrip("#"))
    red, green, blue = (band.point(lambda v, t=t: 255 * (abs(v - t) < 3))
                        for band, t in zip(image.split(), want, strict=True))  # fmt: skip
    return ImageChops.multiply(ImageChops.multiply(red, green), blue)


def test_a_chart_goes_into_the_pdf_as_fpdf2_can_read_it() -> None:
    drawn = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<line x2="5" y2="9" stroke="#000"/><path d=""/><text opacity="0">3 Mar</text>'
        '<path d="M0,0L1,1" stroke-width="2"/><text>1 Mar 字</text></svg>'
    )
    picture, ratio = _for_fpdf(drawn)
    assert ratio == 0.5 and picture.startswith(b'<svg width="200" height="100" xmlns=')
    assert b'<line x2="5" y2="9" stroke="#000" x1="0" y1="0" />' in picture
    assert b'd=""' not in picture and b"3 Mar" not in picture  # nothing empty, nothing hidden
    assert b'stroke-width="2" stroke="none"' in picture  # SVG draws no outline unless asked
    assert "1 Mar [cjk unified ideograph-5b57]" in picture.decode()


def test_any_text_goes_into_the_pdf_and_the_markdown(store: Store) -> None:
    entries.add(store, "journal", {"title": "Кириллица", "body": WORLD}, NOW)
    report = made(store, ["journal"], TODAY, TODAY)
    text = pdf_text(report_pdf(report))
    for word in ("“quotes”", "‘these’", "café", "naïve", "Привет", "Кириллица"):
        assert word in text, word
    assert "[cjk unified ideograph-6f22]" in text  # no shape in the font: named, not lost
    assert WORLD.split(" and a tab")[0] in report_markdown(report)


def test_printable_keeps_what_the_font_has_and_names_the_rest() -> None:
    assert printable("café “x” Привет") == "café “x” Привет"
    assert printable("a\x07b\x1b[31mc\u202e") == "ab[31mc"  # controls and overrides go
    assert printable("字") == "[cjk unified ideograph-5b57]"


def test_markdown_has_headings_dates_and_the_note(small: Store) -> None:
    text = report_markdown(made(small, ["journal", "thought_record"], TODAY - DAY, TODAY))
    assert text.startswith("# Trustbridge report\n")
    assert "Shared by choice: this report holds only the sections the person chose." in text
    assert "## Journal" in text and "## Thought record" in text
    assert "### Saturday 14 March 2026" in text
    assert "- **Emotions (0-100):** sad 70" in text


def test_nothing_is_written_to_disk_while_making_the_files(
    small: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = made(small, ["journal", "vulnerability_ladder"], TODAY - 60 * DAY, TODAY)
    real_open, real_os_open = builtins.open, os.open

    def read_only(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert not set(mode) & set("wax+"), file
        return real_open(file, mode, *args, **kwargs)

    def no_new_files(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        assert not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT), path
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only)
    monkeypatch.setattr(io, "open", read_only)
    monkeypatch.setattr(os, "open", no_new_files)
    assert report_pdf(report).startswith(b"%PDF") and report_markdown(report)
