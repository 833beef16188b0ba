"""The Markdown copy: stage by stage, tool by tool, each entry dated with its fields under the form
labels, people with their evidence; one stage alone when asked."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import NOW
from trustbridge.exchange import markdown
from trustbridge.exchange.markdown import export_markdown
from trustbridge.services import boundaries, entries, people, relating, selfwork
from trustbridge.store.db import Store

EARLIER = NOW - dt.timedelta(days=20)


@pytest.fixture
def filled(store: Store) -> Store:
    entries.add(store, "journal", {"title": "Sunday", "body": "Line one\n# not a heading"}, NOW)
    entries.add(store, "checkin", {"mood": "4", "emotion": "calm", "note": "Tea"}, NOW)
    entries.add(
        store, "thought_record",
        {"situation": "No reply", "automatic_thought": "They are *tired* of me",
         "emotion_1": "anxious", "intensity_1": "80", "rerated_1": "40",
         "distortions": ["mind_reading"], "balanced_thought": "They are busy"},
        NOW,
    )  # fmt: skip
    entries.add(
        store, "belief_tracker", {"statement": "I must cope alone", "believability": "70"}, NOW
    )
    selfwork.mark_learned_beliefs(store, ["people_leave"], NOW)
    people.add_person(store, {"name": "Sam", "kind": "friend", "support": "Listening"}, EARLIER)
    people.add_evidence(
        store,
        {"person": "Sam", "dimension": "keeps_promises", "direction": "positive",
         "weight": "significant", "occurred_on": "2026-03-10", "note": "Came on time"},
        NOW,
    )  # fmt: skip
    rung = relating.add_rung(
        store, {"person": "Sam", "action": "Tell Sam I was hurt", "risk": "60"}, NOW
    )
    relating.reflect_rung(
        store, rung.record.id, {"response": "supportive", "done_on": "2026-03-12"}, NOW
    )
    relating.add_gut_check(
        store, {"person": "Sam", "sense": "Sam will call back", "confidence": "70"}, NOW
    )
    boundary = boundaries.add_boundary(
        store, {"statement": "No calls after ten", "kind": "time"}, NOW
    )
    boundaries.add_i_statement(
        store, {"feel": "tired", "when": "calls come late", "need": "quiet evenings"}, NOW
    )
    boundaries.add_boundary_event(
        store,
        {"boundary_id": str(boundary.record.id), "person": "Sam", "outcome": "respected",
         "occurred_on": "2026-03-11"},
        NOW,
    )  # fmt: skip
    return store


def test_whole_export_has_stages_tools_entries_and_labels(filled: Store) -> None:
    text = export_markdown(filled, NOW)
    assert text.startswith("# My Trustbridge\n")
    for heading in (
        "## Stage 1: ", "### Learned beliefs", "## Stage 2: ", "### Thought record",
        "### Belief tracker", "## Stage 3: ", "### Emotion check-in", "## Stage 5: ",
        "### Vulnerability ladder", "## Stage 6: ", "### Trust circle", "### Gut checks",
        "## Stage 7: ", "### Boundaries", "### I-statement builder", "### Boundary events",
        "## Journal",
    ):  # fmt: skip
        assert f"\n{heading}" in text, heading
    assert "## Stage 4" not in text  # nothing saved there
    assert "#### 14 Mar 2026" in text or "#### 13 Mar 2026" in text
    assert "- **Main emotion:** calm" in text
    assert "- **Emotions (0-100, then after):** anxious 80 → 40" in text
    assert "- **Thinking traps you notice:** Mind reading" in text
    assert "- **How risky it feels (0-100):** 60" in text
    assert "- **How they responded:** Supportive" in text
    assert "- **Was it respected?** Respected" in text
    assert "I feel tired when calls come late. I need quiet evenings." in text
    assert "Sooner or later, people leave." in text


def test_people_come_with_their_evidence(filled: Store) -> None:
    text = export_markdown(filled, NOW)
    person = text[text.index("#### Sam (Friend)") :]
    assert "- **Support they give:** Listening" in person
    assert "- 10 Mar 2026 · Keeps promises · built trust, significant: Came on time" in person
    assert "Responds well to openness · built trust, significant (from ladder)" in person


def test_written_text_cannot_break_the_layout(filled: Store) -> None:
    text = export_markdown(filled, NOW)
    assert "\n# not a heading" not in text
    assert "  > \\# not a heading" in text  # escaped: the renderer shows it as written
    assert "They are \\*tired\\* of me" in text


def test_one_stage_only(filled: Store) -> None:
    text = export_markdown(filled, NOW, stage=2)
    assert text.startswith("# My Trustbridge: Patterns and beliefs")
    assert "### Thought record" in text and "### Belief tracker" in text
    assert "Trust circle" not in text and "## Journal" not in text


def test_a_stage_with_nothing_says_so(filled: Store) -> None:
    text = export_markdown(filled, NOW, stage=4)
    assert "_Nothing saved here yet._" in text


def test_an_empty_store(store: Store) -> None:
    assert "_Nothing saved here yet._" in export_markdown(store, NOW)


def test_an_unknown_stage(store: Store) -> None:
    with pytest.raises(KeyError):
        export_markdown(store, NOW, stage=12)


@given(st.text(alphabet="\n a", max_size=60))
def test_blank_lines_run_together_as_the_expression_would(text: str) -> None:
    assert markdown._one_blank(text) == re.sub(r"\n{3,}", "\n\n", text)


@given(st.lists(st.text(alphabet="\n \ta\u2028", max_size=6), max_size=40), st.integers(1, 8))
def test_lines_are_written_as_the_whole_text_tidied_at_once(lines: list[str], pieces: int) -> None:
    """Lines written a few at a time (``pieces``), white space held back at each end."""
    out = io.StringIO()
    kept, markdown.PIECES = markdown.PIECES, pieces
    try:
        tidy = markdown._Tidy(out)
        for start in range(0, len(lines), 3):
            tidy.add(lines[start : start + 3])
        tidy.close()
    finally:
        markdown.PIECES = kept
    whole = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"
    assert out.getvalue() == whole
