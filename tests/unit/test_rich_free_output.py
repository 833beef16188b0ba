"""Tables and search results printed without Rich's console look exactly as Rich drew them."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from trustbridge.cli import grid, output
from trustbridge.cli import search as search_command

#: words of every kind a cell meets: short, long enough to fold, accented, wide, emoji,
#: combining marks, control pictures, and the odd empty or blank one
WORDS = (
    "a",
    "walk",
    "quiet",
    "letter",
    "extraordinarily",
    "supercalifragilisticexpialidocious",
    "café",
    "naïve",
    "日本語",
    "テキスト",
    "😀",
    "e\u0301",
    "—",
    "’",
    "␛[31m",
    "x" * 40,
    "",
    "12",
    "Person 7",
    "4 Mar 2026 10:30",
)
SPACES = (" ", " ", "  ", "\n", " \n")


def drawn_by_rich(
    columns: list[str], rows: list[list[str]], title: str, width: int, encoding: str = "utf-8"
) -> str:
    """What ``output.table`` printed when it used Rich's Table."""

    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
    table = Table(title=title or None, title_justify="left", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(
        file=out,
        width=width,
        markup=False,
        highlight=False,
        emoji=False,
        color_system=None,
        legacy_windows=False,
    ).print(table)
    out.seek(0)
    return out.read()


def drawn_here(
    columns: list[str], rows: list[list[str]], title: str, width: int, ascii_only: bool = False
) -> str:
    found = grid.lines(columns, rows, title, width, ascii_only=ascii_only)
    return "".join(line + "\n" for line in found)


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES)), max_size=10).map(
    lambda parts: "".join(word + space for word, space in parts).rstrip("\n")
)


@settings(max_examples=150, deadline=None)
@given(
    columns=st.lists(
        st.sampled_from(("#", "Saved", "Entry", "How to reach them", "")), min_size=1, max_size=5
    ),
    data=st.data(),
    title=st.one_of(st.just(""), texts),
    width=st.integers(min_value=20, max_value=200),
)
def test_same_as_rich(columns: list[str], data: st.DataObject, title: str, width: int) -> None:
    rows = data.draw(
        st.lists(st.lists(texts, min_size=len(columns), max_size=len(columns)), max_size=5)
    )
    try:
        mine = drawn_here(columns, rows, title, width)
    except grid.NotHere:  # columns too narrow for their padding: Rich draws those
        return
    assert mine == drawn_by_rich(columns, rows, title, width)


@pytest.mark.parametrize("width", [80, 40, 24])
def test_a_list_as_the_commands_print_it(width: int) -> None:
    columns = ["#", "Saved", "Entry"]
    rows = [
        ["16667", "23 Mar 2055 23:00", "work quiet letter"],
        [
            "3",
            "1 Jan 2026 09:05",
            "A long title about a walk after work, and what was said on the way",
        ],
        ["2", "1 Jan 2026 08:00", ""],
    ]
    assert drawn_here(columns, rows, "Beliefs", width) == drawn_by_rich(
        columns, rows, "Beliefs", width
    )


def test_ascii_box_where_the_output_is_not_utf() -> None:
    rows = [["1", "walk"]]
    mine = drawn_here(["#", "Entry"], rows, "", 80, ascii_only=True)
    assert mine == drawn_by_rich(["#", "Entry"], rows, "", 80, encoding="ascii")
    assert mine.startswith("+-----------+\n| # | Entry |\n|---+-------|")


def test_what_grid_leaves_to_rich_is_still_drawn(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tab in a cell, or a terminal too narrow for the columns, goes to Rich."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(grid.NotHere):
        grid.lines(["Entry"], [["a\tb"]], "", 80)
    output.table(["Entry"], [("a\tb",)])
    assert "┃ Entry ┃\n┡━━━━━━━┩\n│ a     │\n│ b     │" in capsys.readouterr().out
    monkeypatch.setenv("COLUMNS", "8")
    with pytest.raises(grid.NotHere):
        grid.lines(["#", "Saved", "Entry"], [["1", "today", "walk"]], "", 8)
    output.table(["#", "Saved", "Entry"], [(1, "today", "walk")])
    assert capsys.readouterr().out.count("\n") >= 3


def test_width_as_rich_finds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    assert grid.console_width(False, False, {"COLUMNS": "57"}) == 57
    assert grid.console_width(True, True, {"COLUMNS": "57"}) == 80  # a dumb terminal
    assert grid.console_width(True, True, {"COLUMNS": "57", "LINES": "20"}) == 57
    monkeypatch.setattr("os.get_terminal_size", lambda fd: (_ for _ in ()).throw(OSError))
    assert grid.console_width(False, False, {}) == 80


def test_bold_header_and_italic_title_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    styled = grid.lines(["#"], [["1"]], "T", 80, styled=True)
    assert styled[0].startswith(grid.ITALIC) and grid.BOLD in styled[2]
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert grid.print_table(["#"], [["1"]], "T")
    assert "\x1b" not in capsys.readouterr().out  # captured: not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    assert grid.print_table(["#"], [["1"]], "T")
    assert "\x1b" not in capsys.readouterr().out


def test_rich_console_is_not_loaded_for_a_table() -> None:
    import subprocess

    code = (
        "import sys; from trustbridge.cli import output; "
        "output.table(['#', 'Entry'], [(1, 'café walk 日本')], title='x'); "
        "print('rich.console' in sys.modules, 'rich.table' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip().endswith("False False")


SEARCH_RESULTS = [
    SimpleNamespace(
        label="Journal entry",
        day=dt.date(2026, 3, 4),
        shown_title="A\ttab in a title, 日本",
        link="/tools/journal/3",
        snippet=[("…walk\tthe ", False), ("walk", True), (" 日本\tx\ny é", False), ("[b]", True)],
    ),
    SimpleNamespace(
        label="Person",
        day=dt.date(2021, 1, 1),
        shown_title="",
        link="/circle/2",
        snippet=[("Person 25 ", False), ("walk", True), (" work \x1b[31m", False)],
    ),
]


def test_search_results_as_rich_printed_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    printed = []
    for show in (search_command._print_with_rich, search_command._print_results):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            show(SEARCH_RESULTS)
        printed.append(out.getvalue())
    assert printed[0] == printed[1]
    assert "\x1b" not in printed[1] and "␛[31m" in printed[1]
    assert "· A  tab in a title" in printed[1]  # to the next tab stop, as Rich did


def test_search_results_styled_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    with contextlib.redirect_stdout(io.StringIO()) as out:
        search_command._print_results(SEARCH_RESULTS)
    shown = out.getvalue()
    assert "\x1b[1;7mwalk\x1b[0m" in shown and "\x1b[2m  open: /circle/2\x1b[0m" in shown
    assert "␛[31m" in shown  # what was written still cannot drive the terminal
