"""The report for a therapist: choose sections and days, preview it on the page, download it.

One form serves all three: "Preview" posts to ``/report`` (HTMX swaps the page's main part;
without JavaScript the page comes back whole with the preview), and the two download buttons
post the same fields to ``/report/markdown`` and ``/report/pdf``. Downloads are posted, like
the exports, so another site cannot start one, and never cached. A problem comes back as the
form as it was, with its message by the field (422). The report is built in memory and sent;
nothing of it is written to disk here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from trustbridge.domain.fields import Field, ValidationError
from trustbridge.services import report as rp
from trustbridge.services.base import local_day
from trustbridge.store.db import Store
from trustbridge.web.charts import inline_image
from trustbridge.web.deps import NowDep, StoreDep
from trustbridge.web.forms import FormState, read_form
from trustbridge.web.render import render

router = APIRouter()
#: the days a fresh form starts with: the last four weeks and today
FIRST_DAYS = 27
#: the sections' checkboxes, as a field, so problems link to them like any field's
TOOLS_FIELD = Field(rp.TOOLS, "What to include", "choices", required=True,
                    choices=tuple(rp.section_names().items()))  # fmt: skip
FIELDS = (TOOLS_FIELD, rp.SINCE, rp.UNTIL)
KINDS: dict[str, tuple[str, str]] = {
    "markdown": ("md", "text/markdown; charset=utf-8"),
    "pdf": ("pdf", "application/pdf"),
}


def report_page(
    request: Request, now: dt.datetime, *, form: FormState | None = None,
    made: rp.Report | None = None, pictures: dict[str, str] | None = None, status: int = 200,
    share: dict[str, object] | None = None,
) -> HTMLResponse:  # fmt: skip
    """The form (fresh, or as posted with its problems) and, once asked for, the preview with
    its charts (``pictures``: each chart's key to its image); in hosted mode, ``share`` holds
    the form that shares the preview with a therapist (:mod:`.hosted_spaces`)."""
    today = local_day(now)
    fresh = {"since": (today - dt.timedelta(days=FIRST_DAYS)).isoformat(),
             "until": today.isoformat()}  # fmt: skip
    context = {
        "form": form or FormState(fresh),
        "fields": FIELDS,
        "groups": rp.groups(),
        "made": made,
        "pictures": pictures or {},
        "notes": {"shared": rp.SHARED_NOTE, "not_therapy": rp.NOT_THERAPY, "title": rp.TITLE},
        **(share or {}),
    }
    return render(request, "report.html", context, now=now, status=status)


async def _read(request: Request, now: dt.datetime) -> tuple[FormState, rp.Choice | None]:
    """The form as posted, and what it asks for (``None``, with the problems, if it cannot)."""
    posted = await read_form(request)
    try:
        choice = rp.choose(posted.getlist(rp.TOOLS), posted.get("since", ""),
                           posted.get("until", ""), local_day(now))  # fmt: skip
    except ValidationError as problem:
        return FormState.from_posted(FIELDS, posted, problem.errors), None
    return FormState.from_posted(FIELDS, posted), choice


@router.get("/report", response_class=HTMLResponse)
def show_report(request: Request, now: NowDep) -> HTMLResponse:
    return report_page(request, now)


@router.post("/report", response_class=HTMLResponse)
async def preview_report(request: Request, store: StoreDep, now: NowDep) -> HTMLResponse:
    form, choice = await _read(request, now)
    if choice is None:
        return report_page(request, now, form=form, status=422)
    made, pictures = await run_in_threadpool(_preview, store, choice, now)
    share = None
    if getattr(request.app.state, "hosted", None) is not None:
        from trustbridge.web.hosted_spaces import share_context

        share = share_context(request, store, now)
    return report_page(request, now, form=form, made=made, pictures=pictures, share=share)


def _preview(store: Store, choice: rp.Choice, now: dt.datetime) -> tuple[rp.Report, dict[str, str]]:
    """The report, and each of its charts drawn as the insights draw them."""
    made = rp.build_report(store, choice, now)
    figures = (figure for section in made.sections for figure in section.charts)
    return made, {f.chart.key: inline_image(f.chart) for f in figures}


async def _download(
    request: Request, store: Store, now: dt.datetime, kind: str,
    write: Callable[[rp.Report], bytes],
) -> Response:  # fmt: skip
    """The report as a file to save (built and written off the event loop), never cached."""
    form, choice = await _read(request, now)
    if choice is None:
        return report_page(request, now, form=form, status=422)

    def make() -> tuple[rp.Report, bytes]:
        made = rp.build_report(store, choice, now)
        return made, write(made)

    made, body = await run_in_threadpool(make)
    ending, media_type = KINDS[kind]
    name = f"trustbridge-report-{made.since.isoformat()}-to-{made.until.isoformat()}.{ending}"
    headers = {"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"}
    return Response(body, media_type=media_type, headers=headers)


@router.post("/report/markdown")
async def download_markdown(request: Request, store: StoreDep, now: NowDep) -> Response:
    from trustbridge.exchange.report_markdown import report_markdown

    return await _download(request, store, now, "markdown",
                           lambda made: report_markdown(made).encode("utf-8"))  # fmt: skip


@router.post("/report/pdf")
async def download_pdf(request: Request, store: StoreDep, now: NowDep) -> Response:
    from trustbridge.exchange.report_pdf import report_pdf

    return await _download(request, store, now, "pdf", report_pdf)
