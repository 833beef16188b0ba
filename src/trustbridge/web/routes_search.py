"""Search on the web: ``GET /search?q=…``, best matches first, each linking to its entry."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trustbridge.domain.search_query import parse
from trustbridge.services.search import DEFAULT_LIMIT, search_store, unknown_tool
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.render import render

router = APIRouter()

#: far more than any search needs; a longer address is cut, never refused
MAX_QUERY = 500
#: no search ranks this many pages; a hand-made address asking for more gets the last page
MAX_PAGE = 10_000


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep, now: NowDep, q: str = "", tool: str = "", page: str = "1"
) -> HTMLResponse:
    """A page of the results for ``q`` (optionally in one ``tool``); a kind word when there
    are none."""
    q = q[:MAX_QUERY]
    number = max(1, min(int(page), MAX_PAGE)) if page.isdecimal() and len(page) < 6 else 1
    if unknown_tool(tool):  # an unknown tool in a hand-made address: look everywhere instead
        tool = ""
    found = search_store(store, q, tool=tool or None, limit=DEFAULT_LIMIT, page=number)
    context = {
        "q": q.strip(),
        "tool": tool,
        "searched": bool(parse(q)),
        "found": found,
        "before": _page_link(q, tool, found.page - 1) if found.page > 1 else None,
        "after": _page_link(q, tool, found.page + 1) if found.more else None,
    }
    return render(request, "search.html", context, now=now)


def _page_link(q: str, tool: str, page: int) -> str:
    return "/search?" + urlencode(
        {"q": q.strip(), **({"tool": tool} if tool else {}), "page": page}
    )
