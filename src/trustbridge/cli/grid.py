"""Tables drawn the way Rich draws them, without loading Rich's console (about 40 ms a list).

Every list command prints one table, and importing Rich's console and table classes, and
setting up a console, cost more than reading the rows. :func:`lines` lays a table out with
Rich's own rules for the ``Table`` ``output.table`` used to build (heavy head box, one space
of padding, columns folded when too wide), so the output is the same, character for
character (``tests/unit/test_grid.py`` compares the two on many tables and widths):

- a column is as wide as its widest line, plus padding; when the table is wider than the
  terminal, the widest columns are narrowed first, down to the next widest, and so on
  (Rich's ``Table._collapse_widths``), then all evenly as a last resort;
- a cell wraps at spaces and folds a word longer than its column (never cuts any off);
- header and title are bold and italic only on a terminal that shows styles.

Cell widths of text that is not plain ASCII are measured with ``rich.cells`` (a small
module), as Rich does. What this module does not lay out itself (a tab in a cell, a line
or paragraph separator, a column too narrow for its padding, a legacy Windows console) is
passed to Rich, which is then imported.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import IO

#: Rich's ``box.HEAVY_HEAD``: top, header row, line under the header, body row, bottom
HEAVY_HEAD = ("┏━┳┓", "┃┃┃", "┡━╇┩", "│││", "└─┴┘")
#: Rich's ``box.ASCII``, used when the output's encoding is not UTF
ASCII = ("+--+", "|||", "|-+|", "|||", "+--+")
BOLD, ITALIC, RESET = "\x1b[1m", "\x1b[3m", "\x1b[0m"
#: characters Rich lays out differently from a plain line (tabs, and line breaks other than \n)
_OWN_LAYOUT = frozenset("\t\u2028\u2029")
_WORD = re.compile(r"\s*\S+\s*")  # Rich's ``_wrap.re_word``: a word and the spaces after it


class NotHere(Exception):
    """The table needs a layout only Rich does (see the module notes)."""


def _rich_cells() -> tuple[
    Callable[[str], int], Callable[[str, int], list[str]], Callable[[str, int], str]
]:
    from rich.cells import cell_len, chop_cells, set_cell_size

    return cell_len, chop_cells, set_cell_size


def cell_len(text: str) -> int:
    """How many terminal cells ``text`` takes (ASCII: one each)."""
    return len(text) if text.isascii() else _rich_cells()[0](text)


def _chop(word: str, width: int) -> list[str]:
    if word.isascii():
        return [word[i : i + width] for i in range(0, len(word), width)]
    return _rich_cells()[1](word, width)


def _fit(text: str, width: int) -> str:
    """``text`` cropped or padded to exactly ``width`` cells (Rich's ``set_cell_size``)."""
    if text.isascii():
        return text[:width] if len(text) > width else text + " " * (width - len(text))
    return _rich_cells()[2](text, width)


def _breaks(line: str, width: int) -> list[int]:
    """Where a line is broken to fit ``width`` cells (Rich's ``_wrap.divide_line``, folding)."""
    found: list[int] = []
    offset = 0
    position = 0
    while (match := _WORD.match(line, position)) is not None:
        start, position = match.span()
        word = match.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            pieces = _chop(word, width)
            for index, piece in enumerate(pieces):
                if start:
                    found.append(start)
                if index == len(pieces) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            found.append(start)
            offset = cell_len(word)
    return found


def wrap(text: str, width: int) -> list[str]:
    """A cell's text as lines of exactly ``width`` cells (Rich's ``Text.wrap``, left, fold)."""
    out: list[str] = []
    for line in text.split("\n"):
        cuts = [0, *_breaks(line, width), len(line)]
        for start, end in pairwise(cuts):
            piece = line[start:end]
            if len(piece) > width:  # spaces past the edge are dropped (``rstrip_end``)
                spaces = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(spaces, len(piece) - width)]
            out.append(_fit(piece, width))
    return out


def _measure(text: str, room: int) -> tuple[int, int]:
    """(narrowest, widest) a padded cell can be within ``room`` cells (Rich's measurements)."""
    if room - 2 < 1:
        return room, room
    lines = text.splitlines()
    widest = max(map(cell_len, lines)) if lines else 0
    words = text.split()
    narrowest = max(map(cell_len, words)) if words else widest
    narrowest = min(max(0, narrowest), widest)
    narrowest, widest = min(narrowest, room), min(widest, room)
    if widest < 1:
        narrowest = widest = 0
    return min(narrowest + 2, room), min(widest + 2, room)


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """Rich's ``_ratio.ratio_reduce``: take ``total`` off ``values`` in proportion to ``ratios``."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(most, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], room: int) -> list[int]:
    """Narrow the widest columns until the table fits (Rich's ``Table._collapse_widths``)."""
    excess = sum(widths) - room
    while sum(widths) and excess > 0:
        widest = max(widths)
        next_widest = max(width if width != widest else 0 for width in widths)
        difference = widest - next_widest
        ratios = [1 if width == widest else 0 for width in widths]
        if not difference:
            break
        widths = _reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        excess = sum(widths) - room
    return widths


def column_widths(columns: Sequence[Sequence[str]], room: int) -> list[int]:
    """Each column's width, padding included, for a table of ``room`` cells less its borders."""
    ranges = [[_measure(cell, room) for cell in column] for column in columns]
    widths = [min(max(widest for _, widest in found), room) or 1 for found in ranges]
    if sum(widths) > room:
        widths = _collapse(widths, room)
        if sum(widths) > room:
            widths = _reduce(sum(widths) - room, [1] * len(widths), widths, widths)
        widths = [
            min(max(_measure(cell, width)[1] for cell in column), width)
            for column, width in zip(columns, widths, strict=True)
        ]
    return widths


def lines(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    title: str,
    width: int,
    *,
    ascii_only: bool = False,
    styled: bool = False,
) -> list[str]:
    """The table as lines of text, ``width`` cells at most; raises NotHere (see the notes)."""
    if any(len(row) > len(columns) for row in rows):  # Rich would add columns
        raise NotHere
    blank = [""] * len(columns)  # a short row is filled with empty cells, as Rich does
    cells = [list(columns), *([*row, *blank][: len(columns)] for row in rows)]
    if any(_OWN_LAYOUT.intersection(cell) for row in cells for cell in row):
        raise NotHere
    room = width - (len(columns) + 1)
    by_column = [[row[index] for row in cells] for index in range(len(columns))]
    widths = column_widths(by_column, room)
    if min(widths) < 3:
        raise NotHere
    top, head, rule, body, bottom = ASCII if ascii_only else HEAVY_HEAD
    out: list[str] = []
    table_width = sum(widths) + len(widths) + 1
    if title:
        for shown in wrap(title, table_width):
            out.append(f"{ITALIC}{shown}{RESET}" if styled else shown)

    def edge(parts: str) -> str:
        return parts[0] + parts[2].join(parts[1] * w for w in widths) + parts[3]

    out.append(edge(top))
    for index, row in enumerate(cells):
        wrapped = [wrap(cell, w - 2) for cell, w in zip(row, widths, strict=True)]
        height = max(map(len, wrapped))
        sides = head if index == 0 else body
        for number in range(height):
            parts = []
            for cell, w in zip(wrapped, widths, strict=True):
                at = number - (height - len(cell) if index == 0 else 0)  # headers sit at the bottom
                text = f" {cell[at]} " if 0 <= at < len(cell) else " " * w
                parts.append(f"{BOLD}{text}{RESET}" if styled and index == 0 else text)
            out.append(sides[0] + sides[1].join(parts) + sides[2])
        if index == 0:
            out.append(edge(rule))
    out.append(edge(bottom))
    return out


def console_width(terminal: bool, dumb: bool, env: Mapping[str, str]) -> int:
    """The width Rich's console takes: ``COLUMNS`` (with ``LINES``, even on a dumb terminal),
    80 on a dumb terminal, else the size of whichever standard stream is a terminal, else 80."""
    columns, rows = env.get("COLUMNS"), env.get("LINES")
    fixed = int(columns) if columns is not None and columns.isdigit() else None
    if fixed is not None and rows is not None and rows.isdigit():
        return fixed
    if terminal and dumb:
        return 80
    width = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    return fixed if fixed is not None else (width or 80)


def _is_terminal(stream: IO[str], env: Mapping[str, str]) -> bool:
    """Rich's ``Console.is_terminal``, for a console left to detect it."""
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _is_dumb(env: Mapping[str, str]) -> bool:
    return env.get("TERM", "").lower() in ("dumb", "unknown")


def styled(stream: IO[str]) -> bool:
    """Whether Rich would show styles (bold, reverse, dim) on ``stream``: a terminal, or
    ``FORCE_COLOR`` / ``TTY_COMPATIBLE=1``, that is not a dumb one."""
    return _is_terminal(stream, os.environ) and not _is_dumb(os.environ)


def print_table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> bool:
    """Print the table to stdout as Rich would; False (nothing printed) when Rich must do it."""
    if sys.platform == "win32":  # Rich narrows a legacy console and changes its box there
        return False
    stream = sys.stdout
    env = os.environ
    terminal = _is_terminal(stream, env)
    dumb = _is_dumb(env)
    try:
        width = console_width(terminal, dumb, env)
    except ValueError:  # a COLUMNS Python cannot read as a number: Rich's own error
        return False
    encoding = (getattr(stream, "encoding", "utf-8") or "utf-8").lower()
    try:
        found = lines(
            columns,
            rows,
            title,
            width,
            ascii_only=not encoding.startswith("utf"),
            styled=terminal and not dumb,
        )
    except NotHere:
        return False
    stream.write("".join(line + "\n" for line in found))
    stream.flush()
    return True
