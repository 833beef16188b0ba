"""Settings pages for keeping things safe: backups (take, list, check, restore) and deleting
everything for good."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.services import backups
from trustbridge.web.deps import NowDep, StoreDep, open_settings
from trustbridge.web.forms import read_form
from trustbridge.web.render import render

router = APIRouter()

CONFIRM_WORD = "delete"
IN_USE = (
    "Trustbridge is open somewhere else",
    "Another browser window or a terminal is using your entries. Please close it and try "
    "again. Nothing was changed.",
)


def _holds(info: backups.BackupInfo) -> str:
    return ", ".join(backups.describe(info.counts)) or "nothing yet"


def _backups_page(
    request: Request, now: NowDep, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """The backups page: every backup with what it holds, plus any notice or problem."""
    settings = open_settings(request)
    try:
        found = backups.list_backups(settings)
        folder = str(backups.backups_folder(settings))
    except backups.NoBackups:
        found, folder = [], ""
    rows = [(b, backups.size_words(b.size), _holds(b)) for b in found]
    page = {"rows": rows, "folder": folder, "keep": settings.backups_keep, **context}
    return render(request, "settings_backups.html", page, now=now, status=status)


@router.get("/settings/backups", response_class=HTMLResponse)
def show_backups(
    request: Request, now: NowDep, made: str = "", restored: str = "", kept: str = ""
) -> HTMLResponse:
    notice = ""
    if made:
        notice = f"Backup {made} is made."
    elif restored:
        notice = f"Backup {restored} is restored."
        if kept:
            notice += f" What was there before is kept as backup {kept}."
    return _backups_page(request, now, notice=notice)


@router.post("/settings/backups")
def take_backup(request: Request, now: NowDep) -> Response:
    try:
        made = backups.take_backup(open_settings(request), now)
    except (backups.NothingToBackUp, backups.NoBackups):
        problem = ("No backup was made", "There is no Trustbridge file here to back up yet.")
        return _backups_page(request, now, problem=problem, status=409)
    return RedirectResponse(f"/settings/backups?made={made.name}", status_code=303)


@router.post("/settings/backups/{name}/verify", response_class=HTMLResponse)
def verify_backup(request: Request, name: str, now: NowDep) -> HTMLResponse:
    check = backups.verify_backup(open_settings(request), name)
    if check.ok:
        return _backups_page(request, now, notice=f"Backup {name} is whole and readable.")
    problem = (
        f"Backup {name} has a problem",
        "Please do not restore from it; other backups are not affected. What was found: "
        + "; ".join(check.problems),
    )
    return _backups_page(request, now, problem=problem)


@router.get("/settings/backups/{name}/restore", response_class=HTMLResponse)
def confirm_restore(request: Request, name: str, now: NowDep) -> HTMLResponse:
    """The confirmation step: which backup, what it holds, and that nothing is lost."""
    chosen = backups.backup_info(open_settings(request), name)
    return _backups_page(request, now, confirm=chosen, confirm_holds=_holds(chosen))


@router.post("/settings/backups/{name}/restore")
def restore_backup(request: Request, name: str, store: StoreDep, now: NowDep) -> Response:
    try:
        done = backups.restore_backup(open_settings(request), name, now, store=store)
    except backups.BadBackup as bad:
        problem = (
            f"Backup {name} was not restored",
            "It did not pass its check, so nothing was changed. What was found: "
            + "; ".join(bad.problems),
        )
        return _backups_page(request, now, problem=problem, status=422)
    except backups.StoreInUse:
        return _backups_page(request, now, problem=IN_USE, status=409)
    target = f"/settings/backups?restored={done.name}&kept={done.kept_as or ''}"
    return RedirectResponse(target, status_code=303)


# --- deleting everything ------------------------------------------------------------------------


def _delete_page(
    request: Request, now: NowDep, *, status: int = 200, **context: Any
) -> HTMLResponse:
    try:
        plan = backups.deletion_plan(open_settings(request))
    except backups.NoBackups:
        page = {"unavailable": True, **context}
        return render(request, "settings_delete.html", page, now=now, status=status)
    page = {
        "kinds": backups.describe(plan.counts),
        "backups": plan.backups,
        "folder": str(plan.folder),
        "word": CONFIRM_WORD,
        **context,
    }
    return render(request, "settings_delete.html", page, now=now, status=status)


@router.get("/settings/delete", response_class=HTMLResponse)
def show_delete(request: Request, now: NowDep) -> HTMLResponse:
    return _delete_page(request, now)


@router.post("/settings/delete", response_class=HTMLResponse)
async def delete_everything(request: Request, store: StoreDep, now: NowDep) -> HTMLResponse:
    typed = (await read_form(request)).get("confirm_word", "")
    if typed.strip().casefold() != CONFIRM_WORD:
        error = f"Nothing was deleted. To delete everything, type the word {CONFIRM_WORD}."
        return _delete_page(request, now, error=error, status=422)
    settings = open_settings(request)
    try:
        removed = backups.delete_everything(settings, store)
    except backups.NoBackups:
        return _delete_page(request, now, status=409)
    except backups.StoreInUse:
        return _delete_page(request, now, in_use=IN_USE, status=409)
    request.app.state.vault.close()  # nothing left to open: the next page is the set-up page
    context = {"removed": len(removed), "folder": str(settings.data_dir)}
    return render(request, "settings_delete.html", {"done": True, **context}, now=now)
