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
(never the newest fresh test set) and ships as ``content/crisis_weights.npz``: nothing is
learned or downloaded at run time. Long texts are read in passages of a few sentences, as it
was taught.

A second model, ``content/crisis_context_weights.npz``, takes the same inputs plus the
passage read in context by a small transformer (:mod:`.crisis_encoder`), which tells "I have
the pills" from "my brother had the pills" and "I'm safe now" from "I'm not safe". Where the
transformer is installed, it decides for the passages it reads, and may overrule a
pattern's alarm down to the quiet link (:meth:`Weights.overruled`), except where the
wording is tied to now or stands in a short clause (``crisis_context.pinned``); in a passage
of more than one line or more than :data:`VETO_WORDS` words, only if each of its sentences,
read on its own (:func:`units`), is as calm as the whole. It reads only passages the other
signals noticed something in or the first model scored above a gate (:func:`worth_reading`),
at most :data:`CONTEXT_BUDGET` readings (passages and their sentences) per check.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from trustbridge.domain.crisis_context import SENTENCE_BREAK

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
#: the most words of a passage in which the second model may overrule a pattern on the
#: passage's score alone: what it was taught on are single lines of a sentence or two, and in
#: a longer passage one crisis sentence among calm ones must not be talked away by the rest
#: (there each sentence read on its own must be under the veto too)
VETO_WORDS = 30
#: the most passages and sentences one check reads in context (about 12 ms each on a
#: 2-core machine)
CONTEXT_BUDGET = 64
#: the in-context vector's weight against the others in the second model's inputs
CONTEXT_SCALE = 1.0
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


def units(lines: str) -> list[str]:
    """The sentences of a passage (the check's reduced form) of at least :data:`MIN_WORDS`
    words, each in the same form, for the second model to read on its own as well as the
    whole passage: one worrying sentence among calm ones is then weighed as if written
    alone. None for a passage of one sentence.

    Sentences end where clauses do (``crisis_context.SENTENCE_BREAK``), so a clause is never
    cut in two, and a sentence reads the same whatever is written around it.
    """
    cut = [s for s in SENTENCE_BREAK.split(lines) if s and not s.isspace()]
    if len(cut) < 2:
        return []
    return [f" {s.strip()} " for s in cut if len(s.split()) >= MIN_WORDS]


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
    #: the passage read in context (:mod:`.crisis_encoder`), for the second model only
    context: np.ndarray | None = None
    #: (not an input) a pattern's urgent wording is tied to now ("again", "tonight") or
    #: stands in a short clause (``crisis_context.pinned``), so no model may overrule it
    pinned: bool = False

    def dense(self) -> np.ndarray:
        import numpy as np

        extra = extras(self.crisis, self.look_alike, self.urgent, self.gentle)
        parts = [self.vector.astype(np.float32), np.asarray(extra, np.float32)]
        if self.context is not None:
            parts.append(self.context.astype(np.float32) * CONTEXT_SCALE)
        return np.concatenate(parts)


def extras(crisis: float, look_alike: float, urgent: bool, gentle: bool) -> list[float]:
    """The dense inputs after the passage's vector: the nearest clause's closeness to each
    side and their difference, and whether the other signals flagged it urgent or gentle."""
    return [crisis, look_alike, crisis - look_alike, float(urgent), float(gentle)]


def _combined(sparse: float, slots: int, dense: float, bias: float) -> float:
    """A score from its parts: the sum of the slots' weights, scaled by the root of their
    number (a long passage's many slots do not drown its dense inputs), the dense inputs'
    product with their weights, and the bias."""
    scale: float = 1.0 / max(1, slots) ** 0.5
    return sparse * scale + dense + bias


@dataclass(frozen=True, slots=True)
class Weights:
    sparse: np.ndarray  # one weight per slot
    dense: np.ndarray
    bias: float
    #: a passage scoring above this is urgent
    high: float
    #: (first model only) a passage scoring at most this, which the patterns found nothing
    #: in, is not worth the second model's reading
    gate: float
    #: (second model only) a passage the patterns flagged urgent stays urgent when it scores
    #: above this, at most ``high``: the model overrules a pattern only when sure
    veto: float
    #: (second model only) a passage is urgent when one of its sentences, read on its own
    #: (:func:`units`), scores above this
    sentence_high: float = math.inf

    def score(self, slots: Sequence[int], seen: Seen) -> float:
        """The score for one passage (log-odds that it is crisis talk)."""
        sparse = float(self.sparse[list(slots)].sum()) if slots else 0.0
        return _combined(sparse, len(slots), float(seen.dense() @ self.dense), self.bias)

    def urgent(self, best: float, passages: int) -> bool:
        """Whether the best score among a text's ``passages`` calls for full crisis resources.

        Each passage is a fresh chance of a false alarm, so the bar rises with the log of
        their number (the odds divided by it): a long entry is no likelier to be misread
        than a short one.
        """
        return best > bar(self.high, passages)

    def sentence_urgent(self, best: float, passages: int) -> bool:
        """Whether the best score of one sentence read on its own, among a text's
        ``passages``, calls for full crisis resources (the bar rises as :meth:`urgent`'s)."""
        return best > bar(self.sentence_high, passages)

    def overruled(self, score: float, plain: str, sentence: float | None = None) -> bool:
        """Whether a pattern's urgent alarm in a passage (``plain``, the check's reduced form)
        scoring ``score`` is overruled. In one line of at most :data:`VETO_WORDS` words, the
        kind of text the model was taught on, the passage's score decides. In a longer or
        multi-line passage, where one worrying sentence among calm ones must not be talked
        away by the rest, every sentence of it read on its own (:func:`units`; ``sentence``
        is their best score, ``None`` when they were not read) must score at most the veto
        too: what is written around a sentence can never make its own score lower. Each
        passage on its own: a long text does not make one passage's alarm less likely."""
        if score > self.veto:
            return False
        if "\n" not in plain and len(plain.split()) <= VETO_WORDS:
            return True
        return sentence is not None and sentence <= self.veto


def bar(high: float, passages: int) -> float:
    """The score a text's best passage must clear: ``high``, raised by the log of the number
    of ``passages`` (see :meth:`Weights.urgent`)."""
    return high + math.log(max(1, passages))


def _read_weights(raw: bytes) -> Weights:
    import io

    import numpy as np

    with np.load(io.BytesIO(raw)) as data:
        sparse = np.zeros(BUCKETS, dtype=np.float32)
        sparse[data["slots"]] = data["values"]

        def optional(name: str) -> float:
            return float(data[name]) if name in data else -math.inf

        dense, bias, high = (
            data["dense"].astype(np.float32),
            float(data["bias"]),
            float(data["high"]),
        )
        sentence_high = float(data["sentence_high"]) if "sentence_high" in data else math.inf
        return Weights(sparse, dense, bias, high, optional("gate"), optional("veto"), sentence_high)


@cache
def weights() -> Weights:
    """The first model: the words and what the other halves saw (and, kept once, in the
    form the quick path reads: :func:`quick_weights`)."""
    from trustbridge.packaged import content_bytes

    raw = content_bytes(_FIRST)
    found = _read_weights(raw)
    path = _quick_path(raw)
    if not path.exists():
        _keep_quick(path, found)
    return found


@cache
def context_weights() -> Weights:
    """The second model: the first one's inputs and the passage read in context."""
    from trustbridge.packaged import content_bytes

    return _read_weights(content_bytes("crisis_context_weights.npz"))


_FIRST = "crisis_weights.npz"


class QuickWeights:
    """The first model as plain arrays, for a short note's check without NumPy (the quick
    path, ``crisis._quick``): the same weights, summed in double precision. A plain class:
    making a dataclass on import would cost more than the check it serves."""

    __slots__ = ("bias", "dense", "gate", "high", "slots", "values")

    def __init__(
        self, slots: array[int], values: array[float], dense: tuple[float, ...], bias: float,
        high: float, gate: float,
    ) -> None:  # fmt: skip
        self.slots = slots  # the slots that have a weight, ascending
        self.values = values  # their weights
        self.dense, self.bias, self.high, self.gate = dense, bias, high, gate

    def score(self, slots: Sequence[int], vector: Sequence[float], extra: list[float]) -> float:
        """:meth:`Weights.score`, for a passage's vector and :func:`extras`."""
        from bisect import bisect_left

        kept, count, sparse = self.slots, len(self.slots), 0.0
        for slot in slots:
            at = bisect_left(kept, slot)
            if at < count and kept[at] == slot:
                sparse += self.values[at]
        inputs = [*vector, *extra]
        if len(inputs) != len(self.dense):
            raise ValueError("the passage's vector does not fit the kept weights")
        dense = sum(map(float.__mul__, inputs, self.dense))
        return _combined(sparse, len(slots), dense, self.bias)


def _quick_path(raw: bytes) -> Path:
    """Where the first model is kept for the quick path: named by its file's checksum."""
    from trustbridge.cachedir import kept_folder

    digest = f"{zlib.crc32(raw):08x}{len(raw):x}"
    return Path(kept_folder()) / "crisis" / f"weights.{digest}.marshal"


def _keep_quick(path: Path, found: Weights) -> None:
    import numpy as np

    from trustbridge.content import keep_parsed

    slots = np.flatnonzero(found.sparse).astype(np.int32)
    keep_parsed(path, {
        "slots": slots.tobytes(), "values": found.sparse[slots].tobytes(),
        "dense": found.dense.tobytes(), "bias": found.bias, "high": found.high,
        "gate": found.gate,
    })  # fmt: skip


@cache
def quick_weights() -> QuickWeights | None:
    """The first model as :func:`weights` kept it, read without NumPy; ``None`` until kept,
    or when the kept copy cannot be read (the full path then decides)."""
    import marshal

    from trustbridge.packaged import content_bytes

    try:
        kept = marshal.loads(_quick_path(content_bytes(_FIRST)).read_bytes())
        slots, values, dense = array("i"), array("f"), array("f")
        slots.frombytes(kept["slots"])
        values.frombytes(kept["values"])
        dense.frombytes(kept["dense"])
        bias, high, gate = (float(kept[name]) for name in ("bias", "high", "gate"))
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None
    if len(slots) != len(values) or slots.itemsize != 4:
        return None
    return QuickWeights(slots, values, tuple(dense), bias, high, gate)


def worth_reading(first_score: float, seen: Seen) -> bool:
    """Whether a passage goes to the second model: the patterns or the semantic half found
    something in it, or the first model's score is above its gate (which 90 in 100 of the
    crisis lines it was trained on clear, and about 1 in 10 everyday ones)."""
    return seen.urgent or seen.gentle or first_score > weights().gate
