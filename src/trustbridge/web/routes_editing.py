"""Editing any tool's entry: the add form again, filled in with the entry, saved by the same rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.domain.fields import Field, ValidationError
from trustbridge.services import entries
from trustbridge.services.catalog import stored_values
from trustbridge.web.deps import NowDep, StoreDep, is_htmx
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_tools import EDITED, entry_page
from trustbridge.web.views import ToolView, tool_view

router = APIRouter()


def form_values(
    fields: Sequence[Field], stored: Mapping[str, object]
) -> dict[str, str | list[str]]:
    """A record as its form holds it: text in boxes, keys of what is picked, dates as ISO."""
    values: dict[str, str | list[str]] = {}
    for f in fields:
        value = stored.get(f.name)
        if value is None:
            values[f.name] = ""
        elif isinstance(value, list):
            values[f.name] = [str(v) for v in value]
        elif isinstance(value, dt.date):
            values[f.name] = value.isoformat()
        elif f.kind == "bool":
            values[f.name] = "on" if value else ""
        elif f.kind == "maybe":  # a yes or a no to pick (None, not answered, is caught above)
            values[f.name] = "yes" if value else "no"
        elif isinstance(value, float):
            values[f.name] = f"{value:g}"
        else:
            values[f.name] = str(value)
    return values


def record_edit_page(
    request: Request,
    *,
    noun: str,
    back: tuple[str, str],
    action: str,
    cancel: str,
    record: Any,
    fields: Sequence[Field],
    form: FormState,
    now: dt.datetime,
    status: int = 200,
    people: Sequence[Any] | None = None,
    shareable: bool = False,
    delete_action: str = "",
) -> HTMLResponse:
    """The edit form of any kind of record: ``back`` is the (href, name) of the page it lives on,
    ``action`` where the form posts, ``cancel`` where "Cancel" goes. Given ``people`` (the
    circle's ``PersonOption``s), a "person" field is the drop-down the add forms show;
    ``shareable`` adds hosted mode's "Share with my partner" box, ticked as the record is;
    ``delete_action``, a way to delete the record for good, after a question."""
    context = {
        "noun": noun, "back_href": back[0], "back_name": back[1], "action": action,
        "cancel": cancel, "record": record, "form": form, "fields": fields, "people": people,
        "shareable": shareable, "delete_action": delete_action,
    }  # fmt: skip
    return render(request, "entry_edit.html", context, now=now, status=status)


def edit_page(
    request: Request,
    tool: ToolView,
    record: Any,
    form: FormState,
    now: dt.datetime,
    status: int = 200,
) -> HTMLResponse:
    here = f"{tool.href}/{record.id}"
    return record_edit_page(
        request, noun=tool.spec.noun, back=(tool.href, tool.name), action=f"{here}/edit",
        cancel=here, record=record, fields=tool.spec.edit_fields, form=form, now=now,
        status=status,
    )  # fmt: skip


@router.get("/tools/{url_slug}/{entry_id}/edit", response_class=HTMLResponse)
def edit_entry(
    request: Request, url_slug: str, entry_id: int, store: StoreDep, now: NowDep
) -> HTMLResponse:
    tool = tool_view(url_slug)
    record = entries.get(store, tool.slug, entry_id)
    return edit_page(
        request,
        tool,
        record,
        FormState(form_values(tool.spec.edit_fields, stored_values(tool.spec, record))),
        now,
    )


@router.post("/tools/{url_slug}/{entry_id}/edit", response_class=HTMLResponse)
async def save_edit(
    request: Request, url_slug: str, entry_id: int, store: StoreDep, now: NowDep
) -> Response:
    """Save an edit; a refusal shows the form again as typed, with each problem by its field."""
    tool = tool_view(url_slug)
    posted = await read_form(request)
    fields = tool.spec.edit_fields
    try:
        saved = entries.update(store, tool.slug, entry_id, raw_values(fields, posted), now)
    except ValidationError as problem:
        record = entries.get(store, tool.slug, entry_id)
        form = FormState.from_posted(fields, posted, problem.errors)
        return edit_page(request, tool, record, form, now, status=422)
    care = saved.crisis.level
    if is_htmx(request):
        record = entries.get(store, tool.slug, entry_id)
        return entry_page(request, tool, record, now, saved=True, care=care, saved_text=EDITED)
    target = f"{tool.href}/{entry_id}?edited=1" + (f"&care={care}" if care else "")
    return RedirectResponse(target, status_code=303)
