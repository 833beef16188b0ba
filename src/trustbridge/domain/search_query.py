"""What a person typed into the search box, made into a safe FTS5 query: never their raw text.

Each word becomes a quoted prefix (``walk`` finds "walking"); text in double quotes stays a
phrase. FTS5's own syntax (``AND``, ``NOT``, ``*``, ``(``, ``:``, ``^``) is only ever part of
a quoted string, so it is searched for as words, never obeyed, and no input can make the
query fail.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import NamedTuple

#: beyond these, more words only slow the search down without narrowing it usefully
MAX_TERMS = 24
MAX_TERM_CHARS = 80

_PIECES = re.compile(r'"([^"]*)"|([^\s"]+)')
#: Latin letters whose accents FTS5's ``remove_diacritics 2`` keeps (so no spelling is certain)
_KEPT_ACCENTS = frozenset("\u01e0\u01e1")


class SearchTerms(NamedTuple):
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


def _any_of(spellings: Sequence[str]) -> str:
    """FTS5 for any of these words (one ending in ``*`` for the words that begin so)."""
    quoted = [_quoted(t[:-1]) + "*" if t.endswith("*") else _quoted(t) for t in spellings]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def match_parts(
    terms: SearchTerms, spellings: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """One FTS5 expression per term: a word as a prefix, or as the words in the index it
    starts (``spellings``, when the service has looked them up), and each phrase whole.

    >>> match_parts(parse('walk "my sister" w'), {"walk": ["walk", "walking"], "w": ["wa*"]})
    ['("walk" OR "walking")', '"wa"*', '"my sister"']
    """
    known = spellings or {}
    parts = [_any_of(known[w]) if known.get(w) else _quoted(w) + "*" for w in terms.words]
    return parts + [_quoted(phrase) for phrase in terms.phrases]


def match_expression(
    terms: SearchTerms, spellings: Mapping[str, Sequence[str]] | None = None
) -> str | None:
    """The FTS5 ``MATCH`` expression for ``terms`` (every term must match), or ``None`` if empty.

    >>> match_expression(parse('walk "my sister"'))
    '"walk"* AND "my sister"'
    """
    return " AND ".join(match_parts(terms, spellings)) if terms else None


def _index_letter(ch: str) -> str | None:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else None
    if not ch.isalpha() or ch in _KEPT_ACCENTS:
        return None
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    plain = base.isascii() and base.isalpha()
    return base.lower() if plain and marks and all(_is_accent(m) for m in marks) else None


def _is_accent(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


def folded(word: str) -> str | None:
    """``word`` spelled as the index keeps it (lower case, accents off), or ``None`` when that
    is not certain.

    Only for the Latin alphabet's letters and digits, whose folding is known exactly (a unit
    test checks it against FTS5's own); for other scripts and for words with
    punctuation inside, FTS5 is left to match the prefix itself.

    >>> folded("Café"), folded("don't"), folded("Ελένη")
    ('cafe', None, None)
    """
    letters = [_index_letter(ch) for ch in word]
    if not letters or None in letters:
        return None
    return "".join(letter for letter in letters if letter is not None)
