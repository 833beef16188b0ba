"""Generic tool pages: one form, list, entry page and delete for every entry-keeping tool."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.domain.fields import MAX_TEXT, ValidationError
from trustbridge.services import entries
from trustbridge.services.base import NotFound, Saved, local_day
from trustbridge.store.db import Store
from trustbridge.web.deps import NowDep, StoreDep, is_htmx
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.render import render
from trustbridge.web.tool_extras import entry_extras, page_extras
from trustbridge.web.views import ToolView, blank_values, entry_rows, tool_view

router = APIRouter()
RECENT = 20
RATED = "Your new rating is now part of the history below."
EDITED = "Your changes are saved."
#: short confirmations a redirect can ask a tool page to show (by key, never free text)
NOTICES = {
    "deleted": "The entry was deleted.",
    "kept": "Marked as kept. Nice follow-through.",
    "broken": "Marked as not kept. That is worth knowing, not a failure.",
}


def _saved_entry(store: Store, tool: ToolView, entry_id: int | None) -> Any:
    if entry_id is None:
        return None
    try:
        return entries.get(store, tool.slug, entry_id)
    except NotFound:
        return None


def tool_page(
    request: Request,
    tool: ToolView,
    store: Store,
    now: dt.datetime,
    form: FormState,
    *,
    status: int = 200,
    saved: Any = None,
    care: str = "",
    notice: str = "",
) -> HTMLResponse:
    """A tool's page: its form (fresh or as typed), recent entries and the tool's extras."""
    context = {
        "tool": tool,
        "form": form,
        "recent": entries.recent(store, tool.slug, limit=RECENT),
        "fields": {f.name: f for f in tool.spec.fields},
        "saved": saved,
        "saved_text": tool.spec.title(saved) if saved is not None else "",
        "saved_href": f"{tool.href}/{saved.id}" if saved is not None else "",
        "care": care,
        "notice": notice,
        **page_extras(tool.slug, store, now),
    }
    return render(request, tool.form_template, context, now=now, status=status)


@router.get("/tools/{url_slug}", response_class=HTMLResponse)
def show_tool(
    request: Request,
    url_slug: str,
    store: StoreDep,
    now: NowDep,
    saved: int | None = None,
    updated: int | None = None,
    care: str = "",
    note: str = "",
    prompt: str = "",
) -> HTMLResponse:
    tool = tool_view(url_slug)
    values = blank_values(tool.spec, local_day(now))
    if prompt and any(f.name == "title" for f in tool.spec.fields):
        values["title"] = prompt[:MAX_TEXT]
    notice = NOTICES.get(note, "")
    day_entry = _saved_entry(store, tool, updated)
    if day_entry is not None:  # a save went into a day already logged (one entry a day)
        notice = tool.spec.updated_text(day_entry)
    saved_entry = _saved_entry(store, tool, saved)
    return tool_page(
        request, tool, store, now, FormState(values), saved=saved_entry, care=care, notice=notice
    )


@router.post("/tools/{url_slug}", response_class=HTMLResponse)
async def save_entry(request: Request, url_slug: str, store: StoreDep, now: NowDep) -> Response:
    tool = tool_view(url_slug)
    posted = await read_form(request)
    values = raw_values(tool.spec.form_fields, posted)
    try:  # in a worker thread, as every page's reads are: the server goes on answering meanwhile
        saved = await run_in_threadpool(entries.add, store, tool.slug, values, now)
    except ValidationError as problem:
        form = FormState.from_posted(tool.spec.form_fields, posted, problem.errors)
        return tool_page(request, tool, store, now, form, status=422)
    return after_save(request, tool, store, now, saved)


def after_save(
    request: Request, tool: ToolView, store: Store, now: dt.datetime, saved: Saved[Any]
) -> Response:
    """Show what was saved: reflective writing opens on its own page, quick tools stay on theirs.

    A save into a day already logged (a tool that keeps one entry a day) says it updated
    that day. HTMX gets that page's content directly; a plain form post gets
    redirect-after-post.
    """
    record, care = saved.record, saved.crisis.level
    if saved.updated:
        if is_htmx(request):
            fresh = FormState(blank_values(tool.spec, local_day(now)))
            notice = tool.spec.updated_text(record)
            return tool_page(request, tool, store, now, fresh, care=care, notice=notice)
        target = f"{tool.href}?updated={record.id}"
    elif tool.opens_entry_after_save:
        if is_htmx(request):
            return entry_page(request, tool, record, now, saved=True, care=care)
        target = f"{tool.href}/{record.id}?saved=1"
    elif is_htmx(request):
        fresh = FormState(blank_values(tool.spec, local_day(now)))
        return tool_page(request, tool, store, now, fresh, saved=record, care=care)
    else:
        target = f"{tool.href}?saved={record.id}"
    return RedirectResponse(target + (f"&care={care}" if care else ""), status_code=303)


def entry_page(
    request: Request,
    tool: ToolView,
    record: Any,
    now: dt.datetime,
    *,
    form: FormState | None = None,
    status: int = 200,
    saved: bool = False,
    care: str = "",
    saved_text: str = "",
) -> HTMLResponse:
    saved_text = saved_text or f"Your {tool.spec.noun} is kept on this computer, for you alone."
    context = {
        "tool": tool,
        "record": record,
        "rows": entry_rows(tool.spec, record),
        "saved": saved,
        "saved_text": saved_text if saved else "",
        "care": care,
        **entry_extras(tool.slug, record, form),
    }
    return render(request, tool.entry_template, context, now=now, status=status)


@router.get("/tools/{url_slug}/{entry_id}", response_class=HTMLResponse)
def show_entry(
    request: Request,
    url_slug: str,
    entry_id: int,
    store: StoreDep,
    now: NowDep,
    saved: bool = False,
    rated: bool = False,
    care: str = "",
    edited: bool = False,
) -> HTMLResponse:
    tool = tool_view(url_slug)
    record = entries.get(store, tool.slug, entry_id)
    text = RATED if rated else EDITED if edited else ""
    shown = saved or rated or edited
    return entry_page(request, tool, record, now, saved=shown, care=care, saved_text=text)


@router.post("/tools/{url_slug}/{entry_id}/delete")
def delete_entry(url_slug: str, entry_id: int, store: StoreDep) -> RedirectResponse:
    tool = tool_view(url_slug)
    entries.delete(store, tool.slug, entry_id)
    return RedirectResponse(f"{tool.href}?note=deleted", status_code=303)
