"""Self-work actions beyond saving an entry: the learned-beliefs checklist, re-rating a belief,
settling a promise to oneself, and the habits log's one entry per day."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trustbridge.content import load_program
from trustbridge.domain.fields import ValidationError
from trustbridge.domain.records import BELIEF_RATING_FIELDS
from trustbridge.services import entries, relating, selfwork
from trustbridge.web.deps import NowDep, StoreDep, is_htmx
from trustbridge.web.forms import FormState, raw_values, read_form
from trustbridge.web.render import render
from trustbridge.web.routes_tools import RATED, entry_page
from trustbridge.web.views import tool_view

router = APIRouter()
LEARNED = "/tools/learned-beliefs"


def _learned_page(
    request: Request,
    marks: dict[str, bool],
    now: NowDep,
    *,
    saved: bool = False,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    context = {
        "items": load_program().checklists["learned_beliefs"],
        "marks": marks,
        "saved": saved,
        "form": FormState({}, errors or {}),
        "stage": load_program().stage_for_tool("learned_beliefs"),
    }
    return render(request, "learned_beliefs.html", context, now=now, status=422 if errors else 200)


@router.get(LEARNED, response_class=HTMLResponse)
def learned_beliefs(
    request: Request, store: StoreDep, now: NowDep, saved: bool = False
) -> HTMLResponse:
    return _learned_page(request, selfwork.learned_beliefs(store), now, saved=saved)


@router.post(LEARNED, response_class=HTMLResponse)
async def save_learned_beliefs(request: Request, store: StoreDep, now: NowDep) -> Response:
    chosen = (await read_form(request)).getlist("beliefs")
    try:
        marks = selfwork.mark_learned_beliefs(store, chosen, now)
    except ValidationError as problem:
        return _learned_page(request, dict.fromkeys(chosen, True), now, errors=problem.errors)
    if is_htmx(request):
        return _learned_page(request, marks, now, saved=True)
    return RedirectResponse(f"{LEARNED}?saved=1", status_code=303)


@router.post("/tools/belief-tracker/{belief_id}/rate", response_class=HTMLResponse)
async def rate_belief(request: Request, belief_id: int, store: StoreDep, now: NowDep) -> Response:
    tool = tool_view("belief_tracker")
    belief = entries.get(store, tool.slug, belief_id)
    posted = await read_form(request)
    try:
        saved = selfwork.rate_belief(
            store, belief_id, raw_values(BELIEF_RATING_FIELDS, posted), now
        )
    except ValidationError as problem:
        form = FormState.from_posted(BELIEF_RATING_FIELDS, posted, problem.errors)
        return entry_page(request, tool, belief, now, form=form, status=422)
    care = saved.crisis.level
    if is_htmx(request):
        fresh = entries.get(store, tool.slug, belief_id)
        return entry_page(request, tool, fresh, now, saved=True, care=care, saved_text=RATED)
    target = f"{tool.href}/{belief_id}?rated=1" + (f"&care={care}" if care else "")
    return RedirectResponse(target, status_code=303)


@router.post("/tools/self-promises/{promise_id}/settle")
async def settle_promise(
    request: Request, promise_id: int, store: StoreDep, now: NowDep
) -> RedirectResponse:
    posted = await read_form(request)
    outcome: Literal["kept", "broken"]
    if posted.get("outcome") == "kept":
        outcome = "kept"
    elif posted.get("outcome") == "broken":
        outcome = "broken"
    else:
        raise HTTPException(400, "Please choose whether you kept the promise or not.")
    relating.settle_promise(store, promise_id, outcome, now)
    back = "/" if posted.get("back") == "home" else "/tools/self-promises"
    anchor = "#promises" if back == "/" else ""
    return RedirectResponse(f"{back}?note={outcome}{anchor}", status_code=303)
