"""Saving through the web: every tool's form, redirect-after-post, HTMX fragments, and problems
that must never lose what a person typed (missing answers, out-of-range numbers, old dates,
huge or broken text)."""

from __future__ import annotations

import re
from html import escape

import pytest
from fastapi.testclient import TestClient

from tests.integration.support import FORM, HTMX, store_of
from trustbridge.content import load_crisis
from trustbridge.services import entries
from trustbridge.services.catalog import tool_specs


def saved(client: TestClient, slug: str) -> list[object]:
    return entries.recent(store_of(client), slug)


def samples() -> dict[str, dict[str, object]]:
    signs = {f.name: "2" for f in tool_specs()["safety_selfcheck"].fields}
    return {
        "checkin": {"mood": "3"},
        "journal": {"title": "Sunday", "body": "A quiet day"},
        "hurt_inventory": {"what_happened": "Left out", "kind": "rejection"},
        "pattern_journal": {"situation": "An argument", "pattern": "withdraw"},
        "thought_record": {
            "situation": "No reply for two days",
            "automatic_thought": "They are tired of me",
            "emotion_1": "anxious",
            "intensity_1": "80",
            "rerated_1": "40",
            "distortions": ["mind_reading", "catastrophising"],
        },
        "belief_tracker": {"statement": "I must manage alone", "believability": "70"},
        "safety_selfcheck": signs,
        "self_promises": {"text": "Rest on Sunday", "due_on": "2026-03-20"},
        "self_empathy": {"situation": "Work", "acknowledge": "I felt small"},
        "affirmations": {"text": "I am allowed to rest"},
        "habits": {"day": "2026-03-13", "sleep_hours": "7.5", "food": "4"},
        "mindful_pause": {"seconds": "180"},
    }


def url(slug: str) -> str:
    return "/tools/" + slug.replace("_", "-")


#: reflective writing opens on its own page after saving; quick tools stay on theirs
OPENS_ENTRY = {"journal", "hurt_inventory", "pattern_journal", "thought_record", "self_empathy"}


@pytest.mark.parametrize("slug", list(tool_specs()))
def test_every_tool_saves_then_redirects_to_a_confirmation(client: TestClient, slug: str) -> None:
    response = client.post(url(slug), data=samples()[slug], follow_redirects=False)
    assert response.status_code == 303
    [entry] = saved(client, slug)
    entry_url = f"{url(slug)}/{entry.id}"  # type: ignore[attr-defined]
    if slug in OPENS_ENTRY:
        assert response.headers["location"] == f"{entry_url}?saved=1"
    else:
        assert response.headers["location"] == f"{url(slug)}?saved={entry.id}"  # type: ignore[attr-defined]
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "<strong>Saved" in page.text
    assert f'href="{entry_url}"' in page.text or f"{entry_url}/delete" in page.text
    shown = client.get(entry_url)
    assert shown.status_code == 200 and "Delete this" in shown.text and "Saved." not in shown.text


@pytest.mark.parametrize("slug", ["journal", "habits", "thought_record", "mindful_pause"])
def test_htmx_save_returns_the_refreshed_page_content_only(client: TestClient, slug: str) -> None:
    response = client.post(url(slug), data=samples()[slug], headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text and "<footer" not in response.text
    assert "<strong>Saved" in response.text and len(saved(client, slug)) == 1


def test_generic_entry_page_lists_every_field_with_its_label(client: TestClient) -> None:
    client.post(url("hurt_inventory"), data={
        "what_happened": "Nobody came to my school play",
        "who": "Mum",
        "occurred_on": "1998-06-01",
        "kind": "neglect",
        "belief": "I do not matter\nto anyone",
    })  # fmt: skip
    [hurt] = saved(client, "hurt_inventory")
    html = client.get(f"/tools/hurt-inventory/{hurt.id}").text  # type: ignore[attr-defined]
    for label in ("What happened", "Who was involved", "When (roughly)", "What kind of hurt"):
        assert f"<dt>{label}</dt>" in html
    assert "Neglect" in html and "Monday 1 June 1998" in html
    assert "I do not matter\nto anyone" in html and "Left empty" in html


def test_journal_prompt_from_a_stage_prefills_the_title(client: TestClient) -> None:
    html = client.get("/tools/journal", params={"prompt": "What do you need <today>?"}).text
    assert 'value="What do you need &lt;today&gt;?"' in html


def assert_refused(html: str, field_id: str, message: str) -> None:
    assert "Not saved yet. Everything you typed is still here." in html
    assert message in html
    assert f'id="{field_id}-error"' in html
    tag = re.search(rf'<(?:input|textarea)[^>]*\bid="{field_id}"[^>]*>', html)
    assert tag is not None and 'aria-invalid="true"' in tag.group()
    assert f"{field_id}-error" in tag.group()


def test_empty_required_field_is_named_and_other_text_kept(client: TestClient) -> None:
    response = client.post(url("journal"), data={"title": "Heavy day", "body": "   "})
    assert response.status_code == 422
    assert_refused(response.text, "f-body", "Please fill in what is on your mind.")
    assert 'value="Heavy day"' in response.text
    assert 'href="#f-body"' in response.text
    assert saved(client, "journal") == []


def test_intensity_over_100_is_refused_and_everything_typed_comes_back(client: TestClient) -> None:
    data = {**samples()["thought_record"], "intensity_1": "140", "friend_view": "Be gentle"}
    response = client.post(url("thought_record"), data=data)
    assert response.status_code == 422
    html = response.text
    assert_refused(
        html, "f-intensity_1", "How strong emotion 1 was must be a whole number between 0 and 100."
    )
    assert 'value="140"' in html and 'value="anxious"' in html
    assert ">No reply for two days</textarea>" in html and ">Be gentle</textarea>" in html
    assert re.search(r'value="mind_reading" checked', html)
    assert re.search(r'value="catastrophising" checked', html)
    assert saved(client, "thought_record") == []


def test_emotion_without_intensity_names_the_missing_half(client: TestClient) -> None:
    data = {**samples()["thought_record"], "emotion_2": "sad"}
    response = client.post(url("thought_record"), data=data)
    assert response.status_code == 422
    assert "Emotion 2 needs both a name and an intensity" in response.text
    assert 'value="sad"' in response.text


def test_date_before_1900_is_refused_with_the_earliest_allowed(client: TestClient) -> None:
    data = {"what_happened": "A long time ago", "kind": "other", "occurred_on": "1850-01-01"}
    response = client.post(url("hurt_inventory"), data=data)
    assert response.status_code == 422
    assert_refused(
        response.text,
        "f-occurred_on",
        "When it happened must be on or after Monday 1 January 1900.",
    )
    assert 'value="1850-01-01"' in response.text and ">A long time ago</textarea>" in response.text
    assert saved(client, "hurt_inventory") == []


def test_missing_choice_links_to_its_first_option(client: TestClient) -> None:
    response = client.post(url("hurt_inventory"), data={"what_happened": "x"})
    assert response.status_code == 422
    assert 'href="#f-kind-1"' in response.text and 'id="f-kind-1"' in response.text
    assert "Please choose what kind of hurt it was." in response.text


def test_five_megabytes_of_text_is_read_and_refused_with_a_field_message(
    client: TestClient,
) -> None:
    huge = "x" * 5_000_000
    response = client.post(url("journal"), data={"title": "Long", "body": huge})
    assert response.status_code == 422
    assert_refused(
        response.text,
        "f-body",
        "Please shorten what is on your mind to 20,000 characters or fewer (it has 5,000,000 now).",
    )
    assert huge in response.text  # nothing typed is lost
    assert saved(client, "journal") == []


def test_huge_text_in_a_multipart_form_is_refused_the_same_way(client: TestClient) -> None:
    response = client.post(url("journal"), files={"body": (None, "y" * 5_000_000)})
    assert response.status_code == 422
    assert "(it has 5,000,000 now)" in response.text


def test_invalid_utf8_names_the_field_instead_of_crashing(client: TestClient) -> None:
    response = client.post(url("journal"), content=b"title=ok&body=%FF%FE", headers=FORM)
    assert response.status_code == 422
    assert_refused(
        response.text,
        "f-body",
        "Please type what is on your mind again: some of it could not be read as text.",
    )
    assert 'value="ok"' in response.text
    raw = client.post(url("journal"), content=b"body=\xff\xfe", headers=FORM)
    assert raw.status_code == 422 and "could not be read as text" in raw.text
    assert saved(client, "journal") == []


def test_valid_utf8_text_is_kept_exactly(client: TestClient) -> None:
    client.post(url("journal"), data={"body": "Grüße, 你好 ✨\nsecond line"})
    [entry] = saved(client, "journal")
    assert entry.body == "Grüße, 你好 ✨\nsecond line"  # type: ignore[attr-defined]


def test_a_body_beyond_any_form_is_a_clear_413(client: TestClient) -> None:
    response = client.post(
        url("journal"), content=b"body=" + b"x" * (17 * 1024 * 1024), headers=FORM
    )
    assert response.status_code == 413
    assert "more than Trustbridge can take in at once" in response.text
    assert saved(client, "journal") == []


def test_crisis_words_show_support_first_and_the_entry_is_still_saved(
    client: TestClient,
) -> None:
    crisis = load_crisis()
    response = client.post(url("journal"), data={"body": "I want to end my life"})
    html = response.text
    assert response.status_code == 200 and str(response.url).endswith("?saved=1&care=urgent")
    assert crisis.message in html
    assert crisis.do_now[0] in html and escape(crisis.helplines[0].name) in html
    assert 'href="/help-now"' in html
    assert html.index(crisis.message) < html.index("<strong>Saved")
    [entry] = saved(client, "journal")
    assert entry.body == "I want to end my life"  # type: ignore[attr-defined]


def test_crisis_support_also_appears_after_an_htmx_save(client: TestClient) -> None:
    response = client.post(url("self_empathy"), headers=HTMX, data={
        "situation": "Tonight",
        "acknowledge": "I feel like I do not want to be alive anymore",
    })  # fmt: skip
    assert response.status_code == 200 and load_crisis().message in response.text
    assert len(saved(client, "self_empathy")) == 1


def test_ordinary_words_bring_no_crisis_block(client: TestClient) -> None:
    response = client.post(url("journal"), data={"body": "A calm walk by the river"})
    assert load_crisis().message not in response.text


def test_delete_asks_first_then_removes_the_entry(client: TestClient) -> None:
    client.post(url("journal"), data={"body": "to remove"})
    [entry] = saved(client, "journal")
    page = client.get(f"/tools/journal/{entry.id}").text  # type: ignore[attr-defined]
    assert '<details class="delete">' in page and "cannot be brought back" in page
    gone = client.post(f"/tools/journal/{entry.id}/delete", follow_redirects=False)  # type: ignore[attr-defined]
    assert gone.status_code == 303 and gone.headers["location"] == "/tools/journal?note=deleted"
    assert "The entry was deleted." in client.get(gone.headers["location"]).text
    assert client.get(f"/tools/journal/{entry.id}").status_code == 404  # type: ignore[attr-defined]
    assert saved(client, "journal") == []


def test_deleting_something_already_gone_is_a_calm_404(client: TestClient) -> None:
    assert client.post("/tools/journal/42/delete").status_code == 404


def test_the_subject_told_at_a_distance_gets_a_quiet_line_not_the_alarm(
    client: TestClient,
) -> None:
    body = "We watched a documentary about suicide prevention. Heavy but hopeful."
    response = client.post(url("journal"), data={"body": body})
    html = response.text
    assert response.status_code == 200 and str(response.url).endswith("?saved=1&care=gentle")
    assert "support is here" in html and 'href="/help-now"' in html
    assert load_crisis().message not in html and "You do not have to carry this alone" not in html
    htmx = client.post(url("journal"), data={"body": body}, headers=HTMX)
    assert "support is here" in htmx.text and load_crisis().message not in htmx.text
