"""Settings: the index page, and export and import in the browser.

Exports are downloads (posted, so another site cannot start one). An import is uploaded,
checked whole and shown as a preview; the file stays in this process's memory only (never on
disk here, never in a log) until "Import all" or until it expires. The import then runs in
the background, in one transaction, while the page shows its progress.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartParser

from trustbridge.content import load_program
from trustbridge.exchange import json_format
from trustbridge.exchange.common import (
    MAX_FILE_BYTES,
    ExchangeError,
    Imported,
    Importer,
    Preview,
)
from trustbridge.exchange.files import written
from trustbridge.exchange.importers import IMPORTERS
from trustbridge.services.base import local_day
from trustbridge.store.db import DiskFull, Store
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import MAX_BODY
from trustbridge.web.render import render

router = APIRouter()
EXCHANGE = "/settings/exchange"
#: how long an uploaded file waits for "Import all", and how many may wait at once
UPLOAD_TTL_SECONDS = 30 * 60
MAX_WAITING = 3
MAX_JOBS = 8
#: what each import form says about the file it wants
IMPORT_HINTS = {
    "json": "A file made by Export everything as JSON. It can only go into an empty Trustbridge.",
    "jrnl": "Made with: jrnl --format json > journal.json. Entries become journal entries.",
    "daylio": "From Daylio: More, Export entries, CSV. Entries become check-ins.",
    "freecbt": "From FreeCBT: Settings, Export, as CSV or JSON. Thoughts become thought records.",
}
_STATE_LOCK = threading.Lock()


@dataclass
class _Upload:
    key: str
    filename: str
    data: bytes
    options: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class ImportJob:
    """One import running in the background; only counts and plain messages, never the text."""

    id: str
    source: str
    done: int = 0
    total: int = 0
    state: str = "running"
    message: str = ""
    #: how many imported entries sounded like crisis (a count, never which or their words)
    crisis_entries: int = 0
    #: a restore checks only the entries of its last days: that many, or ``None`` for all
    checked_days: int | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class _Exchange:
    uploads: dict[str, _Upload] = field(default_factory=dict)
    jobs: dict[str, ImportJob] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keep(self, upload: _Upload) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            now = time.monotonic()
            for old in [t for t, u in self.uploads.items() if now - u.at > UPLOAD_TTL_SECONDS]:
                del self.uploads[old]
            while len(self.uploads) >= MAX_WAITING:
                del self.uploads[next(iter(self.uploads))]
            self.uploads[token] = upload
        return token

    def take(self, token: str) -> _Upload | None:
        with self.lock:
            upload = self.uploads.pop(token, None)
        if upload is None or time.monotonic() - upload.at > UPLOAD_TTL_SECONDS:
            return None
        return upload

    def start(self, job: ImportJob) -> None:
        with self.lock:
            while len(self.jobs) >= MAX_JOBS:
                del self.jobs[next(iter(self.jobs))]
            self.jobs[job.id] = job


def _exchange(request: Request) -> _Exchange:
    state = request.app.state
    with _STATE_LOCK:
        if not hasattr(state, "exchange"):
            state.exchange = _Exchange()
    found: _Exchange = state.exchange
    return found


# --- pages ----------------------------------------------------------------------------------


@router.get("/settings", response_class=HTMLResponse)
def settings_index(request: Request, now: NowDep) -> HTMLResponse:
    return render(request, "settings.html", {"nav": "settings"}, now=now)


def _exchange_page(
    request: Request, now: dt.datetime, errors: dict[str, str] | None = None, status: int = 200
) -> HTMLResponse:
    context = {
        "nav": "settings",
        "stages": load_program().stages,
        "importers": list(IMPORTERS.values()),
        "hints": IMPORT_HINTS,
        "errors": errors or {},
    }
    return render(request, "settings_exchange.html", context, now=now, status=status)


@router.get(EXCHANGE, response_class=HTMLResponse)
def exchange_page(request: Request, now: NowDep) -> HTMLResponse:
    return _exchange_page(request, now)


# --- export ---------------------------------------------------------------------------------


def _download(body: bytes, filename: str, media_type: str) -> Response:
    headers = {
        "content-disposition": f'attachment; filename="{filename}"',
        "cache-control": "no-store",
    }
    return Response(body, media_type=media_type, headers=headers)


@router.post(f"{EXCHANGE}/export/json")
def export_json(store: StoreDep, now: NowDep) -> Response:
    body = written(lambda out: json_format.write_json(store, now, out))
    name = f"trustbridge-export-{local_day(now).isoformat()}.json"
    return _download(body, name, "application/json")


async def stage_asked(request: Request) -> int | None:
    """The stage a Markdown export is asked for (``None``: all of them); 400 for no such one."""
    form = await request.form(max_files=0, max_fields=10)
    chosen = str(form.get("stage") or "").strip()
    if chosen and (not chosen.isdigit() or not 1 <= int(chosen) <= len(load_program().stages)):
        raise HTTPException(400, "There is no such stage.")
    return int(chosen) if chosen else None


@router.post(f"{EXCHANGE}/export/markdown")
async def export_markdown(request: Request, store: StoreDep, now: NowDep) -> Response:
    from trustbridge.exchange.markdown import write_markdown

    stage = await stage_asked(request)
    body = await run_in_threadpool(written, lambda out: write_markdown(store, now, out, stage))
    part = f"-stage-{stage}" if stage else ""
    name = f"trustbridge{part}-{local_day(now).isoformat()}.md"
    return _download(body, name, "text/markdown; charset=utf-8")


# --- import ---------------------------------------------------------------------------------


def _importer(key: str) -> Importer:
    if key not in IMPORTERS:
        raise HTTPException(404)
    return IMPORTERS[key]


#: the largest import upload read at all: the file, and room for the form around it
UPLOAD_LIMIT = MAX_FILE_BYTES + 64 * 1024
#: Starlette spools an upload beyond ``spool_max_size`` to a temporary file; an import holds the
#: person's own writing, so it stays in memory instead: no body reaches the parser beyond
#: ``UPLOAD_LIMIT`` (``forms.BodyLimit``), so with the spool as large, it never rolls over
MultiPartParser.spool_max_size = UPLOAD_LIMIT


def body_limit(path: str) -> int:
    """How many bytes a request body to ``path`` may have (see ``forms.BodyLimit``)."""
    return UPLOAD_LIMIT if path.startswith(f"{EXCHANGE}/import/") else MAX_BODY


async def _read_upload(request: Request) -> tuple[str, bytes, dict[str, str]]:
    """The uploaded file's name and bytes (read into memory, the upload closed), and the fields."""
    form = await request.form(max_files=1, max_fields=10)
    try:
        upload = form.get("file")
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        if not isinstance(upload, UploadFile) or not upload.filename:
            return "", b"", fields
        data = await upload.read(MAX_FILE_BYTES + 1)
        name = upload.filename
    finally:
        await form.close()  # Starlette's spooled copy of a large upload is deleted here
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return name, data, fields


def _mood_words(text: str) -> dict[str, int]:
    """``sleepy=2, okay=3`` from the Daylio form, checked the way the command line checks it."""
    moods = {}
    for pair in text.replace(";", ",").split(","):
        if not pair.strip():
            continue
        name, _, number = pair.rpartition("=")
        if not name.strip() or number.strip() not in ("1", "2", "3", "4", "5"):
            raise ExchangeError("Renamed moods should look like sleepy=2, separated by commas")
        moods[name.strip()] = int(number)
    return moods


@dataclass(frozen=True, slots=True)
class Uploaded:
    """An import's file as uploaded (in memory only), with its importer's options."""

    name: str
    data: bytes
    fields: dict[str, str]
    options: dict[str, Any]


async def read_import(request: Request, key: str) -> Uploaded:
    """The uploaded file and the options of importer ``key``; ``ExchangeError`` for no file,
    one too large, or options that cannot be read."""
    name, data, fields = await _read_upload(request)
    if not data:
        raise ExchangeError("Please choose a file to import")
    options = {"moods": _mood_words(fields.get("moods", ""))} if key == "daylio" else {}
    return Uploaded(name, data, fields, options)


async def previewed(request: Request, key: str, upload: Uploaded, now: dt.datetime) -> Preview:
    """What the file would create (``ExchangeError`` if it cannot be imported): reading a large
    file takes seconds, so it is read in a process of its own (see ``offload``)."""
    found: Preview = await request.app.state.previews.preview(key, upload.data, now, upload.options)
    return found


@router.post(f"{EXCHANGE}/import/{{key}}", response_class=HTMLResponse)
async def preview_import(request: Request, key: str, store: StoreDep, now: NowDep) -> Response:
    chosen = _importer(key)
    try:
        upload = await read_import(request, key)
        preview = await previewed(request, chosen.key, upload, now)
        if key == "json" and not json_format.is_empty(store):
            raise ExchangeError(json_format.NOT_EMPTY)
    except ExchangeError as problem:
        return _exchange_page(request, now, {key: str(problem)}, status=422)
    token = _exchange(request).keep(_Upload(key, upload.name, upload.data, upload.options))
    context = {"nav": "settings", "preview": preview, "filename": upload.name, "token": token}
    return render(request, "settings_exchange_preview.html", context, now=now)


def store_for(job: ImportJob, storing: Callable[[], Imported]) -> None:
    """Run ``storing`` for ``job``: what it stored, or why nothing was, in words for the person."""
    try:
        stored = storing()
    except (ExchangeError, DiskFull) as problem:  # words meant for the person
        job.state, job.message = "failed", str(problem)
    except Exception:  # the details may hold database internals; the person needs the outcome
        job.state, job.message = "failed", "Something went wrong inside Trustbridge."
    else:
        job.crisis_entries = stored.crisis_entries
        if stored.checked_since is not None:
            job.checked_days = json_format.CRISIS_CHECKED_DAYS
        job.done = job.total = stored.total
        job.state = "done"


def _run(job: ImportJob, chosen: Importer, store: Store, upload: _Upload, now: dt.datetime) -> None:
    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    def storing() -> Imported:
        plan = chosen.plan(upload.data, now, **upload.options)
        job.total = plan.total
        return chosen.save(store, plan, progress)

    try:
        store_for(job, storing)
    finally:
        upload.data = b""


@router.post(f"{EXCHANGE}/confirm")
async def confirm_import(request: Request, store: StoreDep, now: NowDep) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    upload = _exchange(request).take(str(form.get("token") or ""))
    if upload is None:
        errors = {
            "": "That upload has expired or was already imported. Please choose the file again."
        }
        return _exchange_page(request, now, errors, status=410)
    chosen = _importer(upload.key)
    job = ImportJob(secrets.token_urlsafe(12), chosen.label)
    _exchange(request).start(job)
    threading.Thread(target=_run, args=(job, chosen, store, upload, now), daemon=True).start()
    return RedirectResponse(f"{EXCHANGE}/jobs/{job.id}", status_code=303)


@router.get(f"{EXCHANGE}/jobs/{{job_id}}", response_class=HTMLResponse)
def import_progress(request: Request, job_id: str, now: NowDep) -> HTMLResponse:
    job = _exchange(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404)
    return render(request, "settings_exchange_job.html", {"nav": "settings", "job": job}, now=now)
