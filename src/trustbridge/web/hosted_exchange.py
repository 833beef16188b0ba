"""Export and import on a shared server: one's own records out, and one's own export back in.

Put in front of the local app's routes of the same addresses (:mod:`.routes_settings`), as
hosted mode's own: every read and write runs as the signed-in account
(:mod:`.hosted_store`), so an export holds the account's own rows only (row-level security,
and the reads' own ``owner_id`` condition, which leaves out a partner's shared entries too),
and an import writes only into the account (:mod:`trustbridge.exchange.json_account`).

Nothing about anyone is kept in the server's memory between requests, so any server behind
the proxy answers: an export is written as it is read and sent as it is written
(:mod:`.streaming`), and an import is checked and stored in the one request that uploads it,
with no preview waiting in memory. The local app's other importers (jrnl, Daylio, FreeCBT)
and its background jobs are not offered here.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from trustbridge.content import load_program
from trustbridge.exchange import json_format
from trustbridge.exchange.common import ExchangeError
from trustbridge.services.base import local_day
from trustbridge.store.db import DiskFull, Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.hosted_gate import signed_in
from trustbridge.web.render import render
from trustbridge.web.routes_settings import EXCHANGE, ImportJob, _read_upload, stage_asked
from trustbridge.web.streaming import streamed

router = APIRouter()
IMPORT_HINT = (
    "A file made by Export everything as JSON, here or in Trustbridge on your own computer. "
    "It can only go into an account with no entries yet."
)


def _page(request: Request, now: dt.datetime, error: str = "", status: int = 200) -> HTMLResponse:
    context = {"nav": "settings", "stages": load_program().stages, "hint": IMPORT_HINT,
               "error": error}  # fmt: skip
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


def _import(store: Store, account_id: int, data: bytes, now: dt.datetime) -> ImportJob:
    """Check the whole file, then store it in the account in one transaction, or nothing."""
    from trustbridge.exchange.json_account import save_into_account

    job = ImportJob("", json_format.IMPORTER.label)
    try:
        imported = save_into_account(store, json_format.IMPORTER.plan(data, now), account_id)
        job.total = job.done = imported.total
        job.crisis_entries, job.state = imported.crisis_entries, "done"
    except (ExchangeError, DiskFull) as problem:  # words meant for the person
        job.state, job.message = "failed", str(problem)
    except Exception:  # the details may hold database internals; the person needs the outcome
        job.state, job.message = "failed", "Something went wrong inside Trustbridge."
    return job


@router.post(f"{EXCHANGE}/import/{{key}}", response_class=HTMLResponse)
async def import_json(request: Request, key: str, store: StoreDep, now: NowDep) -> Response:
    """A JSON export, uploaded, checked and stored in the signed-in account (only JSON here)."""
    if key != "json":
        raise HTTPException(404)
    who = signed_in(request)
    assert who is not None  # the gate lets no request without a session reach this page
    try:
        _name, data, _fields = await _read_upload(request)
        if not data:
            raise ExchangeError("Please choose a file to import")
    except ExchangeError as problem:
        return _page(request, now, str(problem), status=422)
    job = await run_in_threadpool(_import, store, who.account_id, data, now)
    status = 200 if job.state == "done" else 422
    context = {"nav": "settings", "job": job}
    return render(request, "settings_exchange_job.html", context, now=now, status=status)
