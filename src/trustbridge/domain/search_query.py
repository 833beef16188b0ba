"""What a person typed into the search box, made into a safe FTS5 query: never their raw text.

Each word becomes a quoted prefix (``walk`` finds "walking"); text in double quotes stays a
phrase. FTS5's own syntax (``AND``, ``NOT``, ``*``, ``(``, ``:``, ``^``) is only ever part of
a quoted string, so it is searched for as words, never obeyed, and no input can make the
query fail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: beyond these, more words only slow the search down without narrowing it usefully
MAX_TERMS = 24
MAX_TERM_CHARS = 80

_PIECES = re.compile(r'"([^"]*)"|([^\s"]+)')


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """The words (each matched as a prefix) and the phrases (matched whole) of one search."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def _clean(text: str) -> str:
    """Control characters (NUL included) out, runs of space made one."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(kept.split())


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def parse(text: str) -> SearchTerms:
    """Split a search into words and "quoted phrases"; a stray quote is simply ignored.

    >>> parse('walk "with my sister" café')
    SearchTerms(words=('walk', 'café'), phrases=('with my sister',))
    """
    words: list[str] = []
    phrases: list[str] = []
    for phrase, word in _PIECES.findall(_clean(text)):
        piece = _clean(phrase or word)[:MAX_TERM_CHARS]
        if not _has_word(piece):
            continue
        target = phrases if phrase else words
        if len(words) + len(phrases) < MAX_TERMS and piece not in target:
            target.append(piece)
    return SearchTerms(tuple(words), tuple(phrases))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(terms: SearchTerms) -> str | None:
    """The FTS5 ``MATCH`` expression for ``terms`` (every term must match), or ``None`` if empty.

    >>> match_expression(parse('walk "my sister"'))
    '"walk"* "my sister"'
    """
    if not terms:
        return None
    parts = [_quoted(word) + "*" for word in terms.words]
    parts += [_quoted(phrase) for phrase in terms.phrases]
    return " ".join(parts)
