"""Matches marked in an entry's text as FTS5's ``highlight`` marks them, for hosted search.

A local store's search reads the marks from FTS5 (:mod:`trustbridge.services.search`), and
ranks and cuts snippets from them (:mod:`.search_rank`). PostgreSQL finds the same entries
but marks differently (every word of a phrase on its own, and a phrase's words wherever they
are), so hosted search marks the text here instead, the way FTS5 does: the text split into
words as FTS5's ``unicode61`` splits it (letters and digits together, anything else between
them), each compared in lower case without accents; a typed word marks the words it starts,
a phrase (or a typed word with punctuation inside, such as "don't") the runs of words it
is, and places that overlap are one stretch.
"""

from __future__ import annotations

from collections.abc import Sequence

from trustbridge.domain.search_rank import _WORD, fold


def _term(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _WORD.findall(text))


def _at(words: Sequence[str], i: int, term: tuple[str, ...], prefix: bool) -> bool:
    if i + len(term) > len(words):
        return False
    last = len(term) - 1
    return all(
        words[i + n].startswith(part) if prefix and n == last else words[i + n] == part
        for n, part in enumerate(term)
    )


def mark(text: str, words: Sequence[str], phrases: Sequence[str], marks: tuple[str, str]) -> str:
    """``text`` with each place a search term matches between ``marks`` (FTS5's
    ``highlight``: typed ``words`` as the starts of words, ``phrases`` whole)."""
    if text.isascii():  # the usual entry: lower case is all the folding there is
        found = list(_WORD.finditer(text.lower()))
        folded = [piece.group() for piece in found]
    else:
        found = list(_WORD.finditer(text))
        folded = [fold(piece.group()) for piece in found]
    terms = [(_term(w), True) for w in words] + [(_term(p), False) for p in phrases]
    # most terms are one typed word, matched as a start; the rest must begin with a whole word
    starts = tuple(term[0] for term, prefix in terms if prefix and len(term) == 1)
    longer = [(term, prefix) for term, prefix in terms if term and not (prefix and len(term) == 1)]
    places: list[tuple[int, int]] = []
    for i, word in enumerate(folded):
        if starts and word.startswith(starts):
            places.append((i, i))
        for term, prefix in longer:
            if word == term[0] and _at(folded, i, term, prefix):
                places.append((i, i + len(term) - 1))
    if not places:
        return text
    places.sort()
    stretches = [list(places[0])]
    for first, last in places[1:]:
        if first <= stretches[-1][1]:  # overlapping places are one stretch
            stretches[-1][1] = max(stretches[-1][1], last)
        else:
            stretches.append([first, last])
    pieces, at = [], 0
    for first, last in stretches:
        start, end = found[first].start(), found[last].end()
        pieces += [text[at:start], marks[0], text[start:end], marks[1]]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
