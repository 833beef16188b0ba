"""Imports in hosted mode: a preview first, then the file chosen again, then stored whole.

The server keeps nothing of a person's file while they decide (no memory between requests,
no temporary file): the preview's form asks for the same file again, and carries a digest of
the one shown, so only that file is stored. Files from other apps (jrnl, Daylio, FreeCBT) are
read by the local importers and stored into the signed-in account only (the isolation is
tested in ``test_isolation.py`` too).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.hosted.web import (
    ADMIN_PASSWORD,
    Site,
    import_file,
    sign_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from trustbridge.web.hosted_exchange import NOT_THE_SAME

DATA = Path(__file__).parents[1] / "data"
#: each importer's file (tests/data), the table it fills, how many rows, and the tool's name
FILES = {
    "jrnl": ("jrnl.json", "journal_entries", 3, "Journal"),
    "daylio": ("daylio.csv", "checkins", 5, "Check-in"),
    "freecbt": ("freecbt.json", "thought_records", 2, "Thought record"),
}
SLEEPY = b"""full_date,date,weekday,time,mood,activities,note_title,note
2025-11-03,November 3,Monday,21:10,sleepy,"","",""
2025-11-04,November 4,Tuesday,21:10,rad,"","",""
2025-11-05,November 5,Wednesday,21:10,good,"","",""
"""


def _admin(site: Site) -> Any:
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    return client


def _rows(site: Site, table: str) -> list[tuple[Any, ...]]:
    with site.owner_engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table}"))]


def _preview(client: Any, key: str, data: bytes, name: str = "f", **fields: str) -> Any:
    return client.post(f"/settings/exchange/import/{key}", files={"file": (name, data)},
                       data=fields)  # fmt: skip


def _confirm(client: Any, key: str, data: bytes, digest: str, **fields: str) -> Any:
    return client.post(f"/settings/exchange/import/{key}/confirm", files={"file": ("f", data)},
                       data={**fields, "digest": digest})  # fmt: skip


def _digest(page: Any) -> str:
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page.text)
    assert found is not None, page.text[-2000:]
    return found[1]


def test_a_preview_says_what_each_file_holds_and_stores_nothing(site: Site) -> None:
    client = _admin(site)
    for key, (name, table, count, tool) in FILES.items():
        page = _preview(client, key, (DATA / name).read_bytes(), name)
        assert page.status_code == 200 and "Before you import" in page.text, key
        assert re.search(rf"<th scope=\"row\">{tool}</th><td>{count}</td>", page.text), key
        assert "Written between " in page.text, key
        assert f"Choose {name} again" in page.text and "Nothing of your file is kept" in page.text
        assert f'action="/settings/exchange/import/{key}/confirm"' in page.text
        assert _rows(site, table) == [], key
    jrnl = _preview(client, "jrnl", (DATA / "jrnl.json").read_bytes())
    assert "Sunday 2 November 2025 and Wednesday 5 November 2025" in jrnl.text
    assert "1 entry was starred in jrnl" in jrnl.text  # what is worth knowing first
    assert "Tea on the step" not in jrnl.text  # counted, never shown
    broken = _preview(client, "daylio", (DATA / "daylio.csv").read_bytes()[:-30] + b'",x\n')
    assert broken.status_code == 422 and "Line 6" in broken.text
    empty = _preview(client, "jrnl", b'{"entries": []}')
    assert "the file has no entries" in empty.text and "digest" not in empty.text


def test_each_apps_file_is_stored_once_chosen_again(site: Site) -> None:
    client = _admin(site)
    admin_id = site.accounts.find("Admin").id  # type: ignore[union-attr]
    for key, (name, table, count, _) in FILES.items():
        done = import_file(client, key, (DATA / name).read_bytes(), name)
        assert done.status_code == 200 and f"Imported {count} entries" in done.text, key
        with site.owner_engine.connect() as conn:
            owners = list(conn.scalars(text(f"SELECT owner_id FROM {table}")))
        assert owners == [admin_id] * count, key
    assert "1 match for" in client.get("/search", params={"q": "flickering"}).text


def test_only_the_file_shown_is_stored(site: Site) -> None:
    """Another file, a changed digest or none, or other options: shown first, nothing stored."""
    client = _admin(site)
    jrnl = (DATA / "jrnl.json").read_bytes()
    digest = _digest(_preview(client, "jrnl", jrnl))
    other = json.dumps({"entries": [{"title": "", "body": "Another day", "date": "2025-12-01"}]})
    for data, given in ((other.encode(), digest), (jrnl, "0" * 64), (jrnl, "")):
        again = _confirm(client, "jrnl", data, given)
        assert again.status_code == 200 and NOT_THE_SAME in again.text
        assert _digest(again) != given  # the form now carries the file just shown
        assert _rows(site, "journal_entries") == []
    moods = {"moods": "sleepy=2"}
    shown = _preview(client, "daylio", SLEEPY, **moods)
    assert 'name="moods" value="sleepy=2"' in shown.text
    changed = _confirm(client, "daylio", SLEEPY, _digest(shown), moods="sleepy=1")
    assert NOT_THE_SAME in changed.text and _rows(site, "checkins") == []
    done = _confirm(client, "daylio", SLEEPY, _digest(shown), **moods)
    assert "Imported 3 entries" in done.text
    with site.owner_engine.connect() as conn:
        assert sorted(conn.scalars(text("SELECT mood FROM checkins"))) == [2, 4, 5]


def test_a_full_export_confirmed_after_the_account_has_entries_stores_nothing(
    site: Site,
) -> None:
    client = _admin(site)
    client.post("/tools/journal", data={"body": "Thursday, fog"})
    document = client.post("/settings/exchange/export/json").content
    with site.owner_engine.begin() as conn:
        conn.execute(text("DELETE FROM journal_entries"))
    shown = _preview(client, "json", document)
    assert "Journal entries</th><td>1</td>" in shown.text and "Written on " in shown.text
    digest = _digest(shown)
    client.post("/tools/journal", data={"body": "Friday, clear"})  # meanwhile, in another tab
    refused = _confirm(client, "json", document, digest)
    assert refused.status_code == 422 and "already has entries" in refused.text
    assert "Nothing was imported" in refused.text
    assert len(_rows(site, "journal_entries")) == 1


def test_an_imported_entry_that_sounds_like_crisis_is_counted(site: Site) -> None:
    client = _admin(site)
    crisis = {"entries": [{"title": "", "body": "I want to end my life tonight, I cannot go on",
                           "date": "2025-11-02"}]}  # fmt: skip
    done = import_file(client, "jrnl", json.dumps(crisis).encode())
    assert "1 of the imported entries sounds like things have been very hard" in done.text
    assert 'href="/help-now"' in done.text


def test_imports_from_other_sites_are_refused(site: Site) -> None:
    """The same cross-site check as every other form, on the preview and the confirmation."""
    client = _admin(site)
    jrnl = (DATA / "jrnl.json").read_bytes()
    digest = _digest(_preview(client, "jrnl", jrnl))
    for headers in ({"sec-fetch-site": "cross-site"}, {"origin": "https://evil.example"}):
        for path in ("/settings/exchange/import/jrnl", "/settings/exchange/import/jrnl/confirm"):
            refused = client.post(path, files={"file": ("f", jrnl)}, data={"digest": digest},
                                  headers=headers)  # fmt: skip
            assert refused.status_code == 403, path
    assert _rows(site, "journal_entries") == []
