"""Partner spaces and the therapist's view, through the pages, on the real PostgreSQL.

One database for the module (the accounts are made once); each test starts with no entries,
no spaces, no shares and no sessions. The pages read the tests' clock (it starts at the real
time, so the database's clock, which its policy for shared reports reads, agrees).
The isolation matrix through a space and a share is in ``test_isolation.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from tests.hosted import cluster as pg
from tests.hosted.test_web_pages import CRISIS_WORDS
from tests.hosted.web import ADMIN_PASSWORD, MAYA_PASSWORD, Site, sign_in
from trustbridge.services.errors import NotFound
from trustbridge.services.therapist import NO_THERAPIST
from trustbridge.store import models as m
from trustbridge.web.deps import get_now

SAM_PASSWORD = "pebble orchard whistles twice"
LEE_PASSWORD = "marigold ferry counts slowly"
THERAPIST = "Dr Lee"


@pytest.fixture(scope="module")
def place(postgres: pg.Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    name = f"spaces_{os.getpid()}"
    url = pg.create_database(postgres, name)
    made = Site(url, tmp_path_factory.mktemp("spaces"))
    try:
        app = made.app()
        app.dependency_overrides[get_now] = made.clock
        made.accounts.create("Admin", ADMIN_PASSWORD, is_admin=True)
        for who, password in (("Maya", MAYA_PASSWORD), ("Sam", SAM_PASSWORD),
                              (THERAPIST, LEE_PASSWORD)):  # fmt: skip
            token, _ = made.accounts.invite(None)
            made.accounts.accept(token, who, password)
        yield made
    finally:
        made.close()
        pg.drop_database(postgres, name)


@pytest.fixture
def site(place: Site) -> Site:
    tables = ", ".join(["partner_spaces", "report_shares", *m.Base.metadata.tables])
    with place.owner_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("DELETE FROM account_sessions"))
        conn.execute(text("DELETE FROM sign_in_attempts"))
        conn.execute(
            text("UPDATE accounts SET is_therapist = (name = :t), disabled_at = NULL"),
            {"t": THERAPIST},
        )
    place.clock.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return place


PASSWORDS = {"Admin": ADMIN_PASSWORD, "Maya": MAYA_PASSWORD, "Sam": SAM_PASSWORD,
             THERAPIST: LEE_PASSWORD}  # fmt: skip


def browser(site: Site, name: str) -> Any:
    client = site.client()
    sign_in(client, name, PASSWORDS[name])
    return client


def today(site: Site) -> dt.date:
    return site.clock.now.astimezone().date()


def partners(site: Site) -> tuple[Any, Any]:
    """Admin and Maya, in one partner space: Admin invites, Maya accepts."""
    admin, maya = browser(site, "Admin"), browser(site, "Maya")
    invited = admin.post("/partner-space/invite", data={"name": "maya"}, follow_redirects=False)
    assert invited.headers["location"] == "/partner-space?done=invited"
    page = maya.get("/partner-space").text
    assert "invites you to a partner space" in page and "Admin" in page
    [space] = set(re.findall(r'name="space" value="(\d+)"', page))
    assert maya.post("/partner-space/accept", data={"space": space}).status_code == 200
    for client, other in ((admin, "Maya"), (maya, "Admin")):
        assert (
            f'You share a space with <span dir="auto">{other}</span>'
            in client.get("/partner-space").text
        )
    return admin, maya


def write_both_ways(client: Any, site: Site, words: str) -> None:
    """One shared and one private entry of every shareable kind, their words marked."""
    day = today(site).isoformat()
    for shared in (True, False):
        mark = f"{words} {'SHARED' if shared else 'PRIVATE'}"
        extra = {"shared": "on"} if shared else {}
        for path, form in (
            ("/rituals", {"name": f"{mark} ritual", "cadence": "weekly"}),
            ("/appreciation", {"what": f"{mark} appreciation", "noted_on": day}),
            ("/wins", {"what": f"{mark} win", "happened_on": day, "kind": "other"}),
            ("/goals", {"goal": f"{mark} goal"}),
            ("/partner-checkins", {"held_on": day, "went_well": f"{mark} check-in"}),
        ):
            response = client.post(path, data={**form, **extra})
            assert response.status_code == 200, (path, response.text[:300])


KINDS = ("ritual", "appreciation", "win", "goal", "check-in")


def test_partners_see_what_each_shares_and_nothing_else(site: Site) -> None:
    admin, maya = partners(site)
    write_both_ways(admin, site, "By Admin")
    write_both_ways(maya, site, "By Maya")
    for viewer, own, other in ((maya, "By Maya", "By Admin"), (admin, "By Admin", "By Maya")):
        page = viewer.get("/partner-space").text
        for kind in KINDS:
            assert f"{other} SHARED {kind}" in page, kind
            assert f"{own} SHARED {kind}" in page, kind  # one's own, marked as such
            assert f"{other} PRIVATE {kind}" not in page and f"{own} PRIVATE {kind}" not in page
        assert "Written by" in page and "Yours" in page
        for path in ("/rituals", "/appreciation", "/wins", "/goals", "/partner-checkins", "/"):
            assert other not in viewer.get(path).text, path  # their own lists stay their own
    sam = browser(site, "Sam")  # outside the space: none of it, anywhere
    for path in ("/partner-space", "/rituals", "/appreciation", "/wins", "/goals",
                 "/partner-checkins", "/shared-with-me", "/report"):  # fmt: skip
        page = sam.get(path).text
        assert "By Admin" not in page and "By Maya" not in page, path


def test_a_partner_reads_but_never_changes_what_was_shared(site: Site) -> None:
    admin, maya = partners(site)
    write_both_ways(admin, site, "By Admin")
    with site.owner_engine.connect() as conn:
        before = {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                  for t in ("rituals", "shared_goals", "wins", "appreciations", "partner_checkins",
                            "rituals_kept", "goal_reviews")}  # fmt: skip
        ids = {t: [r[0] for r in rows] for t, rows in before.items()}
    kinds = {"rituals": "ritual", "shared_goals": "goal", "wins": "win",
             "appreciations": "appreciation", "partner_checkins": "partner_checkin"}  # fmt: skip
    for table, kind in kinds.items():
        for entry in ids[table]:
            assert maya.get(f"/growth/{kind}/{entry}/edit").status_code == 404
            for action in ("edit", "delete"):
                answer = maya.post(f"/growth/{kind}/{entry}/{action}", data={"shared": ""})
                assert answer.status_code in (404, 422), (kind, action, answer.status_code)
            assert maya.post(f"/partner-space/{kind}/{entry}/unshare").status_code == 404
    for entry in ids["rituals"]:
        for action in ("kept", "aside", "back"):
            assert maya.post(f"/rituals/{entry}/{action}").status_code == 404
    for entry in ids["shared_goals"]:
        answer = maya.post(f"/goals/{entry}/reviews", data={"reviewed_on": today(site)})
        assert answer.status_code == 404
    with site.owner_engine.connect() as conn:
        after = {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in before}
    assert after == before


def test_unsharing_on_the_page_or_the_edit_form_makes_it_private_again(site: Site) -> None:
    admin, maya = partners(site)
    shared = admin.post("/rituals", data={"name": "Tea on Sundays", "cadence": "weekly",
                                          "shared": "on"})  # fmt: skip
    assert shared.status_code == 200
    assert "Tea on Sundays" in maya.get("/partner-space").text
    assert '<span class="tag">Shared</span>' in admin.get("/rituals").text  # said on her list
    edit = admin.get("/growth/ritual/1/edit").text
    assert re.search(r'name="shared" value="on"\s+checked', edit)
    changed = admin.post("/growth/ritual/1/edit", data={"name": "Tea on Sundays",
                                                        "cadence": "weekly"})  # fmt: skip
    assert changed.status_code == 200
    assert "Tea on Sundays" not in maya.get("/partner-space").text
    assert not re.search(r'name="shared" value="on"\s+checked',
                         admin.get("/growth/ritual/1/edit").text)  # fmt: skip
    admin.post("/growth/ritual/1/edit", data={"name": "Tea on Sundays", "cadence": "weekly",
                                              "shared": "on"})  # fmt: skip
    assert "Tea on Sundays" in maya.get("/partner-space").text
    gone = admin.post("/partner-space/ritual/1/unshare")
    assert "That entry is private to you again." in gone.text
    assert "Tea on Sundays" not in maya.get("/partner-space").text
    mine = admin.get("/rituals").text
    assert "Tea on Sundays" in mine and '<span class="tag">Shared</span>' not in mine


def test_leaving_ends_the_space_for_both_and_each_keeps_only_their_own(site: Site) -> None:
    admin, maya = partners(site)
    write_both_ways(admin, site, "By Admin")
    write_both_ways(maya, site, "By Maya")
    left = maya.post("/partner-space/leave")
    assert "The partner space has ended." in left.text
    for client, own, other in ((admin, "By Admin", "By Maya"), (maya, "By Maya", "By Admin")):
        page = client.get("/partner-space").text
        assert "Invite your partner" in page and "You share a space" not in page
        assert other not in page
        assert f"{own} SHARED ritual" in page  # what they wrote stays theirs
        assert f"{own} PRIVATE ritual" in client.get("/rituals").text


def test_a_disabled_partners_shared_entries_stay_until_the_other_leaves(site: Site) -> None:
    """Disabling an account stops its signing in, not its sharing: what it shared stays in
    the space (docs/hosted.md says so) until the partner leaves, which the partner can do."""
    admin, maya = partners(site)
    write_both_ways(maya, site, "By Maya")
    found = site.accounts.find("Maya")
    assert found is not None
    site.accounts.disable(found.id)
    assert maya.get("/partner-space", follow_redirects=False).status_code == 303  # signed out
    page = admin.get("/partner-space").text
    assert "By Maya SHARED ritual" in page and "By Maya PRIVATE" not in page
    assert "The partner space has ended." in admin.post("/partner-space/leave").text
    assert "By Maya" not in admin.get("/partner-space").text


def test_one_space_at_a_time_and_the_same_answer_for_any_name(site: Site) -> None:
    admin, maya = partners(site)
    sam = browser(site, "Sam")
    refused = admin.post("/partner-space/invite", data={"name": "Sam"})
    assert refused.status_code == 422 and "already in a partner space" in refused.text
    assert sam.post("/partner-space/invite", data={"name": "sam"}).status_code == 422  # oneself
    # inviting someone already in a space, and a name nobody has, answer alike
    for name in ("Admin", "Nobody Here"):
        answer = sam.post("/partner-space/invite", data={"name": name}, follow_redirects=False)
        assert answer.headers["location"] == "/partner-space?done=invited"
    assert "Nobody Here" in sam.get("/partner-space").text
    sam.post("/partner-space/invite", data={"name": "Admin"})
    page = admin.get("/partner-space").text
    assert "Sam" not in page  # invitations wait unseen while one is in a space
    assert admin.post("/partner-space/accept", data={"space": "99"}).status_code == 422
    maya.post("/partner-space/leave")
    assert admin.post("/partner-space/accept", data={"space": "99"}).status_code == 404
    page = admin.get("/partner-space").text
    [space] = set(re.findall(r'name="space" value="(\d+)"', page))
    assert admin.post("/partner-space/decline", data={"space": space}).status_code == 200
    assert "invites you" not in admin.get("/partner-space").text
    assert "The invitation waits" not in sam.get("/partner-space").text  # declined: gone
    withdrawn = maya.post("/partner-space/invite", data={"name": "Sam"})
    assert "You invited <strong" in withdrawn.text
    assert "Maya" in sam.get("/partner-space").text
    maya.post("/partner-space/leave")
    assert "invites you" not in sam.get("/partner-space").text


def test_the_crisis_check_answers_on_what_is_written_to_share(site: Site) -> None:
    admin, _ = partners(site)
    saved = admin.post("/appreciation", data={"what": CRISIS_WORDS, "noted_on": today(site),
                                              "shared": "on"})  # fmt: skip
    assert "You do not have to carry this alone" in saved.text
    assert 'href="/help-now"' in saved.text


# --- the therapist's view -----------------------------------------------------------------------


def share(client: Any, site: Site, therapist: str = THERAPIST, days: int = 7) -> Any:
    day = today(site)
    return client.post(
        "/report/share",
        data={"tools": "journal", "since": (day - dt.timedelta(days=7)).isoformat(),
              "until": day.isoformat(), "therapist": therapist,
              "ends_on": (day + dt.timedelta(days=days)).isoformat()},
        follow_redirects=False,
    )  # fmt: skip


def test_a_therapist_sees_a_copy_of_the_report_shared_and_nothing_else(site: Site) -> None:
    maya = browser(site, "Maya")
    assert maya.post("/tools/journal", data={"body": "Words from Maya for the report"}).is_success
    preview = maya.post("/report", data={"tools": "journal", "since": today(site),
                                         "until": today(site)}).text  # fmt: skip
    assert "Share this report with your therapist" in preview and THERAPIST in preview
    made = share(maya, site)
    assert made.headers["location"] == "/shares?done=shared"
    assert THERAPIST in maya.get("/shares").text
    lee = browser(site, THERAPIST)
    listed = lee.get("/shared-with-me").text
    assert "Maya" in listed
    [number] = re.findall(r'href="/shared-with-me/(\d+)"', listed)
    assert "Words from Maya for the report" in lee.get(f"/shared-with-me/{number}").text
    # a copy: what Maya writes later does not reach it
    maya.post("/tools/journal", data={"body": "Written after sharing"})
    assert "Written after sharing" not in lee.get(f"/shared-with-me/{number}").text
    for path in ("/tools/journal", "/", "/partner-space", "/shares", "/report"):
        assert "Words from Maya" not in lee.get(path).text, path
    for other in ("Sam", "Admin"):  # not a therapist, nor the one it was shared with
        client = browser(site, other)
        assert client.get(f"/shared-with-me/{number}").status_code == 404
        assert "Maya" not in client.get("/shared-with-me").text
    refused = share(maya, site, therapist="Sam")
    assert refused.status_code == 422 and NO_THERAPIST[-40:] in refused.text
    for days in (-1, 400):
        assert share(maya, site, days=days).status_code == 422
    taken = maya.post(f"/shares/{number}/take-back", follow_redirects=False)
    assert taken.headers["location"] == "/shares?done=taken-back"
    assert lee.get(f"/shared-with-me/{number}").status_code == 404
    assert "Maya" not in lee.get("/shared-with-me").text
    assert maya.post(f"/shares/{number}/take-back").status_code == 404


def test_a_share_ends_on_its_day_and_when_the_therapist_mark_goes(site: Site) -> None:
    maya = browser(site, "Maya")
    maya.post("/tools/journal", data={"body": "Words for a short while"})
    assert share(maya, site, days=1).status_code == 303
    lee = browser(site, THERAPIST)
    assert "Words for a short while" in lee.get("/shared-with-me/1").text
    site.accounts.mark_therapist(site.accounts.find(THERAPIST).id, False)  # type: ignore[union-attr]
    lee = browser(site, THERAPIST)
    assert lee.get("/shared-with-me/1").status_code == 404
    site.accounts.mark_therapist(site.accounts.find(THERAPIST).id)  # type: ignore[union-attr]
    lee = browser(site, THERAPIST)
    assert lee.get("/shared-with-me/1").status_code == 200
    site.clock.advance(days=2, hours=1)  # past the end of the day chosen
    lee, maya = browser(site, THERAPIST), browser(site, "Maya")
    assert lee.get("/shared-with-me/1").status_code == 404
    assert "No one is sharing a report with you now." in lee.get("/shared-with-me").text
    shares = maya.get("/shares").text
    assert "Ended: they can no longer see it." in shares
    maya.post("/shares/1/take-back")
    with site.owner_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM report_shares")) == 0


def test_the_apps_own_checks_allow_the_same_and_no_more_without_row_level_security(
    site: Site,
) -> None:
    """The second wall alone: on the owner's connection (a superuser, which row-level security
    does not hold), the services still give a partner only what was shared, an outsider and a
    non-therapist nothing, and no one another's share."""
    from trustbridge.services import spaces, therapist
    from trustbridge.store.db import Store
    from trustbridge.web.hosted_store import account_store

    admin, maya = partners(site)
    write_both_ways(admin, site, "By Admin")
    maya.post("/tools/journal", data={"body": "Maya writes for Lee"})
    assert share(maya, site).status_code == 303
    ids = {who: site.accounts.find(who).id for who in PASSWORDS}  # type: ignore[union-attr]
    unheld = Store(site.apps[0].state.vault._store.settings, site.owner_engine, None)  # type: ignore[arg-type]
    now = site.clock.now

    def seen(who: str) -> set[str]:
        found = spaces.shared_entries(account_store(unheld, ids[who]), ids[who], now)
        return {repr(vars(s.record)) for listed in found.values() for s in listed if not s.mine}

    assert (
        all("SHARED" in r and "PRIVATE" not in r for r in seen("Maya")) and len(seen("Maya")) == 5
    )
    for outsider in ("Sam", THERAPIST):
        assert seen(outsider) == set()
        assert spaces.partner_of(account_store(unheld, ids[outsider]), ids[outsider]) is None
    as_lee = account_store(unheld, ids[THERAPIST])
    [row] = therapist.shared_with_me(as_lee, ids[THERAPIST], now)
    for who in ("Sam", "Admin"):
        store = account_store(unheld, ids[who])
        assert therapist.shared_with_me(store, ids[who], now) == []
        assert therapist.my_shares(store, ids[who]) == []
        with pytest.raises(NotFound):
            therapist.shared_report(store, ids[who], row.id, now)
        with pytest.raises(NotFound):
            therapist.take_back(store, ids[who], row.id)
    with pytest.raises(NotFound):  # as Maya, on her partner's shared ritual
        spaces.set_shared(account_store(unheld, ids["Maya"]), "ritual", 1, False)
    later = now + dt.timedelta(days=30)
    assert therapist.shared_with_me(as_lee, ids[THERAPIST], later) == []
