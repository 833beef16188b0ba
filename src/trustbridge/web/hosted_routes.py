"""Hosted mode's own pages: signing in and out, joining by invitation, and one's account.

These routes are put in front of the app's other routes, so a hosted server answers
``/settings`` with its own page (account, invitations) and ``/lock`` by signing out. Every
check of a password or code (Argon2id) runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.services.accounts import (
    MIN_PASSWORD,
    AccountProblem,
    Accounts,
    SignedIn,
    TooManyTries,
    WeakPassword,
    WrongDetails,
)
from trustbridge.web.deps import NowDep
from trustbridge.web.forms import read_form
from trustbridge.web.hosted_gate import HostedConfig, signed_in
from trustbridge.web.render import render
from trustbridge.web.routes_unlock import safe_next

router = APIRouter()

ACCOUNT = "/account"


def accounts_of(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def config_of(request: Request) -> HostedConfig:
    config: HostedConfig = request.app.state.hosted
    return config


def _me(request: Request) -> SignedIn:
    who = signed_in(request)
    assert who is not None  # the gate lets no request without a session reach these pages
    return who


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _device(request: Request) -> str:
    return request.headers.get("user-agent", "")[:120]


def not_here(request: Request) -> Response:
    """What a page of the local app that makes no sense on a shared server says instead."""
    from trustbridge.services.base import utcnow

    return render(request, "hosted_not_here.html", {}, now=utcnow(), status=404)


async def signed_out_post(request: Request) -> Response:
    """A form sent after the session ended: not saved, so it is shown back to be copied."""
    from trustbridge.services.base import utcnow
    from trustbridge.web.routes_unlock import _carried, _in_place

    carried = [(k, v) for k, v in (await _carried(request) or []) if v.strip()]
    context = {"next": "/", "error": "", "name": "", "notice": "", "carried": carried}
    page = render(request, "hosted_signin.html", context, now=utcnow(), status=401)
    return _in_place(request, page)  # for HTMX: the whole page in place of the form's target


# --- signing in ---------------------------------------------------------------------------------


def _signin_page(
    request: Request, now: dt.datetime, *, next_: str = "/", error: str = "", name: str = "",
    notice: str = "", status: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {"next": safe_next(next_), "error": error, "name": name, "notice": notice,
               "carried": []}  # fmt: skip
    return render(request, "hosted_signin.html", context, now=now, status=status)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, now: NowDep, next: str = "/", joined: str = "") -> Response:
    if signed_in(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    notice = "Your account is ready. Please sign in." if joined else ""
    return _signin_page(request, now, next_=next, notice=notice)


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request, now: NowDep) -> Response:
    posted = await read_form(request)
    name, password = posted.get("name", ""), posted.get("password", "")
    target = safe_next(posted.get("next"))
    accounts, config = accounts_of(request), config_of(request)
    try:
        started = await run_in_threadpool(
            accounts.sign_in, name, password, _address(request), _device(request)
        )
    except (WrongDetails, TooManyTries) as problem:
        wait = problem if isinstance(problem, TooManyTries) else None
        page = _signin_page(
            request, now, next_=target, error=str(problem), name=name,
            status=429 if wait else 401,
        )  # fmt: skip
        if wait is not None:
            page.headers["Retry-After"] = str(round(wait.seconds))
        return page
    # whatever session this browser had ends: a new token on every sign-in (ASVS 7.2.4)
    await run_in_threadpool(accounts.sign_out, request.cookies.get(config.cookie))
    if started.complete:
        response = RedirectResponse(target, status_code=303)
        config.set_cookie(response, config.cookie, started.token)
        config.clear_cookie(response, config.step_cookie)
        await run_in_threadpool(accounts.prune)
        return response
    response = RedirectResponse(f"/signin/code?next={target}", status_code=303)
    config.set_cookie(response, config.step_cookie, started.token)
    config.clear_cookie(response, config.cookie)
    return response


@router.get("/signin/code", response_class=HTMLResponse)
def code_form(request: Request, now: NowDep, next: str = "/") -> Response:
    step = request.cookies.get(config_of(request).step_cookie)
    if accounts_of(request).session_for(step, complete=False) is None:
        return RedirectResponse("/signin", status_code=303)
    context = {"next": safe_next(next), "error": ""}
    return render(request, "hosted_code.html", context, now=now)


@router.post("/signin/code", response_class=HTMLResponse)
async def code(request: Request, now: NowDep) -> Response:
    posted = await read_form(request)
    target = safe_next(posted.get("next"))
    accounts, config = accounts_of(request), config_of(request)
    step = request.cookies.get(config.step_cookie) or ""
    try:
        token = await run_in_threadpool(
            accounts.second_step, step, posted.get("code", ""), _address(request)
        )
    except WrongDetails:
        page = _signin_page(
            request, now, next_=target, status=401,
            error="That took a little too long, so please start again with your password.",
        )  # fmt: skip
        config.clear_cookie(page, config.step_cookie)
        return page
    except AccountProblem as problem:
        context = {"next": target, "error": str(problem)}
        status = 429 if isinstance(problem, TooManyTries) else 401
        return render(request, "hosted_code.html", context, now=now, status=status)
    response = RedirectResponse(target, status_code=303)
    config.set_cookie(response, config.cookie, token)
    config.clear_cookie(response, config.step_cookie)
    return response


def _signed_out(request: Request) -> Response:
    config = config_of(request)
    accounts_of(request).sign_out(request.cookies.get(config.cookie))
    response: Response = RedirectResponse("/signin", status_code=303)
    if request.headers.get("hx-request") == "true":
        response = Response(status_code=204, headers={"HX-Redirect": "/signin"})
    config.clear_cookie(response, config.cookie)
    return response


@router.post("/signout")
def signout(request: Request) -> Response:
    return _signed_out(request)


@router.post("/lock")
def lock(request: Request) -> Response:
    """Local mode's "Lock": on a shared server, signing out is what keeps others out."""
    return _signed_out(request)


# --- joining by invitation ------------------------------------------------------------------------


def _join_page(
    request: Request, now: dt.datetime, token: str, *, error: str = "", name: str = "",
    status: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {"token": token, "error": error, "name": name, "min_password": MIN_PASSWORD,
               "open": True}  # fmt: skip
    return render(request, "hosted_join.html", context, now=now, status=status)


@router.get("/join", response_class=HTMLResponse)
def join_form(request: Request, now: NowDep, token: str = "") -> Response:
    if not accounts_of(request).invitation_open(token):
        context = {"token": "", "open": False, "min_password": MIN_PASSWORD}
        return render(request, "hosted_join.html", context, now=now, status=404)
    return _join_page(request, now, token)


@router.post("/join", response_class=HTMLResponse)
async def join(request: Request, now: NowDep) -> Response:
    posted = await read_form(request)
    token, name = posted.get("token", ""), posted.get("name", "")
    password, again = posted.get("password", ""), posted.get("password_again", "")
    if password != again:
        error = "The two passwords are not the same. Please type it twice, the same way."
        return _join_page(request, now, token, error=error, name=name, status=422)
    try:
        await run_in_threadpool(accounts_of(request).accept, token, name, password)
    except AccountProblem as problem:
        return _join_page(request, now, token, error=str(problem), name=name, status=422)
    return RedirectResponse("/signin?joined=1", status_code=303)


# --- one's account ----------------------------------------------------------------------------------


def _account_page(
    request: Request, now: dt.datetime, *, done: str = "", errors: dict[str, str] | None = None,
    invitation: tuple[str, dt.datetime] | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    me = _me(request)
    accounts = accounts_of(request)
    context = {
        "me": me,
        "sessions": accounts.sessions(me.account_id),
        "pending": accounts.pending_second_factor(me.account_id),
        "policy": accounts.policy,
        "done": done,
        "errors": errors or {},
        "invitation": invitation,
        "min_password": MIN_PASSWORD,
    }
    return render(request, "hosted_account.html", context, now=now, status=status)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, now: NowDep) -> Response:
    return render(request, "hosted_settings.html", {"me": _me(request)}, now=now)


@router.get(ACCOUNT, response_class=HTMLResponse)
def account_page(request: Request, now: NowDep, done: str = "") -> Response:
    return _account_page(request, now, done=done)


def _done(what: str) -> Response:
    return RedirectResponse(f"{ACCOUNT}?done={what}", status_code=303)


@router.post(f"{ACCOUNT}/password", response_class=HTMLResponse)
async def change_password(request: Request, now: NowDep) -> Response:
    me = _me(request)
    posted = await read_form(request)
    new, again = posted.get("new_password", ""), posted.get("new_password_again", "")
    accounts = accounts_of(request)
    if new != again:
        problem: AccountProblem = WeakPassword(
            "The two new passwords are not the same. Please type it twice, the same way."
        )
    else:
        try:
            await run_in_threadpool(
                accounts.change_password, me.account_id, posted.get("password", ""), new
            )
        except AccountProblem as exc:
            problem = exc
        else:
            if posted.get("end_others") == "1":  # ASVS 7.4.3: the option, on by default
                await run_in_threadpool(
                    accounts.sign_out_everywhere, me.account_id, keep=me.session_id
                )
            return _done("password")
    return _account_page(request, now, errors={"password": str(problem)}, status=422)


@router.post(f"{ACCOUNT}/signout-everywhere")
def signout_everywhere(request: Request) -> Response:
    """End every session of this account, this one too."""
    me = _me(request)
    accounts_of(request).sign_out_everywhere(me.account_id)
    config = config_of(request)
    response = RedirectResponse("/signin", status_code=303)
    config.clear_cookie(response, config.cookie)
    return response


@router.post(f"{ACCOUNT}/sessions/{{session_id}}/end")
def end_session(request: Request, session_id: int) -> Response:
    me = _me(request)
    accounts_of(request).end_session(me.account_id, session_id)
    if session_id == me.session_id:
        return _signed_out(request)
    return _done("session")


@router.post(f"{ACCOUNT}/second-factor/start", response_class=HTMLResponse)
async def second_factor_start(request: Request, now: NowDep) -> Response:
    me = _me(request)
    posted = await read_form(request)
    try:
        await run_in_threadpool(
            accounts_of(request).begin_second_factor, me.account_id, posted.get("password", "")
        )
    except AccountProblem as problem:
        return _account_page(request, now, errors={"start": str(problem)}, status=422)
    return RedirectResponse(f"{ACCOUNT}#second-factor", status_code=303)


@router.post(f"{ACCOUNT}/second-factor/confirm", response_class=HTMLResponse)
async def second_factor_confirm(request: Request, now: NowDep) -> Response:
    me = _me(request)
    posted = await read_form(request)
    accounts = accounts_of(request)
    try:
        await run_in_threadpool(
            accounts.confirm_second_factor, me.account_id, posted.get("code", "")
        )
    except AccountProblem as problem:
        return _account_page(request, now, errors={"confirm": str(problem)}, status=422)
    if posted.get("end_others") == "1":
        await run_in_threadpool(accounts.sign_out_everywhere, me.account_id, keep=me.session_id)
    return _done("second-factor")


@router.post(f"{ACCOUNT}/second-factor/remove", response_class=HTMLResponse)
async def second_factor_remove(request: Request, now: NowDep) -> Response:
    me = _me(request)
    posted = await read_form(request)
    try:
        await run_in_threadpool(
            accounts_of(request).remove_second_factor, me.account_id, posted.get("password", "")
        )
    except AccountProblem as problem:
        return _account_page(request, now, errors={"remove": str(problem)}, status=422)
    return _done("second-factor-off")


@router.post(f"{ACCOUNT}/invite", response_class=HTMLResponse)
def invite(request: Request, now: NowDep) -> Response:
    """An administrator's new invitation; its link is shown once, on this page only."""
    me = _me(request)
    if not me.is_admin:
        return not_here(request)
    token, expires = accounts_of(request).invite(me.account_id)
    link = f"{str(request.base_url).rstrip('/')}/join?token={token}"
    return _account_page(request, now, invitation=(link, expires))
