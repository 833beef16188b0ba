"""Set-up on first run, unlock and lock, and the encryption settings page.

A request that needs the store while it is locked is sent to the unlock page. A form posted
while locked is not lost: its fields ride along, hidden, on the unlock page, and after
unlocking the person can send them on with one click (see :func:`locked_response`).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.services import security
from trustbridge.services.security import State
from trustbridge.store import keys
from trustbridge.store.backup import StoreInUse
from trustbridge.web.deps import NowDep, is_htmx, open_settings
from trustbridge.web.forms import Posted, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_backups import IN_USE
from trustbridge.web.routes_settings import EXCHANGE
from trustbridge.web.vault import Locked, NoStoreYet, Vault

router = APIRouter()

CARRY = "carry:"
SECURITY = "/settings/security"
MISMATCH = "Those two passphrases were not the same. Please type them again."
PLAIN_WARNING = (
    "Without a passphrase your entries are stored unencrypted: anyone who can open files on "
    "this computer, or gets a copy of a backup, can read them. You can turn encryption on "
    "later, in Settings."
)
CHANGED = "Your passphrase is changed. Your entries, backups and recovery key stay as they were."


def vault_of(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, so the page cannot be an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _redirect(request: Request, target: str) -> Response:
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _here(request: Request) -> str:
    """The page the person is on: for HTMX, the page that made the request."""
    current = request.headers.get("hx-current-url") if is_htmx(request) else None
    parts = urlsplit(current or str(request.url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def locked_response(request: Request, exc: Exception) -> Response:
    """Send a request that needs the store to set-up or unlock, keeping any posted form."""
    if isinstance(exc, NoStoreYet):
        return _redirect(request, "/setup")
    assert isinstance(exc, Locked)
    if request.method != "POST":
        return _redirect(request, f"/unlock?next={quote(_here(request))}")
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        # a file cannot ride along hidden: after unlocking, the import page, to pick it again
        page = _unlock_page(request, next_=EXCHANGE)
    else:
        carried = list((await read_form(request)).multi_items())
        page = _unlock_page(request, next_=request.url.path, carried=carried)
    if is_htmx(request):  # show the whole unlock page in place of the form's target
        page.headers["HX-Retarget"] = "#main"
        page.headers["HX-Reswap"] = "innerHTML"
    return page


def _unlock_page(
    request: Request,
    *,
    next_: str,
    carried: list[tuple[str, str]] | None = None,
    recovery: bool = False,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    from trustbridge.services.base import utcnow

    context = {
        "next": _safe_next(next_),
        "carried": carried or [],
        "recovery": recovery,
        "error": error,
        "idle_minutes": int(vault_of(request).idle.total_seconds() // 60),
    }
    return render(request, "unlock.html", context, now=utcnow(), status=status)


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
    if posted.get("choice") == "plain":
        made = security.create(vault.base, None)
        vault.open(made.settings)
        return RedirectResponse("/", status_code=303)
    passphrase, problem = _new_passphrase(posted)
    if passphrase is None:
        return _setup(request, now, error=problem, status=422)
    made = security.create(vault.base, passphrase)
    vault.open(made.settings)
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


# --- unlock and lock ----------------------------------------------------------------------------


@router.get("/unlock", response_class=HTMLResponse)
def unlock_page(request: Request, next: str = "/", recovery: str = "") -> Response:
    if not vault_of(request).encrypted or vault_of(request).is_open:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _unlock_page(request, next_=next, recovery=bool(recovery))


@router.post("/unlock", response_class=HTMLResponse)
async def unlock(request: Request, now: NowDep) -> Response:
    vault = vault_of(request)
    posted = await read_form(request)
    target = _safe_next(posted.get("next"))
    carried = [(k[len(CARRY) :], v) for k, v in posted.multi_items() if k.startswith(CARRY)]
    recovery = posted.get("recovery") == "1"
    if not vault.encrypted:
        return RedirectResponse(target, status_code=303)
    if not vault.is_open:
        try:
            if recovery:
                keyed = security.unlock_with_recovery(vault.base, posted.get("recovery_code", ""))
            else:
                keyed = security.unlock(vault.base, posted.get("passphrase", ""))
        except keys.KeysProblem as exc:
            return _unlock_page(
                request, next_=target, carried=carried, recovery=recovery, error=str(exc),
                status=422,
            )  # fmt: skip
        vault.open(keyed, by_recovery=recovery)
    if carried:
        return render(request, "carried.html", {"next": target, "carried": carried}, now=now)
    if recovery:
        return RedirectResponse(SECURITY, status_code=303)
    return RedirectResponse(target, status_code=303)


@router.post("/lock")
def lock(request: Request) -> Response:
    vault_of(request).lock()
    return _redirect(request, "/unlock" if vault_of(request).encrypted else "/")


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
        made = security.encrypt(settings, passphrase)
    except StoreInUse:
        return _security_page(request, now, note=IN_USE[1], status=409)
    finally:
        if vault.state is State.PLAIN:
            vault.open(vault.base)
    vault.open(made.settings)
    return _recovery_page(request, now, made.recovery_code, "Your entries are now encrypted")


@router.post(f"{SECURITY}/passphrase", response_class=HTMLResponse)
async def change_passphrase(request: Request, now: NowDep) -> Response:
    settings = open_settings(request)
    posted = await read_form(request)
    if not vault_of(request).by_recovery:  # opened with the recovery key: no passphrase known
        try:
            keys.unlock(settings.data_dir, posted.get("current", ""))
        except keys.KeysProblem as exc:
            return _security_page(request, now, current_error=str(exc), status=422)
    passphrase, problem = _new_passphrase(posted)
    if passphrase is None:
        return _security_page(request, now, error=problem, status=422)
    security.change_passphrase(settings, passphrase)
    vault_of(request).by_recovery = False
    return _security_page(request, now, note=CHANGED)


@router.post(f"{SECURITY}/recovery", response_class=HTMLResponse)
async def new_recovery_key(request: Request, now: NowDep) -> Response:
    settings = open_settings(request)
    try:
        keys.unlock(settings.data_dir, (await read_form(request)).get("current", ""))
    except keys.KeysProblem as exc:
        return _security_page(request, now, recovery_error=str(exc), status=422)
    code = security.new_recovery_key(settings)
    return _recovery_page(request, now, code, "Your new recovery key")
