"""``trustbridge search``: find words in everything written, best matches first, matches marked."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, output
from trustbridge.cli import messages_search as msg
from trustbridge.cli.declare import Argument, Exit, Option
from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error

if TYPE_CHECKING:
    from trustbridge.services.search import Found

DEFAULT_LIMIT = 20


def search(
    words: list[str] = Argument(
        None, metavar="TEXT", help=msg.SEARCH_TEXT_HELP, show_default=False
    ),
    tool: str | None = Option(
        None, "--tool", metavar="TOOL", help=msg.SEARCH_TOOL_HELP, show_default=False
    ),
    limit: int = Option(
        DEFAULT_LIMIT, "--limit", metavar="N", min=1, max=500, help=msg.SEARCH_LIMIT_HELP
    ),
    page: int = Option(1, "--page", metavar="N", min=1, help=msg.SEARCH_PAGE_HELP),
    as_json: bool = Option(False, "--json", help=msg.SEARCH_JSON_HELP),
) -> None:
    from trustbridge.domain.search_query import parse
    from trustbridge.services.search import unknown_tool

    typed = " ".join(words or [])
    if not parse(typed):
        say_error(msg.EMPTY_SEARCH)
        raise Exit(EXIT_BAD_INPUT)
    if unknown := unknown_tool(tool):  # say which there are, not "see the list"
        say_error(unknown)
        raise Exit(EXIT_BAD_INPUT)
    found = _find(typed, tool, limit, page)
    if as_json:
        return output.print_json(_as_dict(result) for result in found.results)
    shown = f"“{typed.strip()}”"
    if not found.results:
        missing = msg.NO_MATCHES_IN_TOOL if tool else msg.NO_MATCHES
        return output.say(missing.format(words=shown, tool=tool))
    output.say(_heading(found, shown))
    _print_results(found.results)
    _say_what_next(found, words or [], tool, limit)


def _find(typed: str, tool: str | None, limit: int, page: int) -> Found:
    """The search, on a plain connection when the store is current and needs no questions
    (SQLAlchemy is never loaded then); otherwise on the store opened the usual way, which
    makes, unlocks or brings it up to date first."""
    from trustbridge.services import search as searching

    connection = context.quick_connection()
    if connection is None:
        return searching.search_store(context.store(), typed, tool=tool, limit=limit, page=page)
    try:
        return searching.search(connection, typed, tool=tool, limit=limit, page=page)
    finally:
        connection.close()


def _heading(found: Any, shown: str) -> str:
    if found.total == 1:
        return msg.FOUND_ONE.format(words=shown)
    if found.pages == 1 and found.every_match_ranked:
        return msg.FOUND_ALL.format(n=found.total, words=shown)
    template = msg.FOUND_PAGE if found.exact else msg.FOUND_ABOUT
    return template.format(
        total=f"{found.shown_total:,}",
        words=shown,
        ranked=f"{found.ranked:,}",
        first=found.first,
        last=found.last,
    )


def _say_what_next(found: Any, words: list[str], tool: str | None, limit: int) -> None:
    """The command for the next page, and how to reach matches older than those ranked."""
    if found.more:
        command = ["trustbridge", "search", *words]
        command += ["--tool", tool] if tool else []
        command += ["--limit", str(limit)] if limit != DEFAULT_LIMIT else []
        output.say()
        output.say(
            msg.NEXT_PAGE.format(command=shlex.join([*command, "--page", str(found.page + 1)]))
        )
    if not found.every_match_ranked and not found.more:
        output.say()
        output.say(msg.OLDER)


def _as_dict(result: Any) -> dict[str, object]:
    return {
        "kind": result.kind,
        "label": result.label,
        "id": result.id,
        "title": result.title,
        "date": result.day.isoformat(),
        "snippet": result.snippet_text,
        "matches": [piece for piece, hit in result.snippet if hit],
        "link": result.link,
    }


def _print_results(found: Any) -> None:
    """Each match: what and when (and its title, unless the words below already show it),
    then the words around it with the matches highlighted.

    Lines are written as they are, styled (bold, matches reversed, the link dim) only on a
    terminal that shows styles, as Rich's console wrote them (``grid.styled``); importing
    Rich's console took longer than the search. Everything written is made visible first
    (``output.visible``), so no text can drive the terminal. Windows keeps Rich's console,
    which styles a legacy console its own way.
    """
    import sys

    from trustbridge.cli import grid

    if sys.platform == "win32":
        return _print_with_rich(found)
    styles = grid.styled(sys.stdout)
    lines = []
    for result in found:
        snippet = [("  ", "")]
        snippet += [(output.visible(piece).replace("\n", " "), "1;7" if hit else "")
                    for piece, hit in result.snippet]  # fmt: skip
        link = msg.RESULT_OPEN.format(link=result.link)
        for pieces in ([], [(_head(result), "1")], snippet, [(link, "2")]):
            lines.append(_line(pieces, styles))
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()


def _line(pieces: list[tuple[str, str]], styles: bool) -> str:
    """Pieces of text, each with its style's codes, as Rich writes them: styles only when
    ``styles``, and tabs expanded to the next multiple of 8 cells from the line's start."""
    if any("\t" in text for text, _ in pieces):
        pieces = _expand_tabs(pieces)
    return "".join(
        f"\x1b[{codes}m{text}\x1b[0m" if styles and codes and text else text
        for text, codes in pieces
    )


def _expand_tabs(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from trustbridge.cli.grid import cell_len

    column = 0  # cells since the line began
    expanded = []
    for text, codes in pieces:
        out = []
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append("\n")
                column = 0
            parts = line.split("\t")
            for index, part in enumerate(parts):
                out.append(part)
                column += cell_len(part)
                if index < len(parts) - 1:  # a tab: one space, then up to the next stop
                    pad = 1 + (-(column + 1)) % 8
                    out.append(" " * pad)
                    column += pad
        expanded.append(("".join(out), codes))
    return expanded


def _head(result: Any) -> str:
    head = msg.RESULT_HEAD.format(label=result.label, day=output.day(result.day))
    if result.shown_title:
        head = msg.RESULT_TITLED.format(head=head, title=result.shown_title)
    return output.visible(head)


def _print_with_rich(found: Any) -> None:
    """The same, through Rich's console; everything written is escaped, never markup."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, emoji=False, soft_wrap=True)
    for result in found:
        console.print()
        console.print(f"[bold]{escape(_head(result))}[/bold]")
        snippet = "".join(
            f"[reverse bold]{escape(output.visible(piece))}[/]" if hit
            else escape(output.visible(piece))
            for piece, hit in result.snippet
        )  # fmt: skip
        console.print("  " + snippet.replace("\n", " "))
        console.print(escape(msg.RESULT_OPEN.format(link=result.link)), style="dim")
