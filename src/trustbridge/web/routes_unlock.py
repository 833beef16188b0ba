"""Getting in: the one-time link, the sign-in page, unlock and lock.

Two things stand between a request and the entries. The session (see :mod:`.gate`): a browser
without one gets the sign-in page, or for an encrypted store the unlock page, whose passphrase
starts a session too. And the key: an encrypted store that is locked sends even a signed-in
browser to the unlock page. A form posted at either point is not lost: its fields ride along,
hidden, on the unlock page, and after unlocking one click sends them on
(:func:`locked_response`); the sign-in page of a store kept unencrypted shows them back, so
they can be copied.

Every passphrase check (Argon2id, a few hundred milliseconds) runs in a worker thread, one at
a time for the whole server, with a growing wait after wrong tries (:mod:`.attempts`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.config import Settings
from trustbridge.services import security
from trustbridge.store import keys
from trustbridge.web.attempts import Attempts, TryLater, wait_words
from trustbridge.web.deps import NowDep, is_htmx
from trustbridge.web.forms import FormTooLarge, Posted, read_form
from trustbridge.web.gate import Gate, set_session_cookie
from trustbridge.web.render import render
from trustbridge.web.vault import Locked, NoStoreYet, Vault

router = APIRouter()

CARRY = "carry:"
SECURITY = "/settings/security"
EXCHANGE = "/settings/exchange"
T = TypeVar("T")


def vault_of(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


def gate_of(request: Request) -> Gate:
    gate: Gate = request.app.state.gate
    return gate


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, so the page cannot be an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def redirect(request: Request, target: str) -> Response:
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _here(request: Request) -> str:
    """The page the person is on: for HTMX, the page that made the request."""
    current = request.headers.get("hx-current-url") if is_htmx(request) else None
    parts = urlsplit(current or str(request.url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def checked_passphrase(request: Request, work: Callable[..., T], *args: object) -> T:
    """Run one passphrase check off the event loop, counted by the server's :class:`Attempts`.

    Raises :class:`TryLater` without checking while another try runs or a wait is due.
    """
    attempts: Attempts = request.app.state.attempts
    return await attempts.check(work, *args)


def too_many(wait: TryLater) -> str:
    return (
        "That is several wrong tries in a row, so Trustbridge waits a little before the next "
        f"one. Please try again in {wait_words(wait.seconds)}."
    )


def _retry_after(response: Response, wait: TryLater) -> Response:
    response.headers["Retry-After"] = str(max(1, round(wait.seconds)))
    return response


# --- when a request may not have what it asked for -------------------------------------------


async def _carried(request: Request) -> list[tuple[str, str]] | None:
    """The fields of a posted form; ``None`` for a file upload, which cannot ride along."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return None
    try:
        return list((await read_form(request)).multi_items())
    except FormTooLarge:
        return []


async def locked_response(request: Request, exc: Exception) -> Response:
    """Send a request that needs the store to set-up or unlock, keeping any posted form."""
    if isinstance(exc, NoStoreYet):
        return redirect(request, "/setup")
    assert isinstance(exc, Locked)
    if request.method != "POST":
        return redirect(request, f"/unlock?next={quote(_here(request))}")
    return _in_place(request, await _unlock_for(request))


async def _unlock_for(request: Request, status: int = 200) -> HTMLResponse:
    """The unlock page; a posted form rides along, to be sent on to where it was going."""
    if request.method != "POST":
        return unlock_page(request, next_=_here(request), status=status)
    carried = await _carried(request)
    if carried is None:  # after unlocking, the import page, to pick the file again
        return unlock_page(request, next_=EXCHANGE, status=status)
    return unlock_page(request, next_=request.url.path, carried=carried, status=status)


def _in_place(request: Request, page: HTMLResponse) -> HTMLResponse:
    if is_htmx(request):  # show the whole page in place of the form's target
        page.status_code = 200
        page.headers["HX-Retarget"] = "#main"
        page.headers["HX-Reswap"] = "innerHTML"
    return page


async def signin_response(request: Request) -> Response:
    """What a request without this server's session gets instead of the page it asked for."""
    if vault_of(request).encrypted:
        return _in_place(request, await _unlock_for(request, status=401))
    from trustbridge.services.base import utcnow

    posted = await _carried(request) if request.method == "POST" else []
    context = {"carried": posted or [], "used": False}
    page = render(request, "signin.html", context, now=utcnow(), status=401)
    return _in_place(request, page)


def unlock_page(
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
        "next": safe_next(next_),
        "carried": carried or [],
        "recovery": recovery,
        "error": error,
        "idle_minutes": int(vault_of(request).idle.total_seconds() // 60),
        "signed_in": gate_of(request).admits(request),
    }
    return render(request, "unlock.html", context, now=utcnow(), status=status)


# --- the one-time link ------------------------------------------------------------------------


@router.get("/open", response_class=HTMLResponse)
def open_link(request: Request, now: NowDep, token: str = "") -> Response:
    """Swap a one-time link for a session, and move the browser away from the secret."""
    session = gate_of(request).redeem(token)
    if session is None:
        context = {"carried": [], "used": True}
        return render(request, "signin.html", context, now=now, status=401)
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, session)
    return response


# --- unlock and lock ----------------------------------------------------------------------------


@router.get("/unlock", response_class=HTMLResponse)
def unlock_form(request: Request, next: str = "/", recovery: str = "") -> Response:
    vault = vault_of(request)
    if not vault.encrypted or (vault.is_open and gate_of(request).admits(request)):
        return RedirectResponse(safe_next(next), status_code=303)
    return unlock_page(request, next_=next, recovery=bool(recovery))


def _keyed(base: Settings, posted: Posted, recovery: bool) -> Settings:
    if recovery:
        return security.unlock_with_recovery(base, posted.get("recovery_code", ""))
    return security.unlock(base, posted.get("passphrase", ""))


@router.post("/unlock", response_class=HTMLResponse)
async def unlock(request: Request, now: NowDep) -> Response:
    vault, gate = vault_of(request), gate_of(request)
    posted = await read_form(request)
    target = safe_next(posted.get("next"))
    carried = [(k[len(CARRY) :], v) for k, v in posted.multi_items() if k.startswith(CARRY)]
    recovery = posted.get("recovery") == "1"
    if not vault.encrypted:
        return RedirectResponse(target, status_code=303)
    signed_in = gate.admits(request)
    if not (signed_in and vault.is_open):  # the passphrase is checked even if already open
        try:
            keyed = await checked_passphrase(request, _keyed, vault.base, posted, recovery)
        except (TryLater, keys.KeysProblem) as problem:
            wait = problem if isinstance(problem, TryLater) else None
            error = too_many(wait) if wait else str(problem)
            page = unlock_page(
                request, next_=target, carried=carried, recovery=recovery, error=error,
                status=429 if wait else 422,
            )  # fmt: skip
            return _retry_after(page, wait) if wait else page
        if not vault.is_open:
            await run_in_threadpool(vault.open, keyed)
        vault.by_recovery = vault.by_recovery or recovery
    if carried:
        response: Response = render(
            request, "carried.html", {"next": target, "carried": carried}, now=now
        )
    elif recovery:
        response = RedirectResponse(SECURITY, status_code=303)
    else:
        response = RedirectResponse(target, status_code=303)
    if not signed_in:
        set_session_cookie(response, gate.new_session())
    return response


@router.post("/lock")
def lock(request: Request) -> Response:
    """Lock the web app, and the command line's key agent too: locked means locked everywhere."""
    from trustbridge import keyagent

    vault = vault_of(request)
    vault.lock()
    keyagent.stop(vault.base.data_dir)
    return redirect(request, "/unlock" if vault.encrypted else "/")
