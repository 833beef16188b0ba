"""Export and import on a shared server: one's own records out, and files brought in.

Put in front of the local app's routes of the same addresses (:mod:`.routes_settings`), as
hosted mode's own: every read and write runs as the signed-in account
(:mod:`.hosted_store`), so an export holds the account's own rows only (row-level security,
and the reads' own ``owner_id`` condition, which leaves out a partner's shared entries too),
and an import writes only into the account: a full export renumbered
(:mod:`trustbridge.exchange.json_account`), another app's entries (jrnl, Daylio, FreeCBT)
as new records, each stamped with the account by its store.

Nothing about anyone is kept between requests, so any server behind the proxy answers, and
nothing of a person's file is kept anywhere while they decide: an export is written as it is
read and sent as it is written (:mod:`.streaming`); an import is uploaded and checked, and
its preview (the local app's, read the local way) ends with a form that asks for the same
file again. That second upload is stored only if it is the file shown (a SHA-256 of it, its
importer and options, carried by the form); another file is shown first in its turn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from trustbridge.content import load_program
from trustbridge.exchange import json_format
from trustbridge.exchange.common import ExchangeError, Imported, Importer
from trustbridge.exchange.importers import IMPORTERS
from trustbridge.services.base import local_day
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.hosted_routes import _me
from trustbridge.web.render import render
from trustbridge.web.routes_settings import (
    EXCHANGE,
    IMPORT_HINTS,
    ImportJob,
    Uploaded,
    _importer,
    previewed,
    read_import,
    stage_asked,
    store_for,
)
from trustbridge.web.streaming import streamed

router = APIRouter()
#: what each import form says about the file it wants: a full export goes into an empty account
HINTS = IMPORT_HINTS | {
    "json": "A file made by Export everything as JSON, here or in Trustbridge on your own "
    "computer. It can only go into an account with no entries yet.",
}
NOT_THE_SAME = (
    "The file you chose the second time is not the one shown before, so nothing was imported. "
    "Here is what this one holds."
)


def _page(
    request: Request, now: dt.datetime, errors: dict[str, str] | None = None, status: int = 200
) -> HTMLResponse:
    context = {"nav": "settings", "stages": load_program().stages, "errors": errors or {},
               "importers": list(IMPORTERS.values()), "hints": HINTS}  # fmt: skip
    return render(request, "hosted_exchange.html", context, now=now, status=status)


@router.get(EXCHANGE, response_class=HTMLResponse)
def exchange_page(request: Request, now: NowDep) -> HTMLResponse:
    return _page(request, now)


def _download(body: StreamingResponse, filename: str) -> StreamingResponse:
    body.headers["content-disposition"] = f'attachment; filename="{filename}"'
    body.headers["cache-control"] = "no-store"
    return body


@router.post(f"{EXCHANGE}/export/json")
def export_json(store: StoreDep, now: NowDep) -> Response:
    """Every one of the account's own records, as the local export's JSON, sent as read."""
    body = streamed(lambda out: json_format.write_json(store, now, out))
    name = f"trustbridge-export-{local_day(now).isoformat()}.json"
    return _download(StreamingResponse(body, media_type="application/json"), name)


@router.post(f"{EXCHANGE}/export/markdown")
async def export_markdown(request: Request, store: StoreDep, now: NowDep) -> Response:
    from trustbridge.exchange.markdown import write_markdown

    stage = await stage_asked(request)
    body = streamed(lambda out: write_markdown(store, now, out, stage))
    part = f"-stage-{stage}" if stage else ""
    name = f"trustbridge{part}-{local_day(now).isoformat()}.md"
    return _download(StreamingResponse(body, media_type="text/markdown; charset=utf-8"), name)


def digest(key: str, upload: Uploaded) -> str:
    """What the confirmation form carries of the file it was shown: a SHA-256 of the importer,
    its options and the bytes, so a file chosen again is stored only if it is the same one."""
    made = hashlib.sha256(key.encode())
    made.update(json.dumps(upload.options, sort_keys=True).encode())
    made.update(upload.data)
    return made.hexdigest()


def _refuse_unless_empty(store: Store, account_id: int) -> None:
    """A full export goes only into an account without entries (checked again as it is stored)."""
    from trustbridge.exchange.json_account import NOT_EMPTY, has_entries

    with store.sessions() as session:
        if has_entries(session, account_id):
            raise ExchangeError(NOT_EMPTY)


async def _preview(
    request: Request, key: str, store: Store, now: dt.datetime, upload: Uploaded, notice: str = ""
) -> Response:
    """The file checked whole and what it would create shown; nothing stored, nothing kept:
    the page's form asks for the same file again to store it."""
    try:
        if key == "json":
            await run_in_threadpool(_refuse_unless_empty, store, _me(request).account_id)
        preview = await previewed(request, key, upload, now)
    except ExchangeError as problem:
        return _page(request, now, {key: str(problem)}, status=422)
    context = {
        "nav": "settings", "preview": preview, "filename": upload.name, "again": True,
        "importer": _importer(key), "digest": digest(key, upload),
        "moods": upload.fields.get("moods", ""), "notice": notice,
    }  # fmt: skip
    return render(request, "settings_exchange_preview.html", context, now=now)


async def _uploaded(request: Request, key: str, now: dt.datetime) -> Uploaded | Response:
    """The upload, or the page again saying what is wrong with it."""
    _importer(key)  # 404 for no such importer
    try:
        return await read_import(request, key)
    except ExchangeError as problem:
        return _page(request, now, {key: str(problem)}, status=422)


@router.post(f"{EXCHANGE}/import/{{key}}", response_class=HTMLResponse)
async def preview_import(request: Request, key: str, store: StoreDep, now: NowDep) -> Response:
    """What an uploaded file would create, with a form to store it (the file chosen again)."""
    upload = await _uploaded(request, key, now)
    if isinstance(upload, Response):
        return upload
    return await _preview(request, key, store, now, upload)


def _store(
    store: Store, account_id: int, chosen: Importer, upload: Uploaded, now: dt.datetime
) -> ImportJob:
    """Check the whole file again, then store it in the account in one transaction, or nothing:
    a full export renumbered into the account (``json_account``), another app's entries as
    new records of the account's own (the store stamps each with it)."""
    from trustbridge.exchange.json_account import save_into_account

    def storing() -> Imported:
        plan = chosen.plan(upload.data, now, **upload.options)
        if chosen is json_format.IMPORTER:
            return save_into_account(store, plan, account_id)
        return chosen.save(store, plan)

    job = ImportJob("", chosen.label)
    store_for(job, storing)
    return job


@router.post(f"{EXCHANGE}/import/{{key}}/confirm", response_class=HTMLResponse)
async def confirm_import(request: Request, key: str, store: StoreDep, now: NowDep) -> Response:
    """The file chosen again on the preview: stored if it is the one shown, else shown first."""
    upload = await _uploaded(request, key, now)
    if isinstance(upload, Response):
        return upload
    if not hmac.compare_digest(upload.fields.get("digest", ""), digest(key, upload)):
        return await _preview(request, key, store, now, upload, NOT_THE_SAME)
    account = _me(request).account_id
    job = await run_in_threadpool(_store, store, account, _importer(key), upload, now)
    status = 200 if job.state == "done" else 422
    context = {"nav": "settings", "job": job}
    return render(request, "settings_exchange_job.html", context, now=now, status=status)
