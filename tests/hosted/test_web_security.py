"""Hosted mode's accounts and sessions, one test per security item (ASVS 5.0 numbers in each name's
docstring, and in the table in docs/hosted.md), through the web app on the real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.hosted.web import (
    ADMIN_PASSWORD,
    MAYA_PASSWORD,
    SITE,
    Site,
    add_maya,
    code_at,
    sign_in,
    signed_in,
    site_fixture,  # noqa: F401  (the fixture ``site``)
)
from trustbridge.services import accounts as accounts_service
from trustbridge.store import models as m
from trustbridge.web.hosted_gate import SECURE_COOKIE, SECURE_STEP_COOKIE

WRONG = "not the right words at all"


def _rows(site: Site, model: type[m.AccountsBase]) -> list[object]:
    with Session(site.engine) as session:
        return list(session.scalars(select(model)).all())


def _set_cookie(response: object) -> str:
    headers = response.headers  # type: ignore[attr-defined]
    return "; ".join(headers.get_list("set-cookie"))


# --- passwords --------------------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(site: Site) -> None:
    """11.4.2: an approved, computationally intensive password hashing function."""
    [admin] = _rows(site, m.Account)
    assert isinstance(admin, m.Account)
    assert admin.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert ADMIN_PASSWORD not in admin.password_hash


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short words", "at least 12 characters"),
        ("password1234", "easy to guess"),
        ("trustbridge2026", "easy to guess"),
        ("maya maya maya", "easy to guess"),
        ("x" * 257, "256 characters or fewer"),
    ],
)
def test_short_common_and_guessable_passwords_are_refused(
    site: Site, password: str, why: str
) -> None:
    """6.2.1 (12 or more), 6.2.4 (common passwords), 6.2.11 (this app's words and the name)."""
    token, _ = site.accounts.invite(None)
    client = site.client()
    form = {"token": token, "name": "Maya", "password": password, "password_again": password}
    response = client.post("/join", data=form)
    assert response.status_code == 422
    assert why in response.text
    assert len(_rows(site, m.Account)) == 1
    assert site.accounts.invitation_open(token)  # a refused password does not use it up


def test_long_passwords_of_any_characters_are_welcome_and_checked_exactly(site: Site) -> None:
    """6.2.5 (no composition rules), 6.2.8 (checked as typed), 6.2.9 (64 and more allowed)."""
    long_one = "the quiet river remembers every stone it carried to the sea, ünd 🌊"
    assert len(long_one) >= 64
    token, _ = site.accounts.invite(None)
    client = site.client()
    form = {"token": token, "name": "Sam", "password": long_one, "password_again": long_one}
    assert client.post("/join", data=form, follow_redirects=False).status_code == 303
    wrong_case = client.post("/signin", data={"name": "Sam", "password": long_one.upper()})
    assert wrong_case.status_code == 401
    trimmed = client.post("/signin", data={"name": "Sam", "password": long_one[:64]})
    assert trimmed.status_code == 401
    sign_in(client, "Sam", long_one)


def test_password_fields_are_masked_and_let_password_managers_fill_them(site: Site) -> None:
    """6.2.6 (type=password) and 6.2.7 (autocomplete allowed, nothing blocks pasting)."""
    page = site.client().get("/signin").text
    form = page.split('<form method="post" action="/signin"', 1)[1].split("</form>", 1)[0]
    assert 'type="password" id="password" name="password" autocomplete="current-password"' in form
    assert "paste" not in form and 'autocomplete="off"' not in form


def test_a_password_change_needs_the_current_one_and_can_end_other_sessions(site: Site) -> None:
    """6.2.2, 6.2.3 (current and new password), 7.4.3 (option to end the other sessions)."""
    here, elsewhere = site.client(), site.client()
    sign_in(here, "Admin", ADMIN_PASSWORD)
    sign_in(elsewhere, "Admin", ADMIN_PASSWORD)
    new = "amber orchard whistles softly"
    form = {"password": WRONG, "new_password": new, "new_password_again": new, "end_others": "1"}
    refused = here.post("/account/password", data=form)
    assert refused.status_code == 422 and "not your current password" in refused.text
    form["password"] = ADMIN_PASSWORD
    assert here.post("/account/password", data=form, follow_redirects=False).status_code == 303
    assert signed_in(here) and not signed_in(elsewhere)
    sign_in(elsewhere, "Admin", new)


# --- invitations --------------------------------------------------------------------------------------


def test_only_an_administrator_can_invite_and_only_by_invitation_can_anyone_join(
    site: Site,
) -> None:
    """6.4.1 (sign-up by a random, expiring, single-use invitation); no open registration."""
    add_maya(site)
    maya = site.client()
    sign_in(maya, "Maya", MAYA_PASSWORD)
    assert "Invite someone" not in maya.get("/account").text
    assert maya.post("/account/invite").status_code == 404
    nobody = site.client()
    assert nobody.get("/join").status_code == 404
    form = {"token": "", "name": "Eve", "password": MAYA_PASSWORD, "password_again": MAYA_PASSWORD}
    assert "cannot be used" in nobody.post("/join", data=form).text
    assert {a.name for a in _rows(site, m.Account)} == {"Admin", "Maya"}  # type: ignore[attr-defined]


def test_an_invitation_is_stored_hashed_works_once_and_expires(site: Site) -> None:
    """6.4.1 and 11.5.1: 256 random bits, kept as a SHA-256 digest, single use, 7 days."""
    admin = site.client()
    sign_in(admin, "Admin", ADMIN_PASSWORD)
    page = admin.post("/account/invite").text
    link = page.split(f"{SITE}/join?token=", 1)[1].split("<", 1)[0]
    assert len(link) >= 43
    [stored] = _rows(site, m.Invitation)
    assert stored.token_hash == hashlib.sha256(link.encode()).hexdigest()  # type: ignore[attr-defined]

    form = {"token": link, "name": "Maya", "password": MAYA_PASSWORD,
            "password_again": MAYA_PASSWORD}  # fmt: skip
    joined = site.client().post("/join", data=form, follow_redirects=False)
    assert joined.headers["location"] == "/signin?joined=1"
    form["name"] = "Maya's sister"
    again = site.client().post("/join", data=form)
    assert again.status_code == 422 and "cannot be used" in again.text

    late, _ = site.accounts.invite(None)
    site.clock.advance(days=7, seconds=1)
    assert site.client().get(f"/join?token={late}").status_code == 404
    form["token"] = late
    assert "cannot be used" in site.client().post("/join", data=form).text


# --- signing in ---------------------------------------------------------------------------------------


def test_an_unknown_name_and_a_wrong_password_look_the_same(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """6.3.8: the same words and status, and an Argon2id check in both cases."""
    checked: list[str] = []
    real = accounts_service.password_matches

    def counting(stored: str, password: str) -> bool:
        checked.append(stored[:10])
        return real(stored, password)

    monkeypatch.setattr(accounts_service, "password_matches", counting)
    client = site.client()
    wrong = client.post("/signin", data={"name": "Admin", "password": WRONG})
    unknown = client.post("/signin", data={"name": "Nobody", "password": WRONG})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.text.replace("Admin", "NAME") == unknown.text.replace("Nobody", "NAME")
    assert "do not match an account" in wrong.text
    assert checked == ["$argon2id$", "$argon2id$"]


def test_wrong_tries_lock_the_name_for_a_while_in_the_database(site: Site) -> None:
    """6.3.1 and 6.1.1: five wrong tries per name in 15 minutes, then a wait, for every server."""
    first, second = site.client(), site.client(site.app())
    for _ in range(5):
        assert first.post("/signin", data={"name": "admin", "password": WRONG}).status_code == 401
    locked = second.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD})
    assert locked.status_code == 429
    assert "try again in 15 minutes" in locked.text and locked.headers["retry-after"] == "900"
    site.clock.advance(minutes=15, seconds=1)
    sign_in(second, "Admin", ADMIN_PASSWORD)


def test_an_unknown_name_is_locked_the_same_way(site: Site) -> None:
    """6.3.8 with 6.3.1: the lock-out does not tell which names exist."""
    client = site.client()
    for name in ("Admin", "Nobody"):
        for _ in range(5):
            client.post("/signin", data={"name": name, "password": WRONG})
        assert client.post("/signin", data={"name": name, "password": WRONG}).status_code == 429


def test_wrong_tries_from_one_address_are_limited_across_names(site: Site) -> None:
    """6.3.1: credential stuffing from one address (many names) meets a limit too."""
    client = site.client()
    for n in range(30):
        client.post("/signin", data={"name": f"someone {n}", "password": WRONG})
    late = client.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD})
    assert late.status_code == 429


# --- sessions -----------------------------------------------------------------------------------------


def test_the_session_cookie_is_secure_httponly_lax_and_host_only(site: Site) -> None:
    """3.3.1 (Secure), 3.3.2 (SameSite), 3.3.3 (__Host- prefix), 3.3.4 (HttpOnly)."""
    response = site.client().post(
        "/signin", data={"name": "Admin", "password": ADMIN_PASSWORD}, follow_redirects=False
    )
    [cookie] = [c for c in response.headers.get_list("set-cookie")
                if c.startswith(f"{SECURE_COOKIE}=")]  # fmt: skip
    for part in ("HttpOnly", "Path=/", "SameSite=lax", "Secure"):
        assert part in cookie
    assert "Domain" not in cookie and "Max-Age" not in cookie and "expires" not in cookie.lower()


def test_session_tokens_are_random_and_kept_only_as_hashes(site: Site) -> None:
    """7.2.2, 7.2.3 (CSPRNG, 256 bits) and 7.2.1 (checked by the server, in the database)."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    token = client.cookies[SECURE_COOKIE]
    assert len(token) >= 43
    [held] = _rows(site, m.SignInSession)
    assert held.token_hash == hashlib.sha256(token.encode()).hexdigest()  # type: ignore[attr-defined]
    with site.engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM account_sessions"))
                        for v in row)  # fmt: skip
    assert token not in dump
    forged = site.client()
    forged.cookies.set(SECURE_COOKIE, token[:-2] + "xx", domain="testserver.local")
    assert not signed_in(forged)


def test_signing_in_again_gives_a_new_token_and_ends_the_old_one(site: Site) -> None:
    """7.2.4: a new session token on authentication, and the one before it ends."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    old = client.cookies[SECURE_COOKIE]
    sign_in(client, "Admin", ADMIN_PASSWORD)
    assert client.cookies[SECURE_COOKIE] != old
    replay = site.client()
    replay.cookies.set(SECURE_COOKIE, old, domain="testserver.local")
    assert not signed_in(replay)
    assert len(_rows(site, m.SignInSession)) == 1


def test_a_session_ends_after_30_idle_minutes_and_use_keeps_it(site: Site) -> None:
    """7.3.1 (inactivity timeout) and 7.1.1 (documented: 30 minutes)."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    for _ in range(3):
        site.clock.advance(minutes=25)
        assert signed_in(client)
    site.clock.advance(minutes=30, seconds=1)
    assert not signed_in(client)
    assert _rows(site, m.SignInSession) == []


def test_a_session_ends_12_hours_after_sign_in_however_busy(site: Site) -> None:
    """7.3.2 (absolute lifetime) and 7.1.1 (documented: 12 hours)."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    for _ in range(47):
        site.clock.advance(minutes=15)
        assert signed_in(client)
    site.clock.advance(minutes=15, seconds=1)
    assert not signed_in(client)


def test_signing_out_ends_the_session_on_the_server(site: Site) -> None:
    """7.4.1 (no further use of the token) and 7.4.4 (sign out on every page)."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    token = client.cookies[SECURE_COOKIE]
    for page in ("/", "/tools/journal", "/circle", "/settings"):
        assert 'action="/signout"' in client.get(page).text
    out = client.post("/signout", follow_redirects=False)
    assert out.headers["location"] == "/signin"
    assert f'{SECURE_COOKIE}=""' in _set_cookie(out)
    replay = site.client()
    replay.cookies.set(SECURE_COOKIE, token, domain="testserver.local")
    assert not signed_in(replay)


def test_people_see_their_sessions_and_can_end_one_or_all(site: Site) -> None:
    """7.5.2 (view and end sessions), 7.1.2 (no limit on parallel sessions, documented)."""
    phone, laptop = site.client(), site.client()
    sign_in(phone, "Admin", ADMIN_PASSWORD, **{"user-agent": "Phone browser"})
    sign_in(laptop, "Admin", ADMIN_PASSWORD, **{"user-agent": "Laptop browser"})
    page = laptop.get("/account").text
    assert "Phone browser" in page and "Laptop browser" in page
    [phone_row] = [s for s in _rows(site, m.SignInSession) if s.device == "Phone browser"]  # type: ignore[attr-defined]
    laptop.post(f"/account/sessions/{phone_row.id}/end")  # type: ignore[attr-defined]
    assert not signed_in(phone) and signed_in(laptop)

    sign_in(phone, "Admin", ADMIN_PASSWORD)
    out = laptop.post("/account/signout-everywhere", follow_redirects=False)
    assert out.headers["location"] == "/signin"
    assert not signed_in(phone) and not signed_in(laptop)


def test_nobody_can_end_someone_elses_session(site: Site) -> None:
    """8.2.2-style check for 7.5.2: ending a session by number only ends one's own."""
    admin = site.client()
    sign_in(admin, "Admin", ADMIN_PASSWORD)
    add_maya(site)
    maya = site.client()
    sign_in(maya, "Maya", MAYA_PASSWORD)
    [admins] = [
        s for s in _rows(site, m.SignInSession) if s.account_id != site.accounts.find("Maya").id
    ]  # type: ignore[attr-defined,union-attr]
    maya.post(f"/account/sessions/{admins.id}/end")  # type: ignore[attr-defined]
    assert signed_in(admin)


def test_a_disabled_account_loses_every_session_at_once(site: Site) -> None:
    """7.4.2: disabling an account ends all its sessions; it cannot sign in again."""
    maya_id = add_maya(site)
    maya = site.client()
    sign_in(maya, "Maya", MAYA_PASSWORD)
    site.accounts.disable(maya_id)
    assert not signed_in(maya)
    again = maya.post("/signin", data={"name": "Maya", "password": MAYA_PASSWORD})
    assert again.status_code == 401


def test_an_administrator_can_end_everyones_sessions(site: Site) -> None:
    """7.4.5: ending one person's or everyone's sessions (``trustbridge hosted sign-out``)."""
    add_maya(site)
    admin, maya = site.client(), site.client()
    sign_in(admin, "Admin", ADMIN_PASSWORD)
    sign_in(maya, "Maya", MAYA_PASSWORD)
    assert site.accounts.end_every_session() == 2
    assert not signed_in(admin) and not signed_in(maya)


def test_two_servers_share_sessions_through_the_database(site: Site) -> None:
    """The app keeps no state in memory: a session made on one server works on another."""
    other = site.app()
    on_first = site.client()
    sign_in(on_first, "Admin", ADMIN_PASSWORD)
    on_second = site.client(other)
    on_second.cookies.set(SECURE_COOKIE, on_first.cookies[SECURE_COOKIE], domain="testserver.local")
    saved = on_second.post(
        "/appreciation", data={"what": "Tea made for me", "noted_on": "2026-12-06"}
    )
    assert saved.status_code in (200, 303)
    assert "Tea made for me" in on_first.get("/appreciation").text
    on_second.post("/signout")
    assert not signed_in(on_first)


def test_a_session_is_only_made_by_signing_in(site: Site) -> None:
    """7.6.2: joining does not sign anyone in by itself; they sign in, by their own action."""
    token, _ = site.accounts.invite(None)
    client = site.client()
    form = {"token": token, "name": "Maya", "password": MAYA_PASSWORD,
            "password_again": MAYA_PASSWORD}  # fmt: skip
    joined = client.post("/join", data=form, follow_redirects=False)
    assert SECURE_COOKIE not in _set_cookie(joined)
    assert _rows(site, m.SignInSession) == []


# --- a second factor --------------------------------------------------------------------------------


def _enrol(site: Site, client: object, password: str = ADMIN_PASSWORD) -> str:
    refused = client.post("/account/second-factor/start", data={"password": WRONG})  # type: ignore[attr-defined]
    assert refused.status_code == 422  # 7.5.1: the password again, first
    client.post("/account/second-factor/start", data={"password": password})  # type: ignore[attr-defined]
    page = client.get("/account").text  # type: ignore[attr-defined]
    assert "otpauth://totp/Trustbridge:Admin?secret=" in page
    secret = page.split("Key: <code", 1)[1].split(">", 1)[1].split("<", 1)[0]
    wrong = client.post("/account/second-factor/confirm", data={"code": "000000"})  # type: ignore[attr-defined]
    assert wrong.status_code == 422
    done = client.post(  # type: ignore[attr-defined]
        "/account/second-factor/confirm", data={"code": code_at(secret, site.clock.now)}
    )
    assert "The second step is on" in done.text
    return secret


def test_a_second_factor_is_enrolled_by_confirming_a_first_code(site: Site) -> None:
    """6.5.3 (CSPRNG seed, 160 bits), 7.5.1 (password again before changing it)."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    secret = _enrol(site, client)
    [admin] = _rows(site, m.Account)
    assert admin.totp_secret == secret and admin.totp_pending is None  # type: ignore[attr-defined]
    assert len(secret) == 32  # 32 base32 letters: 160 bits


def test_with_a_second_factor_the_password_alone_is_not_enough(site: Site) -> None:
    """6.3.3 (when turned on), 6.5.1 (a code works once), 6.5.5 (30-second codes)."""
    setup = site.client()
    sign_in(setup, "Admin", ADMIN_PASSWORD)
    secret = _enrol(site, setup)
    site.clock.advance(seconds=30)

    client = site.client()
    half = client.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD},
                       follow_redirects=False)  # fmt: skip
    assert half.headers["location"].startswith("/signin/code")
    assert SECURE_COOKIE not in client.cookies and SECURE_STEP_COOKIE in client.cookies
    assert not signed_in(client)  # the half-made session opens no page

    assert client.post("/signin/code", data={"code": "123456"}).status_code == 401
    stale = code_at(secret, site.clock.now - dt.timedelta(seconds=60))
    assert client.post("/signin/code", data={"code": stale}).status_code == 401
    good = code_at(secret, site.clock.now)
    done = client.post("/signin/code", data={"code": good}, follow_redirects=False)
    assert done.status_code == 303 and signed_in(client)

    again = site.client()
    again.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD})
    reused = again.post("/signin/code", data={"code": good})
    assert reused.status_code == 401 and "used already" in reused.text


def test_a_half_made_sign_in_expires(site: Site) -> None:
    """6.5.5 and 7.2.4: the step between password and code lasts five minutes."""
    setup = site.client()
    sign_in(setup, "Admin", ADMIN_PASSWORD)
    secret = _enrol(site, setup)
    client = site.client()
    client.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD})
    site.clock.advance(minutes=5, seconds=1)
    late = client.post("/signin/code", data={"code": code_at(secret, site.clock.now)})
    assert late.status_code == 401 and "start again" in late.text


# --- the browser's side ---------------------------------------------------------------------------


def test_forms_from_other_sites_are_refused(site: Site) -> None:
    """3.5.1 and 3.5.3: the same Sec-Fetch-Site / Origin check as local mode, on every POST."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    for headers in ({"sec-fetch-site": "cross-site"}, {"origin": "https://evil.example"}):
        refused = client.post("/account/signout-everywhere", headers=headers)
        assert refused.status_code == 403
    assert signed_in(client)
    stranger = site.client()
    attempt = stranger.post("/signin", data={"name": "Admin", "password": ADMIN_PASSWORD},
                            headers={"sec-fetch-site": "cross-site"})  # fmt: skip
    assert attempt.status_code == 403


def test_every_response_carries_the_security_headers_and_hsts(site: Site) -> None:
    """3.4.1 (HSTS, a year, subdomains), 3.4.3 (CSP), 3.4.4, 3.4.5, 3.4.6, 3.4.8."""
    client = site.client()
    pages = [client.get("/signin"), client.get("/help-now"), client.get("/"),
             client.get("/static/app.css")]  # fmt: skip
    sign_in(client, "Admin", ADMIN_PASSWORD)
    pages += [client.get("/"), client.get("/account"), client.get("/no-such-page")]
    for response in pages:
        h = response.headers
        assert h["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "object-src 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
        assert h["cross-origin-opener-policy"] == "same-origin"
    assert pages[-2].headers["cache-control"] == "no-store"


def test_only_the_configured_host_names_are_answered(site: Site) -> None:
    """DNS rebinding, as in local mode: a Host this server was not told about is refused."""
    client = site.client()
    assert client.get("/signin", headers={"host": "attacker.example"}).status_code == 403


def test_a_sign_in_page_never_sends_people_to_another_site(site: Site) -> None:
    """3.7.2: ``next`` is only ever a path on this site."""
    client = site.client()
    response = client.post(
        "/signin",
        data={"name": "Admin", "password": ADMIN_PASSWORD, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_a_form_sent_after_the_session_ended_is_shown_back_not_lost(site: Site) -> None:
    """The idle timeout must not eat what someone wrote: it comes back to be copied."""
    client = site.client()
    sign_in(client, "Admin", ADMIN_PASSWORD)
    site.clock.advance(minutes=31)
    words = "Today I told my sister how I felt, and she listened."
    response = client.post("/tools/journal", data={"body": words})
    assert response.status_code == 401
    assert "What you sent is not saved" in response.text and words in response.text
    assert 'action="/signin"' in response.text
    by_htmx = client.post("/tools/journal", data={"body": words}, headers={"hx-request": "true"})
    assert by_htmx.status_code == 200 and by_htmx.headers["hx-retarget"] == "#main"
    assert words in by_htmx.text
