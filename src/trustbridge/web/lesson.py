"""A tiny, safe renderer for lesson text: paragraphs, bullet and numbered lists, and **bold**."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def inline(text: str) -> Markup:
    """Escape everything, then turn ``**words**`` into ``<strong>words</strong>``."""
    safe = str(escape(" ".join(text.split())))
    return Markup(_BOLD.sub(r"<strong>\1</strong>", safe))


def _list_html(tag: str, items: list[str]) -> str:
    return f"<{tag}>" + "".join(f"<li>{inline(item)}</li>" for item in items) + f"</{tag}>"


def render_lesson(text: str) -> Markup:
    """Render lesson text; every character the text holds is escaped before any markup is added."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            out.append(_list_html(list_tag, items))
            items.clear()
        list_tag = ""

    for line in text.splitlines():
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        item = bullet or number
        if not line.strip():
            flush()
        elif item:
            tag = "ul" if bullet else "ol"
            if paragraph or (items and tag != list_tag):
                flush()
            list_tag = tag
            items.append(item.group(1))
        elif items:
            items[-1] += " " + line.strip()
        else:
            paragraph.append(line.strip())
    flush()
    return Markup("\n".join(out))
