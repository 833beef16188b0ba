"""Search on the web: ``GET /search?q=…``, best matches first, each linking to its entry."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trustbridge.domain.search_query import parse
from trustbridge.services.base import NotFound
from trustbridge.services.search import DEFAULT_LIMIT, search
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.render import render

router = APIRouter()

#: far more than any search needs; a longer address is cut, never refused
MAX_QUERY = 500


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep, now: NowDep, q: str = "", tool: str = ""
) -> HTMLResponse:
    """The results for ``q`` (optionally in one ``tool``); a kind word when there are none."""
    q = q[:MAX_QUERY]
    try:
        results = search(store, q, tool=tool or None, limit=DEFAULT_LIMIT)
    except NotFound:  # an unknown tool in a hand-made address: look everywhere instead
        tool, results = "", search(store, q, limit=DEFAULT_LIMIT)
    context = {
        "q": q.strip(),
        "tool": tool,
        "searched": bool(parse(q)),
        "results": results,
        "more": len(results) >= DEFAULT_LIMIT,
    }
    return render(request, "search.html", context, now=now)
