"""Which matches are best, and the words shown around them, read from FTS5's highlighted text.

FTS5 can rank by bm25 itself, but only by scoring every match and first counting, term by
term, every entry that has it: at 100,000 entries that takes far longer than a search may.
So the search (:mod:`trustbridge.services.search`) asks FTS5 to highlight a bounded number of
matches, and this module scores those from the marks with the same bm25 formula, and cuts
the snippet shown for the best of them. The marks are FTS5's, so what is marked is always
what matched; the folding here only decides which search term a marked word counts for.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

#: marks FTS5 puts around a matching word; control characters no form lets a person save
OPEN, CLOSE = "\x02", "\x03"
#: FTS5's unicode61 tokenizer keeps letters and digits together and splits on anything else
_WORD = re.compile(r"[^\W_]+")
_MARKED = re.compile(f"{OPEN}(.*?){CLOSE}", re.DOTALL)
#: bm25's usual constants, as FTS5 uses them: how fast repeats stop counting, and how much a
#: long entry is discounted
K1, B = 1.2, 0.75


class Needle(NamedTuple):
    """One search term as words to find in a row: a typed word is a prefix, a phrase is not."""

    words: tuple[str, ...]
    prefix: bool

    def times_in(self, marked: Sequence[Sequence[str]]) -> int:
        """How many times this term is in the marked stretches of an entry.

        FTS5 marks each place a term matched as one stretch (places that overlap as one), so
        a phrase is never split between two stretches.
        """
        if len(self.words) == 1:
            (word,) = self.words
            if self.prefix:
                return sum(w.startswith(word) for words in marked for w in words)
            return sum(w == word for words in marked for w in words)
        return sum(self._at(words, i) for words in marked for i in range(len(words)))

    def _at(self, words: Sequence[str], i: int) -> bool:
        if i + len(self.words) > len(words):
            return False
        last = len(self.words) - 1
        return all(
            words[i + n].startswith(w) if self.prefix and n == last else words[i + n] == w
            for n, w in enumerate(self.words)
        )


class Entry(NamedTuple):
    """What ranking needs of a highlighted entry: how many words, and the marked ones."""

    length: int
    marked: tuple[tuple[str, ...], ...]


def fold(text: str) -> str:
    """Lower case without accents, near enough to FTS5's own folding to tell terms apart."""
    if text.isascii():
        return text.lower()
    plain = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")


def needle(text: str, prefix: bool) -> Needle:
    return Needle(tuple(fold(word) for word in _WORD.findall(text)), prefix)


def entry(marked: str) -> Entry:
    """An entry as FTS5 highlighted it, read for ranking: its length in words (as written,
    between spaces: near enough to FTS5's count) and the words in each marked stretch."""
    return Entry(len(marked.split()), tuple(_folded_words(m) for m in _MARKED.findall(marked)))


def _folded_words(text: str) -> tuple[str, ...]:
    if text.isascii() and text.isalnum():  # the usual stretch: one plain word
        return (text.lower(),)
    return tuple(fold(word) for word in _WORD.findall(text))


def weight(entries: int, having: int) -> float:
    """bm25's weight of a term found in ``having`` of ``entries``: a rare term counts more."""
    idf = math.log((entries - having + 0.5) / (having + 0.5) + 1)
    return max(idf, 1e-6)


def bm25(
    found: Entry, needles: Sequence[Needle], weights: Sequence[float], average: float
) -> float:
    """The entry's bm25 score for these terms (higher is better), as FTS5 would give it.

    Each term counts at least once: FTS5 found it there, even if its folding and ours differ.
    """
    stretch = K1 * (1 - B + B * found.length / max(average, 1.0))
    score = 0.0
    for n, w in zip(needles, weights, strict=True):
        f = max(1, n.times_in(found.marked))
        score += w * f * (K1 + 1) / (f + stretch)
    return score


def snippet(marked: str, size: int) -> str:
    """About ``size`` words around the densest matches, still marked, ``…`` where cut.

    A short entry is shown whole; otherwise the stretch with the most different matching
    words (then the most matches) is chosen, with the matches in its middle, or the start of
    the entry when that shows as much. Words are as written, between spaces.
    """
    words = marked.split()
    if len(words) <= size:
        return marked.strip()
    hits: dict[int, str] = {}  # which words matched, folded
    inside = False
    for i, word in enumerate(words):
        if inside or OPEN in word:
            hits[i] = " ".join(_folded_words(word.replace(OPEN, " ").replace(CLOSE, " ")))
        if OPEN in word or CLOSE in word:
            inside = word.rfind(OPEN) > word.rfind(CLOSE)
    start = _best_start(hits, len(words), size)
    end = start + size
    shown = words[start:end]
    if start in hits and OPEN not in shown[0]:  # the stretch opens inside a marked phrase
        shown[0] = OPEN + shown[0]
    if end - 1 in hits and shown[-1].rfind(OPEN) >= shown[-1].rfind(CLOSE):  # or closes in one
        shown[-1] += CLOSE
    return ("…" if start else "") + " ".join(shown) + ("…" if end < len(words) else "")


def _best_start(hits: dict[int, str], count: int, size: int) -> int:
    """Where the stretch of ``size`` of ``count`` words that shows the matches best starts."""
    if not hits:
        return 0
    places = sorted(hits)

    def score(start: int) -> tuple[int, int]:
        inside = places[bisect_left(places, start) : bisect_left(places, start + size)]
        return len({hits[i] for i in inside}), len(inside)

    first = max(places, key=score)
    last = places[bisect_left(places, first + size) - 1]
    start = min(max(0, first - (size - (last - first + 1)) // 2), count - size)
    return 0 if score(0) >= score(start) else start
