"""What a chart shows, said without any drawing library: the web page, the PDF and ``--json``
all start from the same :class:`ChartData`, and each chart carries the same data as a
:class:`Table` for anyone who would rather read than look."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: lines: ``x`` day (or moment), ``y`` value, ``series`` name; band: the same with ``low`` and
#: ``high``; bands: a band per ``series``, one under another; bars: ``x`` label, ``y`` count,
#: optional ``series``; calendar: ``x`` day, ``y`` value 1-5; dots: ``x`` day, ``y`` value,
#: ``series`` a category
Kind = Literal["lines", "band", "bands", "bars", "calendar", "dots"]


@dataclass(frozen=True, slots=True)
class ChartData:
    """One chart: its rows, how to read them, and a sentence saying what it shows."""

    key: str
    kind: Kind
    title: str
    summary: str
    rows: tuple[dict[str, object], ...]
    y_title: str = ""
    y_domain: tuple[float, float] | None = None
    #: the order of the series (and of the bars' labels), so colours stay the same
    series: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Table:
    """A chart's data as rows of words, for anyone who would rather read than look."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart and its table: every chart is shown with one."""

    chart: ChartData
    table: Table
