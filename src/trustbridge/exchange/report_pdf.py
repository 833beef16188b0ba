"""The report for a therapist as a PDF: a title block, each section's entries, charts, page numbers.

Drawn with fpdf2, which is pure Python: unlike WeasyPrint it needs no system libraries
(Pango, Cairo), so a PDF can be made wherever Trustbridge installs. Charts are drawn as
vector lines and dots (never a picture), with a small table of their values beside them.

fpdf2 carries no font beyond the PDF core ones, which know Latin-1 only, so the text is set
in DejaVu Sans 2.37, shipped in ``fonts/`` next to this module with its licence. A character
the font has no shape for (most emoji, some scripts) is written as its Unicode name in
brackets, ``[smiling face]``, so nothing crashes the PDF and nothing vanishes silently.
The whole document is made in memory; nothing is written to disk here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from trustbridge.domain.words import day_words, full_day_words
from trustbridge.services.report import NOT_THERAPY, SHARED_NOTE, TITLE, Report, Section
from trustbridge.services.report_sections import Chart, Entry, Line

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
INK, MUTED, RULE, ACCENT = (33, 37, 41), (96, 100, 108), (200, 204, 210), (44, 110, 95)
LINE_H = 5.2
#: the chart's box, in millimetres, and how many value rows fit beside it
CHART_W, CHART_H, PAD_LEFT, PAD_BOTTOM = 104.0, 52.0, 10.0, 7.0
ROW_H = 4.6
MAX_DOTS = 40


@cache
def _covered() -> frozenset[int]:
    """The characters DejaVu Sans has a shape for."""
    probe = FPDF()
    probe.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    font = probe.fonts[FAMILY.lower()]
    assert isinstance(font, TTFFont)
    return frozenset(font.cmap)


def printable(text: str) -> str:
    """Text the font can draw: missing characters as their names; controls, bidi overrides
    and joiners left out (the PDF has no use for them, and an override could reorder text)."""
    covered = _covered()
    out = []
    for char in text.replace("\r\n", "\n").replace("\t", "    "):
        kind = unicodedata.category(char)
        if char == "\n" or (ord(char) in covered and kind not in ("Cc", "Cf")):
            out.append(char)
        elif kind not in ("Cc", "Cf", "Cs", "Mn"):
            name = unicodedata.name(char, "")
            out.append(f"[{name.lower()}]" if name else "?")
    return "".join(out)


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    def words(self, text: str, size: float = 10, *, bold: bool = False, color: tuple[int, int, int] = INK,
              indent: float = 0) -> None:  # fmt: skip
        """A paragraph that wraps within the margins (``indent`` from the left)."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5 + 0.2, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule(self) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())


def _new_document(report: Report) -> _Document:
    pdf = _Document(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_title(TITLE)
    pdf.set_lang("en")
    pdf.set_creator("Trustbridge")
    pdf.set_creation_date(report.made)
    pdf.add_page()
    return pdf


def _title(pdf: _Document, report: Report) -> None:
    pdf.words(TITLE, 22, bold=True)
    pdf.ln(2)
    pdf.words(report.dates_text, 12, bold=True, color=ACCENT)
    pdf.words(report.made_text, 9, color=MUTED)
    pdf.ln(4)
    pdf.set_fill_color(238, 244, 242)
    pdf.set_font(FAMILY, "", 10)
    note = f"{SHARED_NOTE}\n{NOT_THERAPY}"
    pdf.multi_cell(0, 6, note, fill=True, padding=3, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.words("In this report", 11, bold=True)
    for section in report.sections:
        pdf.words(f"{section.name}: {section.note}", 10, indent=4)
    pdf.ln(4)


def _line(pdf: _Document, line: Line) -> None:
    if line.long or "\n" in line.text:
        pdf.words(line.label, 9.5, bold=True, color=MUTED)
        pdf.words(line.text, 10, indent=4)
        pdf.ln(1)
        return
    pdf.set_font(FAMILY, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.write(LINE_H, printable(line.label.rstrip(".") + ": "))
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*INK)
    pdf.write(LINE_H, printable(line.text))
    pdf.ln(LINE_H + 0.6)


def _entry(pdf: _Document, entry: Entry) -> None:
    if pdf.will_page_break(LINE_H * 4):
        pdf.add_page()
    heading = full_day_words(entry.day) + (f" · {entry.title}" if entry.title else "")
    pdf.words(heading, 10.5, bold=True)
    pdf.ln(0.8)
    for line in entry.lines:
        _line(pdf, line)
    pdf.ln(2.5)


def _place(chart: Chart, x0: float, y0: float) -> list[tuple[float, float]]:
    """Where each point goes inside the chart's box (time across, value up)."""
    first, last = chart.points[0][0], chart.points[-1][0]
    span = (last - first).total_seconds()
    width, height = CHART_W - PAD_LEFT - 4, CHART_H - PAD_BOTTOM - 3

    def across(when: dt.datetime) -> float:
        share = 0.5 if span == 0 else (when - first).total_seconds() / span
        return x0 + PAD_LEFT + width * share

    def up(value: float) -> float:
        share = (min(max(value, chart.lo), chart.hi) - chart.lo) / (chart.hi - chart.lo)
        return y0 + 3 + height * (1 - share)

    return [(across(when), up(value)) for when, value in chart.points]


def _axes(pdf: _Document, chart: Chart, x0: float, y0: float) -> None:
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(*MUTED)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    bottom = y0 + CHART_H - PAD_BOTTOM
    for i in range(5):
        value = chart.lo + (chart.hi - chart.lo) * i / 4
        y = y0 + 3 + (CHART_H - PAD_BOTTOM - 3) * (1 - i / 4)
        pdf.line(x0 + PAD_LEFT, y, x0 + CHART_W - 4, y)
        pdf.text(x0, y + 1.2, f"{value:g}")
    first, last = (
        day_words(when.astimezone().date()) for when, _ in (chart.points[0], chart.points[-1])
    )
    pdf.text(x0 + PAD_LEFT, bottom + 5, first)
    if last != first:
        pdf.text(x0 + CHART_W - 4 - pdf.get_string_width(last), bottom + 5, last)


def _plot(pdf: _Document, chart: Chart, x0: float, y0: float) -> None:
    _axes(pdf, chart, x0, y0)
    placed = _place(chart, x0, y0)
    pdf.set_draw_color(*ACCENT)
    pdf.set_fill_color(*ACCENT)
    pdf.set_line_width(0.6)
    if len(placed) > 1:
        pdf.polyline(placed)
    for x, y in placed if len(placed) <= MAX_DOTS else placed[-1:]:
        pdf.circle(x, y, 0.9, style="F")


def _values(pdf: _Document, chart: Chart, x: float, y: float) -> None:
    """The chart's numbers as a small table, beside it and on down as far as they go."""
    pdf.set_xy(x, y)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    for when, value in [(None, f"{chart.measure} ({chart.unit.strip()})"), *chart.points]:
        if pdf.will_page_break(ROW_H):
            pdf.add_page()
        pdf.set_x(x)
        label = (
            "When"
            if when is None
            else f"{day_words(when.astimezone().date())}, {when.astimezone():%H:%M}"
        )
        pdf.set_font(FAMILY, "B" if when is None else "", 8)
        pdf.set_text_color(*(MUTED if when is None else INK))
        pdf.cell(32, ROW_H, label, border="B")
        shown = value if isinstance(value, str) else f"{value:g}"
        pdf.cell(28, ROW_H, shown, border="B", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _chart(pdf: _Document, chart: Chart) -> None:
    if pdf.will_page_break(CHART_H + 12):
        pdf.add_page()
    pdf.words(chart.title, 10, bold=True)
    pdf.ln(1)
    x0, y0 = pdf.l_margin, pdf.get_y()
    _plot(pdf, chart, x0, y0)
    _values(pdf, chart, x0 + CHART_W + 6, y0)
    pdf.set_y(max(pdf.get_y(), y0 + CHART_H) + 4)


def _section(pdf: _Document, section: Section) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.rule()
    pdf.ln(3)
    pdf.words(section.name, 15, bold=True, color=ACCENT)
    pdf.words(section.note if section.entries else section.empty_text, 9, color=MUTED)
    pdf.ln(3)
    for chart in section.charts:
        _chart(pdf, chart)
    for entry in section.entries:
        _entry(pdf, entry)


def report_pdf(report: Report) -> bytes:
    """The whole report as the bytes of one PDF file."""
    pdf = _new_document(report)
    _title(pdf, report)
    for section in report.sections:
        _section(pdf, section)
    return bytes(pdf.output())
