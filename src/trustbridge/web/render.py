"""The Jinja2 environment and the one helper every route renders pages with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment
from markupsafe import Markup

from trustbridge.content import load_crisis, load_program
from trustbridge.domain.fields import Field
from trustbridge.domain.words import count_words, day_words, full_day_words
from trustbridge.services.base import local_day
from trustbridge.web import trust_views, views
from trustbridge.web.deps import is_htmx
from trustbridge.web.forms import FormState
from trustbridge.web.lesson import inline, render_lesson

TEMPLATES = Path(__file__).with_name("templates")


class FieldsHtml:
    """``fields`` drawn one after the other with the ``field`` macro of ``_field.html``, as a
    loop in a template would. A blank form's fields (nothing typed, no problem shown: as
    ``trust_views.fresh`` makes them) are drawn once a day and kept, since they are the same
    for everyone: the circle's two blank forms were a third of drawing the page. Only the
    fields, the day and the names on the page are kept, nothing a person typed."""

    KEPT = 64  #: blank forms kept at most (a few a day are used)

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.blank: dict[tuple[tuple[Field, ...], dt.date, str, int, bool], Markup] = {}

    def __call__(
        self, fields: Sequence[Field], form: FormState, today: dt.date, prefix: str = "f",
        rows: int = 5, *, emotions: bool = False,
    ) -> Markup:  # fmt: skip
        """``emotions``: a feeling's or an emotion's box offers the words of the emotion
        list (``emotion_list`` of ``_field.html``), as a tool's own form does."""
        shown = tuple(fields)
        if not _is_blank(shown, form, today):
            return self._draw(shown, form, today, prefix, rows, emotions)
        key = (shown, today, prefix, rows, emotions)
        kept = self.blank.get(key)
        if kept is None:
            if len(self.blank) >= self.KEPT:
                self.blank.clear()
            kept = self.blank[key] = self._draw(shown, form, today, prefix, rows, emotions)
        return kept

    def _draw(
        self, fields: Sequence[Field], form: FormState, today: dt.date, prefix: str, rows: int,
        emotions: bool,
    ) -> Markup:  # fmt: skip
        field = self.env.get_template("_field.html").module.field  # type: ignore[attr-defined]
        return Markup("").join(
            field(f, form, today, prefix, rows=rows, datalist=_datalist(f, emotions))
            for f in fields
        )


def _datalist(f: Field, emotions: bool) -> str:
    return EMOTION_WORDS if emotions and f.name in ("feeling", "emotion") else ""


#: the id of the emotion list's ``<datalist>``
EMOTION_WORDS = "emotion-words"


class DrawnOnce:
    """A macro's output for some of the program's own content (a stage, a tool: hashable
    values from :func:`trustbridge.content.load_program`), drawn once and kept while the
    process runs. Only for macros that draw that content alone, the same for everyone, never
    a person's data: the program map draws some forty such parts on every Today and stages
    page, and these were most of its cost."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.drawn: dict[tuple[str, str, Hashable], Markup] = {}

    def __call__(self, part: Hashable, template: str, macro: str) -> Markup:
        key = (template, macro, part)
        kept = self.drawn.get(key)
        if kept is None:
            draw = getattr(self.env.get_template(template).module, macro)
            kept = self.drawn[key] = Markup(draw(part))
        return kept


def _is_blank(fields: Sequence[Field], form: FormState, today: dt.date) -> bool:
    """Whether ``form`` shows ``fields`` as a fresh form does: the defaults, no problems."""
    fresh = trust_views.fresh(fields, today).values
    return all(
        form.values.get(f.name) == fresh.get(f.name) and f.name not in form.errors for f in fields
    )


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
        fields_html=FieldsHtml(env),
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
        # filters, as Jinja calls them directly (a global through a check of what it is):
        # the program map uses these some forty times on every Today and stages page
        drawn_once=DrawnOnce(env),
        tool_href=views.tool_href,
        stage_label=views.stage_label,
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
