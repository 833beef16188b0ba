"""The calendar feed in hosted mode: a private address per account, kept only as a hash.

A calendar app has no session: the token in the address alone opens the feed, the account
comes from the token's row, and the reminders are read as that account under row-level
security. Each account's feed holds its own reminders only.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import text

from tests.hosted.web import (
    ADMIN_PASSWORD,
    MAYA_PASSWORD,
    Site,
    add_maya,
    sign_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from trustbridge.web.hosted_gate import SECURE_COOKIE

FEED = "/reminders/feed.ics"


def _person(site: Site, name: str, password: str, ritual: str) -> Any:
    """Signed in, with a ritual and its full title in the calendar."""
    client = site.client()
    sign_in(client, name, password)
    assert client.post("/reminders", data={"time": "20:00", "full_titles": "yes"}).status_code in (
        200,
        303,
    )
    client.post("/rituals", data={"name": ritual, "cadence": "daily"})
    return client


def _made(client: Any) -> str:
    """A new feed address from the reminders page: its token."""
    made = client.post("/reminders/new-feed", follow_redirects=False)
    # a redirect, so reloading the page that shows the address never makes another
    assert made.status_code == 303 and made.headers["location"].startswith("/reminders")
    page = client.get(made.headers["location"])
    assert page.status_code == 200 and "shown only this once" in page.text
    found = re.search(r'value="https://testserver/reminders/feed\.ics\?token=([\w-]+)"', page.text)
    assert found is not None, page.text[-3000:]
    return found[1]


def _calendar(site: Site, token: str) -> Any:
    """The feed as a calendar app asks for it: no cookie, no session."""
    app = site.client()
    assert not app.cookies.get(SECURE_COOKIE)
    return app.get(FEED, params={"token": token})


def test_each_feed_holds_its_own_accounts_reminders_opened_by_its_token_alone(
    site: Site,
) -> None:
    add_maya(site)
    admin = _person(site, "Admin", ADMIN_PASSWORD, "Admin's quiet tea")
    maya = _person(site, "Maya", MAYA_PASSWORD, "Maya's long walk")
    admins, mayas = _made(admin), _made(maya)
    for token, mine, theirs in ((admins, "Admin's quiet tea", "Maya"),
                                (mayas, "Maya's long walk", "Admin")):  # fmt: skip
        answer = _calendar(site, token)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/calendar")
        assert f"Ritual: {mine}" in answer.text and theirs not in answer.text
    for wrong in ("", "x", admins[:-1], admins + "x", "a" * 200):
        refused = _calendar(site, wrong)
        assert refused.status_code == 404 and "BEGIN:VCALENDAR" not in refused.text, wrong


def test_the_address_is_shown_once_and_kept_only_as_a_hash(site: Site) -> None:
    admin = _person(site, "Admin", ADMIN_PASSWORD, "Tea")
    assert "Make a feed address" in admin.get("/reminders").text
    token = _made(admin)
    again = admin.get("/reminders").text
    assert token not in again and "You made a feed address on" in again
    with site.owner_engine.connect() as conn:
        kept = conn.execute(text("SELECT token_hash FROM calendar_feeds")).scalars().all()
        preferences = conn.execute(text("SELECT * FROM preferences")).all()
    assert kept == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in repr(preferences)


def test_reloading_the_page_that_shows_the_address_keeps_it(site: Site) -> None:
    """The address is on its way to the page in a cookie that page deletes: a reload shows
    it no more, and makes no new one (the calendar's copy goes on working)."""
    admin = _person(site, "Admin", ADMIN_PASSWORD, "Tea")
    token = _made(admin)
    assert not any(name.endswith("new-feed") for name in admin.cookies)
    again = admin.get("/reminders")
    assert token not in again.text and "You made a feed address on" in again.text
    assert _calendar(site, token).status_code == 200
    forged = site.client()
    sign_in(forged, "Admin", ADMIN_PASSWORD)
    forged.cookies.set("__Host-trustbridge-new-feed", '"><script>x</script>')
    assert "<script>x" not in forged.get("/reminders").text


def test_a_new_address_ends_the_old_one_and_the_feed_can_be_stopped(site: Site) -> None:
    admin = _person(site, "Admin", ADMIN_PASSWORD, "Tea")
    first = _made(admin)
    second = _made(admin)
    assert _calendar(site, first).status_code == 404
    assert _calendar(site, second).status_code == 200
    stopped = admin.post("/reminders/stop-feed", follow_redirects=False)
    assert stopped.status_code == 303 and stopped.headers["location"].startswith("/reminders")
    assert "The feed is stopped" in admin.get(stopped.headers["location"]).text
    assert _calendar(site, second).status_code == 404
    third = _made(admin)
    site.accounts.disable(site.accounts.find("Admin").id)  # type: ignore[union-attr]
    assert _calendar(site, third).status_code == 404  # a disabled account's feed says nothing


def test_reading_the_feed_is_no_use_of_a_session(site: Site) -> None:
    """A calendar app polling the feed neither needs a session nor keeps one alive."""
    admin = _person(site, "Admin", ADMIN_PASSWORD, "Tea")
    token = _made(admin)
    site.clock.advance(minutes=20)
    assert _calendar(site, token).status_code == 200
    site.clock.advance(minutes=11)  # 31 idle minutes: the feed's reads did not count
    assert admin.get("/reminders", follow_redirects=False).status_code == 303
    assert _calendar(site, token).status_code == 200


def test_feed_forms_from_other_sites_are_refused(site: Site) -> None:
    admin = _person(site, "Admin", ADMIN_PASSWORD, "Tea")
    for path in ("/reminders/new-feed", "/reminders/stop-feed"):
        refused = admin.post(path, headers={"sec-fetch-site": "cross-site"})
        assert refused.status_code == 403, path
    with site.owner_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM calendar_feeds")) == 0
