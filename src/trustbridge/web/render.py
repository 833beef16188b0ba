"""The Jinja2 environment and the one helper every route renders pages with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from trustbridge.content import load_crisis, load_program
from trustbridge.domain.words import count_words, day_words, full_day_words
from trustbridge.services.base import local_day
from trustbridge.web import trust_views, views
from trustbridge.web.deps import is_htmx
from trustbridge.web.lesson import inline, render_lesson

TEMPLATES = Path(__file__).with_name("templates")


def make_templates() -> Jinja2Templates:
    """Templates with the program content and formatting helpers available everywhere."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.trim_blocks = True
    env.lstrip_blocks = True
    # The templates are part of the installed package and do not change under a running
    # server: no looking at each file's time on disk every time a page uses it.
    env.auto_reload = False
    env.globals.update(
        program=load_program(),
        crisis=load_crisis(),
        tool_href=views.tool_href,
        stage_label=views.stage_label,
        date_bounds=views.date_bounds,
        error_links=views.error_links,
        field_anchor=views.field_anchor,
        emotions=views.EMOTIONS,
        event_words=trust_views.event_words,
    )
    env.filters.update(
        lesson=render_lesson,
        inline=inline,
        day=full_day_words,
        short_day=day_words,
        when=views.when_text,
        clock=lambda moment: f"{moment.astimezone():%H:%M}",
        phones=views.phone_numbers,
        percent=lambda rate: f"{round(100 * rate)}%",
        duration=trust_views.duration,
        counted=count_words,
    )
    return templates


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    now: dt.datetime,
    status: int = 200,
) -> HTMLResponse:
    """Render a page; for an HTMX request only its main content, without the page around it."""
    templates: Jinja2Templates = request.app.state.templates
    full = {
        "layout": "_partial.html" if is_htmx(request) else "base.html",
        "can_lock": _can_lock(request),
        "today": local_day(now),
        "now": now,
        **context,
    }
    return templates.TemplateResponse(request, name, full, status_code=status)


def _can_lock(request: Request) -> bool:
    """Whether the page offers "Lock": an encrypted store open now, to a browser let in."""
    vault = request.app.state.vault
    return bool(vault.is_open and vault.encrypted and request.app.state.gate.admits(request))
