"""The learned layer of the crisis check: one score per passage, from what the other halves saw.

Patterns know the wordings they were written for; the semantic half knows how near each
clause is to prototype phrasings. Neither can weigh the two against everything else in a
passage ("two years ago", "my friend", "the film"), and both raise the full alarm too often on
look-alikes. A logistic model does that weighing. Its inputs, for one passage:

- the passage's words, word pairs and word triples, and the 3- to 5-letter pieces of each
  word (so "unalive", "kms" or a misspelling still shares pieces with what it was taught),
  hashed into :data:`BUCKETS` slots;
- its WordLlama average vector (the semantic half's), the nearest clause's closeness to each
  side, and whether the patterns and semantic half flagged it urgent or gentle.

It was trained by ``bench/crisis_train.py`` on labelled lines from ``tests/data/crisis``
(never the fresh test set) and ships as ``content/crisis_weights.npz``: nothing is learned or
downloaded at run time. Long texts are read in passages of a few sentences, as it was taught.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: hashed slots for the word and letter features
BUCKETS = 1 << 18
#: a passage is at most about this many words; shorter texts are read whole
PASSAGE_WORDS = 60
#: fewer words than this are left to the other signals: almost every labelled line had more,
#: and a short note ("just me for now") gives the model too little to weigh
MIN_WORDS = 6
#: the letter pieces taken from each word
PIECES = (3, 4, 5)
_SENTENCE_END = re.compile(r"(?<=[.!?;\n])")
_PAIR, _TRIPLE = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
#: words whose hashed features are kept, before the cache starts again
_MAX_WORDS = 50_000
_word_cache: dict[str, tuple[int, tuple[int, ...]]] = {}


def passages(plain: str) -> list[str]:
    """``plain`` (the check's reduced text) cut into passages of whole sentences.

    A text of up to twice :data:`PASSAGE_WORDS` words is one passage, as the labelled lines
    were; a longer one is cut at sentence ends, and each passage also takes the sentence
    before it, so a thought running across two sentences is still read together.
    """
    if len(plain.split()) <= 2 * PASSAGE_WORDS:
        return [plain]
    # each piece keeps what opens it, a space or a line end (which ends a clause), so they
    # join back with nothing between
    sentences = [s for s in _SENTENCE_END.split(plain) if s]
    out: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        words = len(sentence.split())
        if current and size + words > PASSAGE_WORDS:
            out.append(_passage(current))
            current, size = current[-1:], len(current[-1].split())
        current.append(sentence)
        size += words
    if current:
        out.append(_passage(current))
    return out


def _passage(sentences: list[str]) -> str:
    """Sentences as one passage in the reduced form: one space before every word, and after."""
    return f" {''.join(sentences).strip(' ')} "


def _word(word: str) -> tuple[int, tuple[int, ...]]:
    """A word's own hash and the hashes of its letter pieces (remembered)."""
    known = _word_cache.get(word)
    if known is None:
        if len(_word_cache) >= _MAX_WORDS:
            _word_cache.clear()
        padded = f"<{word}>"
        pieces = tuple(
            zlib.crc32(padded[i : i + n].encode()) % BUCKETS
            for n in PIECES
            for i in range(len(padded) - n + 1)
        )
        known = _word_cache[word] = (zlib.crc32(word.encode()), pieces)
    return known


def hashed(words: Sequence[str]) -> list[int]:
    """The distinct feature slots of a passage's words (sorted)."""
    mask = (1 << 64) - 1
    found: set[int] = set()
    own = []
    for word in words:
        whole, pieces = _word(word)
        own.append(whole)
        found.update(pieces)
    found.update(h % BUCKETS for h in own)
    for a, b in itertools.pairwise(own):
        found.add(((a * _PAIR) & mask ^ b) % BUCKETS)
    for a, b, c in zip(own, own[1:], own[2:], strict=False):
        found.add((((a * _PAIR) & mask ^ b) * _TRIPLE & mask ^ c) % BUCKETS)
    return sorted(found)


@dataclass(frozen=True, slots=True)
class Seen:
    """What the other halves of the check saw in one passage: the model's dense inputs."""

    vector: np.ndarray  # the passage's WordLlama average (unit length, or zeros)
    crisis: float  # the nearest clause's closeness to the crisis side
    look_alike: float  # ... and to the look-alike side
    urgent: bool  # the patterns or the semantic half flagged it urgent
    gentle: bool  # ... or gentle

    def dense(self) -> np.ndarray:
        import numpy as np

        extra = [self.crisis, self.look_alike, self.crisis - self.look_alike]
        extra += [float(self.urgent), float(self.gentle)]
        return np.concatenate([self.vector.astype(np.float32), np.asarray(extra, np.float32)])


@dataclass(frozen=True, slots=True)
class _Weights:
    sparse: np.ndarray  # one weight per slot
    dense: np.ndarray
    bias: float
    #: a passage scoring above this is urgent, whatever the other halves said
    high: float


@cache
def weights() -> _Weights:
    import numpy as np

    path = resources.files("trustbridge.content").joinpath("crisis_weights.npz")
    with path.open("rb") as handle, np.load(handle) as data:
        sparse = np.zeros(BUCKETS, dtype=np.float32)
        sparse[data["slots"]] = data["values"]
        return _Weights(
            sparse, data["dense"].astype(np.float32), float(data["bias"]), float(data["high"])
        )


def score(slots: Sequence[int], seen: Seen) -> float:
    """The model's score for one passage (log-odds that it is crisis talk)."""
    model = weights()
    scale = 1.0 / max(1, len(slots)) ** 0.5
    sparse = float(model.sparse[list(slots)].sum()) * scale if slots else 0.0
    return sparse + float(seen.dense() @ model.dense) + model.bias


def urgent(best: float, passages: int) -> bool:
    """Whether the best score among a text's ``passages`` calls for full crisis resources.

    The layer only ever adds an alarm: what the patterns and the semantic half flag urgent
    stays urgent. Each passage is a fresh chance of a false alarm, so the bar rises with the
    log of their number (the odds divided by it): a long entry is no likelier to be misread
    than a short one.
    """
    return best > weights().high + math.log(max(1, passages))
