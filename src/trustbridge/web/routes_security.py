"""Set-up on first run and the encryption settings page.

Everything that checks or sets a passphrase runs Argon2id, so it runs in a worker thread:
the rest of the app (crisis help above all) keeps answering meanwhile. Checks of the current
passphrase are counted with the unlock page's (see :func:`routes_unlock.checked_passphrase`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.config import Settings
from trustbridge.services import security
from trustbridge.services.security import State
from trustbridge.store import keys
from trustbridge.store.backup import StoreInUse
from trustbridge.web.attempts import TryLater
from trustbridge.web.deps import NowDep, open_settings
from trustbridge.web.forms import Posted, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_backups import IN_USE
from trustbridge.web.routes_unlock import SECURITY, checked_passphrase, too_many, vault_of

router = APIRouter()

MISMATCH = "Those two passphrases were not the same. Please type them again."
PLAIN_WARNING = (
    "Without a passphrase your entries are stored unencrypted: anyone who can open files on "
    "this computer, or gets a copy of a backup, can read them. You can turn encryption on "
    "later, in Settings."
)
CHANGED = "Your passphrase is changed. Your entries, backups and recovery key stay as they were."


# --- first run ------------------------------------------------------------------------------------


@router.get("/setup", response_class=HTMLResponse)
def setup_page(request: Request, now: NowDep) -> Response:
    if vault_of(request).state is not State.NEW:
        return RedirectResponse("/", status_code=303)
    return _setup(request, now)


def _setup(request: Request, now: NowDep, error: str = "", status: int = 200) -> HTMLResponse:
    context = {"error": error, "plain_warning": PLAIN_WARNING}
    return render(request, "setup.html", context, now=now, status=status)


@router.post("/setup", response_class=HTMLResponse)
async def setup(request: Request, now: NowDep) -> Response:
    vault = vault_of(request)
    if vault.state is not State.NEW:
        return RedirectResponse("/", status_code=303)
    posted = await read_form(request)
    passphrase, problem = None, ""
    if posted.get("choice") != "plain":
        passphrase, problem = _new_passphrase(posted)
        if passphrase is None:
            return _setup(request, now, error=problem, status=422)
    made = await run_in_threadpool(security.create, vault.base, passphrase)
    await run_in_threadpool(vault.open, made.settings)
    if passphrase is None:
        return RedirectResponse("/", status_code=303)
    return _recovery_page(request, now, made.recovery_code, "Your entries are encrypted")


def _new_passphrase(posted: Posted) -> tuple[str | None, str]:
    """The new passphrase typed twice, or ``None`` and what is wrong with it."""
    passphrase = posted.get("passphrase", "")
    try:
        keys.check_passphrase(passphrase)
    except keys.WeakPassphrase as exc:
        return None, str(exc)
    if posted.get("passphrase_again", "") != passphrase:
        return None, MISMATCH
    return passphrase, ""


def _recovery_page(request: Request, now: NowDep, code: str | None, heading: str) -> HTMLResponse:
    context = {"code": code, "heading": heading, "next": "/"}
    return render(request, "recovery.html", context, now=now)


# --- settings -----------------------------------------------------------------------------------


def _security_page(
    request: Request, now: NowDep, status: int = 200, **extra: object
) -> HTMLResponse:
    vault = vault_of(request)
    context = {
        "encrypted": vault.encrypted,
        "sqlite": vault.base.sqlite_path is not None,
        "idle_minutes": int(vault.idle.total_seconds() // 60),
        "recovered": vault.by_recovery,
        **extra,
    }
    return render(request, "settings_security.html", context, now=now, status=status)


@router.get(SECURITY, response_class=HTMLResponse)
def security_page(request: Request, now: NowDep) -> Response:
    vault_of(request).store()  # locked: unlock first (raises Locked, which redirects)
    return _security_page(request, now)


@router.post(f"{SECURITY}/encrypt", response_class=HTMLResponse)
async def encrypt(request: Request, now: NowDep) -> Response:
    vault = vault_of(request)
    settings = open_settings(request)
    passphrase, problem = _new_passphrase(await read_form(request))
    if passphrase is None:
        return _security_page(request, now, error=problem, status=422)
    vault.close()  # nothing else may hold the file while it is rewritten
    try:
        made = await run_in_threadpool(security.encrypt, settings, passphrase)
    except StoreInUse:
        return _security_page(request, now, note=IN_USE[1], status=409)
    finally:
        if vault.state is State.PLAIN:
            await run_in_threadpool(vault.open, vault.base)
    await run_in_threadpool(vault.open, made.settings)
    return _recovery_page(request, now, made.recovery_code, "Your entries are now encrypted")


@router.post(f"{SECURITY}/passphrase", response_class=HTMLResponse)
async def change_passphrase(request: Request, now: NowDep) -> Response:
    settings = open_settings(request)
    posted = await read_form(request)
    if not vault_of(request).by_recovery:  # opened with the recovery key: no passphrase known
        problem = await _current_problem(request, settings, posted)
        if problem:
            return _security_page(request, now, current_error=problem, status=422)
    passphrase, problem = _new_passphrase(posted)
    if passphrase is None:
        return _security_page(request, now, error=problem, status=422)
    await run_in_threadpool(security.change_passphrase, settings, passphrase)
    vault_of(request).by_recovery = False
    return _security_page(request, now, note=CHANGED)


@router.post(f"{SECURITY}/recovery", response_class=HTMLResponse)
async def new_recovery_key(request: Request, now: NowDep) -> Response:
    settings = open_settings(request)
    problem = await _current_problem(request, settings, await read_form(request))
    if problem:
        return _security_page(request, now, recovery_error=problem, status=422)
    code = await run_in_threadpool(security.new_recovery_key, settings)
    return _recovery_page(request, now, code, "Your new recovery key")


async def _current_problem(request: Request, settings: Settings, posted: Posted) -> str:
    """What is wrong with the current passphrase typed to confirm a change; ``""`` if right."""
    try:
        await checked_passphrase(request, keys.unlock, settings.data_dir, posted.get("current", ""))
    except TryLater as wait:
        return too_many(wait)
    except keys.KeysProblem as exc:
        return str(exc)
    return ""
