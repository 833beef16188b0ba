"""The Help now page: what to do right away, grounding, helplines and emergency numbers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trustbridge.content import load_crisis
from trustbridge.web.deps import NowDep
from trustbridge.web.render import render

router = APIRouter()


@router.get("/help-now", response_class=HTMLResponse)
def help_now(request: Request, now: NowDep) -> HTMLResponse:
    crisis = load_crisis()
    names = {line.country: line.country_name for line in crisis.helplines}
    names["EU"] = "European Union"
    # Grouped by number, so the short list fits on a phone screen above everything else.
    emergency: dict[str, list[str]] = {}
    for code, number in crisis.emergency_numbers.items():
        emergency.setdefault(number, []).append(names.get(code, code))
    return render(request, "help_now.html", {"emergency": emergency}, now=now)
