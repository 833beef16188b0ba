"""The report for a therapist as Markdown: a heading per section, each entry under its date.

What people wrote is escaped by the export's own helpers (``exchange.markdown``: ``inline``,
``block``, ``labelled``), so the report reads as typed in any renderer and as plain text.
Charts become the tables of their values, since Markdown has no pictures of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from trustbridge.charts.model import Figure
from trustbridge.domain.words import full_day_words
from trustbridge.exchange.markdown import inline, labelled
from trustbridge.services.report import (
    NOT_THERAPY,
    SHARED_NOTE,
    TITLE,
    Report,
    Section,
)
from trustbridge.services.report_sections import Entry

_BLANKS = re.compile(r"\n{3,}")


def _contents(report: Report) -> list[str]:
    return [f"- {s.name}: {s.count_text}" for s in report.sections]


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(inline(c) for c in cells) + " |"


def _chart(figure: Figure) -> list[str]:
    table = figure.table
    rule = "|" + "---|" * len(table.columns)
    rows = [_row(r) for r in table.rows]
    return [f"**{inline(figure.chart.title)}**", "", _row(table.columns), rule, *rows, ""]


def _entry(entry: Entry) -> list[str]:
    title = f" · {inline(entry.title)}" if entry.title else ""
    lines = [f"### {full_day_words(entry.day)}{title}", ""]
    for line in entry.lines:
        lines += labelled(line.label, line.text, long=line.long)
    return [*lines, ""]


def _section(section: Section) -> list[str]:
    lines = [f"## {section.name}", ""]
    if not section.entries:
        return [*lines, f"_{section.empty_text}_", ""]
    lines += [f"_{section.note}_", ""]
    for chart in section.charts:
        lines += _chart(chart)
    for entry in section.entries:
        lines += _entry(entry)
    return lines


def report_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
    lines = [
        f"# {TITLE}",
        "",
        f"{report.dates_text}. {report.made_text}.",
        "",
        f"> {SHARED_NOTE}  ",
        f"> {NOT_THERAPY}",
        "",
        *_contents(report),
        "",
    ]
    for section in report.sections:
        lines += _section(section)
    return _BLANKS.sub("\n\n", "\n".join(lines)).rstrip() + "\n"
