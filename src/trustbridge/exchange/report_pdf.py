"""The report for a therapist as a PDF: a title block, each section's entries, charts, page numbers.

Drawn with fpdf2, which is pure Python: unlike WeasyPrint it needs no system libraries
(Pango, Cairo), so a PDF can be made wherever Trustbridge installs. Charts are the insights'
Vega-Lite charts: their SVG goes in as vector paths and text (never a picture of pixels),
with a small table of their values beside them.

fpdf2 carries no font beyond the PDF core ones, which know Latin-1 only, so the text is set
in DejaVu Sans 2.37, shipped in ``fonts/`` next to this module with its licence. A character
the font has no shape for (most emoji, some scripts) is written as its Unicode name in
brackets, ``[smiling face]``, so nothing crashes the PDF and nothing vanishes silently.
The whole document is made in memory; nothing is written to disk here.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from trustbridge.charts.model import Figure, Table
from trustbridge.charts.vega import draw
from trustbridge.domain.words import full_day_words
from trustbridge.services.report import NOT_THERAPY, SHARED_NOTE, TITLE, Report, Section
from trustbridge.services.report_sections import Entry, Line

FONTS = Path(__file__).with_name("fonts")
#: named as the charts' SVG names it, so fpdf2 sets their text in the same font
FAMILY = "DejaVu Sans"
INK, MUTED, RULE, ACCENT = (33, 37, 41), (96, 100, 108), (200, 204, 210), (44, 110, 95)
LINE_H = 5.2
SVG = "http://www.w3.org/2000/svg"
#: in millimetres: a chart's width, the space after it, the first column of its numbers, a row
CHART_W, GAP, FIRST_W, ROW_H = 104.0, 6.0, 36.0, 4.6


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


def _for_fpdf(drawn: str) -> tuple[bytes, float]:
    """A chart's SVG as fpdf2 can draw it, and its height for each unit of width.

    fpdf2 reads a subset of SVG: a ``<line>`` must give all four ends (SVG lets 0 go unsaid),
    an empty path is an error, a ``stroke-width`` with no ``stroke`` is drawn black (SVG draws
    nothing), and a label Vega hid because it would overlap is still written as text. So those
    are spelled out or left out here, and text the font cannot draw is named as elsewhere.
    """
    root = ElementTree.fromstring(drawn)
    for parent in list(root.iter()):
        parent.tag = parent.tag.rpartition("}")[2]  # written back unprefixed: fpdf2 wants "<svg "
        for child in list(parent):
            tag = child.tag.rpartition("}")[2]
            if child.get("opacity") == "0" or (tag == "path" and not child.get("d", "").strip()):
                parent.remove(child)
                continue
            if tag == "line":
                for end in ("x1", "y1", "x2", "y2"):
                    child.attrib.setdefault(end, "0")
            if "stroke-width" in child.attrib and "stroke" not in child.attrib:
                child.set("stroke", "none")
            child.text = child.text and printable(child.text)
    ratio = float(root.get("height", 1)) / float(root.get("width", 1))
    root.set("xmlns", SVG)
    return ElementTree.tostring(root, encoding="unicode").encode(), ratio


def _values(pdf: _Document, table: Table, x: float, y: float) -> None:
    """The chart's numbers as a small table, beside it and on down as far as they go."""
    pdf.set_xy(x, y)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    rest = (pdf.w - pdf.r_margin - x - FIRST_W) / max(len(table.columns) - 1, 1)
    for n, row in enumerate([table.columns, *table.rows]):
        if pdf.will_page_break(ROW_H):
            pdf.add_page()
        pdf.set_x(x)
        pdf.set_font(FAMILY, "" if n else "B", 8)
        pdf.set_text_color(*(INK if n else MUTED))
        for i, cell in enumerate(row):
            last = i == len(row) - 1
            pdf.cell(FIRST_W if i == 0 else rest, ROW_H, printable(cell), border="B",
                     align="L" if i == 0 else "R",
                     new_x=XPos.LMARGIN if last else XPos.RIGHT,
                     new_y=YPos.NEXT if last else YPos.TOP)  # fmt: skip


def _chart(pdf: _Document, figure: Figure) -> None:
    """The chart as vector paths and text (the same SVG the insights show), its numbers beside."""
    picture, ratio = _for_fpdf(draw(figure.chart))
    if pdf.will_page_break(CHART_W * ratio + 12):
        pdf.add_page()
    pdf.words(figure.chart.title, 10, bold=True)
    pdf.ln(1)
    x0, y0, page = pdf.l_margin, pdf.get_y(), pdf.page
    pdf.image(io.BytesIO(picture), x=x0, y=y0, w=CHART_W)
    _values(pdf, figure.table, x0 + CHART_W + GAP, y0)
    bottom = pdf.get_y() if pdf.page != page else max(pdf.get_y(), y0 + CHART_W * ratio)
    pdf.set_y(bottom + 4)


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
