"""Crisis check: decide, offline and at once, whether what someone wrote calls for support."""

from __future__ import annotations

import math
import re
import threading
import unicodedata
import warnings
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any

from trustbridge.domain import crisis_learned
from trustbridge.domain.crisis_context import (
    at_a_distance,
    clause_spans,
    pinned,
    told_at_a_distance,
)
from trustbridge.domain.crisis_learned import Seen, hashed, passages
from trustbridge.domain.crisis_patterns import (
    IN_DANGER_PATTERNS,
    NO_WAY_OUT_PATTERNS,
    SELF_HARM_PATTERNS,
    SUICIDAL_PATTERNS,
)
from trustbridge.domain.crisis_patterns_indirect import (
    INDIRECT_DANGER,
    INDIRECT_NO_WAY_OUT,
    INDIRECT_SUICIDAL,
)
from trustbridge.domain.crisis_semantic import MIN_WORDS, Closeness, loaded, near_crisis
from trustbridge.domain.regex_cache import compiled, compiled_from

SUICIDAL_THOUGHTS = "suicidal thoughts"
SELF_HARM = "self-harm"
NO_WAY_OUT = "feeling there is no way out"
IN_DANGER = "being in danger"
#: every reason check_text can give, in the order it gives them
CATEGORIES = (SUICIDAL_THOUGHTS, SELF_HARM, NO_WAY_OUT, IN_DANGER)
#: the reason given when a clause is nearest to a crisis prototype of each kind
KIND_REASONS = {
    **dict.fromkeys(("direct", "means", "method", "plan", "goodbye", "slang"), SUICIDAL_THOUGHTS),
    **dict.fromkeys(("not_here", "burden", "hopeless"), NO_WAY_OUT),
    "self_harm": SELF_HARM,
    "danger": IN_DANGER,
}


URGENT = "urgent"
GENTLE = "gentle"


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """Whether to show crisis resources, and which kinds of wording led there.

    ``flagged`` is the urgent tier: full crisis resources at once. ``gentle`` is the quiet
    one: the subject came up told at a distance (a past come through, someone else's story,
    a documentary), so a "support is here" link is offered and nothing more. ``reasons``
    holds names from ``CATEGORIES`` only, never the person's own words, so a signal can be
    logged or shown without exposing what was written.
    """

    flagged: bool
    reasons: tuple[str, ...]
    gentle: bool = False

    @property
    def level(self) -> str:
        """``"urgent"``, ``"gentle"`` or ``""``: the tier, as pages pass it along."""
        return URGENT if self.flagged else GENTLE if self.gentle else ""


def _split_opening(pattern: str) -> tuple[str, str]:
    """Split a pattern into its opening run of plain characters and the regex after it."""
    size = 0
    while (
        size < len(pattern)
        and (pattern[size].isalnum() or pattern[size] in " '")
        and pattern[size + 1 : size + 2] not in ("?", "*", "+", "{")
    ):
        size += 1
    return pattern[:size], pattern[size:]


def _trie(branches: list[tuple[str, str]]) -> str:
    """Merge (opening, rest) pairs into one regex in which a shared opening is read once."""
    by_char: dict[str, list[tuple[str, str]]] = {}
    for opening, rest in branches:
        if opening:
            by_char.setdefault(opening[0], []).append((opening[1:], rest))
    parts = [re.escape(char) + _trie(group) for char, group in by_char.items()]
    parts += [f"(?:{rest})" for opening, rest in branches if not opening]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _build(patterns: Sequence[str]) -> str:
    """Join patterns into one regex that does real work only where a word starts.

    Every word follows exactly one space (see ``_normalise``), so the regex starts with a
    literal space that the engine can jump between quickly, and the patterns are merged
    into a trie on their plain openings, so most words are ruled out after a letter or two.
    This keeps a check of several megabytes well under a second.
    """
    branches = [_split_opening(pattern) for pattern in patterns]
    for opening, rest in branches:
        if not opening[:1].isalpha():
            raise ValueError(f"crisis pattern must open with a plain letter: {opening + rest!r}")
    return " " + _trie(branches)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    """:func:`_build`'s regex, compiled; both kept across runs (``regex_cache``): building
    the trie in Python takes longer than reading it back compiled."""
    return compiled_from(tuple(patterns), _build, _split_opening, _trie)


_PATTERNS = (
    SUICIDAL_PATTERNS + INDIRECT_SUICIDAL,
    SELF_HARM_PATTERNS,
    NO_WAY_OUT_PATTERNS + INDIRECT_NO_WAY_OUT,
    IN_DANGER_PATTERNS + INDIRECT_DANGER,
)
#: every pattern, of every reason
_ALL_PATTERNS = tuple(p for patterns in _PATTERNS for p in patterns)
#: beyond this length scanning for the openings costs more than running the regex once
_PREFILTER_LIMIT = 20_000


def _openings(patterns: Iterable[str]) -> tuple[str, ...]:
    """The plain openings of ``patterns``: every match starts with one of these, so text
    holding none of them needs no regex at all."""
    return tuple(sorted({" " + _split_opening(pattern)[0] for pattern in patterns}))


@cache
def _opening() -> re.Pattern[str]:
    """One regex finding any of the :func:`_openings` (merged into a trie, as :func:`_compile`
    does): it answers exactly as testing each opening in turn, a hundred times faster, and
    compiles in a few hundredths of a second where the whole rules take over a second; it
    is kept compiled across runs too (``regex_cache``), since every note is checked."""
    return compiled_from(_ALL_PATTERNS, _build_opening, _openings, _split_opening, _trie)


def _build_opening(patterns: Sequence[str]) -> str:
    return " " + _trie([(opening[1:], "") for opening in _openings(patterns)])


@cache
def _rules() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Compile the patterns on first need: it takes a few hundred milliseconds, and the quick
    check-in from the command line must start faster than that when nothing worrying was written."""
    per_reason = tuple(
        (reason, _compile(patterns)) for reason, patterns in zip(CATEGORIES, _PATTERNS, strict=True)
    )
    return _compile(_ALL_PATTERNS), per_reason


# Characters that would hide words from the patterns: look-alike quotes, dashes and spaces,
# accents, and invisible characters slipped inside words.
_LOOK_ALIKES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02bb\u00b4\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\uff02\u00ab\u00bb\u2039\u203a", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", " "),
    **dict.fromkeys("\u1680\u00a1\u00bf\u2022\u00b7", " "),
    **dict.fromkeys("\x85\u2028\u2029", "\n"),
}
_HIDDEN = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufe00-\ufe0f\ufeff"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # accents
)
_COMMON_LOOK_ALIKES = "\u2019\u2018\u201c\u201d\u2013\u2014"
_LOOK_ALIKE = compiled("[" + "".join(_LOOK_ALIKES) + "]")
# Written "[x][x]*", not "[x]+": a class up front lets the engine skip plain text quickly.
_HIDDEN_RUN = compiled(f"[{_HIDDEN}][{_HIDDEN}]*")
_HOMOGLYPH_CHARS = "аеорсухіјѕԁӏһԛԝοαινκτρευ"
_HOMOGLYPHS = str.maketrans(_HOMOGLYPH_CHARS, "aeopcyxijsdlhqwoaivktpeu")
_NON_ASCII_RUN = compiled("[^\x00-\x7f][^\x00-\x7f]*")
# Non-ASCII characters that can fold into the letters the patterns look for (accented and
# full-width letters, ligatures, letter-like and enclosed forms, mathematical letters), or
# that must be mapped or dropped. Anything else (other scripts, emoji) is a space to the
# patterns; in long text it is blanked before NFKD, which is faster and stops characters
# such as U+FDFA, one character that decomposes into eighteen, from blowing the text up.
_FOLDABLE = (
    "\u0080-\u024f\u1d00-\u1eff\u2000-\u218f\u2460-\u24ff\ufb00-\ufb06\uff00-\uffef"
    "\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff"
)
_KEPT = f"\x00-\x7f{_FOLDABLE}{_HIDDEN}{''.join(_LOOK_ALIKES)}"
_FOREIGN_RUN = compiled(f"[^{_KEPT}][^{_KEPT}]*")
_PLAIN_SWAPS = (
    ("-", " "),
    ("_", " "),
    ("`", "'"),
    ("\t", " "),
    # a line end ends a clause for telling distance (crisis_context.CLAUSE_BREAK), but the
    # patterns read across it: "i want to / die" written as two lines is still caught
    *((c, "\n") for c in "\r\v\f\x1c\x1d\x1e\x1f"),
)
# Digits and symbols standing in for letters ("k1ll", "$uicide", "su*cide", "d13"), changed
# only where they touch a letter, so most numbers stay as they are.
_LEET = compiled(
    r"[0134579@$!|*](?<![0134579@$!|*][0134579@$!|*])"  # only where a run starts: linear time
    r"(?:(?<=[a-z][0134579])[0134579]*+(?![a-z0-9])|[0134579@$!|*]*+(?=[a-z]))"
)
_LEET_TABLE = str.maketrans("0134579@$!|*", "oieastgasiii")
# Punctuation stuck to the next word ("ok.i", "(i", "/i") gets a space after it.
_GLUED = compiled(r"""[.,;:!?()"\[\]{}/\\<>*&+=~^%#|](?=[a-z])""")


@dataclass(slots=True)
class _Found:
    urgent: set[str]
    gentle: set[str]
    #: a pattern's urgent wording is tied to now or stands in a short clause (see ``pinned``)
    pinned: bool = False


# what the embeddings should not see: punctuation, and apostrophes (so "i'm" and "im" match)
_SEMANTIC_NOISE = compiled(r"[^a-z0-9 ]+")


# Text-speak spelled out, so "cant b here nemore" reads like "cant be here anymore"
_TEXTSPEAK = {
    "b": "be", "u": "you", "r": "are", "ur": "your", "nemore": "anymore", "nemor": "anymore",
    "every1": "everyone", "evry1": "everyone", "ne1": "anyone", "any1": "anyone",
    "some1": "someone", "no1": "no one", "abt": "about", "rn": "right now", "cuz": "because",
    "coz": "because", "bc": "because", "tmrw": "tomorrow", "tmr": "tomorrow",
    "2nite": "tonight", "2night": "tonight", "tonite": "tonight", "wud": "would",
    "cud": "could", "shud": "should", "gna": "gonna", "wana": "wanna", "nd": "and",
    # the commonest misspellings of the words that matter most
    "sucide": "suicide", "suicde": "suicide", "suiside": "suicide", "sucidal": "suicidal",
    "suicdal": "suicidal", "suisidal": "suicidal", "wnat": "want", "kil": "kill",
    "myslef": "myself", "dissapear": "disappear", "goodby": "goodbye", "agian": "again",
    "evrything": "everything", "cnt": "cant", "endin": "ending", "thinkin": "thinking",
}  # fmt: skip
_TEXTSPEAK_WORD = compiled(
    r"(?<![a-z0-9'])(?:" + "|".join(sorted(_TEXTSPEAK, key=len, reverse=True)) + r"|2(?= [a-z]))"
    r"(?![a-z0-9'])"
)


def _spell_out(found: re.Match[str]) -> str:
    return _TEXTSPEAK.get(found.group(), "to")


def _plain_look_alike(found: re.Match[str]) -> str:
    return _LOOK_ALIKES[found.group()]


def _unleet(found: re.Match[str]) -> str:
    return found.group().translate(_LEET_TABLE)


def _unglue(found: re.Match[str]) -> str:
    return found.group() + " "


def _fold(text: str) -> str:
    """Fold non-ASCII text towards plain lower-case ASCII.

    NFKD turns compatibility forms (full-width letters, ligatures) into plain letters and
    splits accents off so they can be dropped with invisible characters; NFKC recomposes
    whatever is left.
    """
    text = _HIDDEN_RUN.sub("", unicodedata.normalize("NFKD", text))
    text = _LOOK_ALIKE.sub(_plain_look_alike, text)
    return unicodedata.normalize("NFKC", text.casefold())


def _fold_run(found: re.Match[str]) -> str:
    # Letters borrowed from other alphabets to hide a word ("kіll" with a Cyrillic i) only
    # matter inside otherwise English text, so they are mapped back in sparse runs only.
    return _fold(found.group()).translate(_HOMOGLYPHS)


def _to_ascii(text: str) -> str:
    """Fold text to ASCII; what cannot be folded (emoji, other scripts) becomes a space.

    Such characters cannot be part of the English patterns, and pure ASCII keeps every
    later step on Python's fast paths.
    """
    for common in _COMMON_LOOK_ALIKES:  # cheaper than a regex call for each of them
        text = text.replace(common, _LOOK_ALIKES[common])
    if text.isascii():
        return text
    # Short, or mostly English with the odd emoji or accent: fold only the non-ASCII runs.
    # Long and mostly in another script: fold the whole text in one go.
    unfolded = len(text) - len(text.encode("ascii", "ignore"))
    if len(text) < 20_000 or unfolded < len(text) // 50:
        text = _NON_ASCII_RUN.sub(_fold_run, text)
    else:
        text = _fold(_FOREIGN_RUN.sub(" ", text))
    return _NON_ASCII_RUN.sub(" ", text)


def _normalise(text: str) -> str:
    """Fold text to one plain form so the same words always look the same to the patterns."""
    text = _to_ascii(text).lower()
    for old, new in _PLAIN_SWAPS:
        text = text.replace(old, new)
    text = _TEXTSPEAK_WORD.sub(_spell_out, text)
    text = _LEET.sub(_unleet, f" {text} ")
    text = _GLUED.sub(_unglue, text).replace(" '", " ' ")
    while "  " in text:
        text = text.replace("  ", " ")
    if "\n" in text:  # one separator between words: a line end wins over a space
        for run, one in ((" \n", "\n"), ("\n ", "\n"), ("\n\n", "\n")):
            while run in text:
                text = text.replace(run, one)
    return text


def _pattern_reasons(plain: str, clauses: list[tuple[int, int]], found: _Found) -> None:
    """Add what the patterns find in reduced text: urgent, or gentle when told at a distance."""
    if len(plain) <= _PREFILTER_LIMIT and _opening().search(plain) is None:
        return  # the usual case for a short note: no worrying word even begins here
    any_rule, rules = _rules()
    first = any_rule.search(plain)
    if first is None:  # the usual case for long text: one pass over it and done
        return
    starts = [start for start, _ in clauses]
    for reason, rule in rules:
        for match in rule.finditer(plain, first.start()):
            # a match begins with the space before its first word, and where a line end or a
            # "but" ends the clause before, that space is the end of it: the clause is the one
            # the first word is in ("survivor" on the line above is not this clause's past)
            word = match.start() + (plain[match.start()] == " ")
            clause = clauses[bisect_right(starts, word) - 1]
            if not at_a_distance(plain, clause, match.span()):
                found.urgent.add(reason)
                found.pinned |= pinned(plain, clause, match.span())
                if found.pinned:  # nothing more to learn from this reason's other matches
                    break
            elif reason not in found.urgent:
                found.gentle.add(reason)


def _pieces(plain: str, clauses: list[tuple[int, int]]) -> list[str]:
    """The clauses the semantic half looks at: plain words, apostrophes dropped, long enough."""
    pieces = (
        _SEMANTIC_NOISE.sub(" ", plain[start:end].replace("'", "")).strip()
        for start, end in clauses
    )
    return [piece for piece in pieces if len(piece.split()) >= MIN_WORDS]


def _semantic_reasons(owned: dict[str, list[_Found]]) -> dict[str, Closeness]:
    """Compare each distinct clause once with the prototype phrasings; tell each owner.

    Returns how near each clause was (empty when the model cannot be read).
    """
    from trustbridge.domain.crisis_semantic import closeness

    kept = list(owned)  # each distinct clause once: texts repeat themselves more than one thinks
    nearness = closeness(kept)
    if not nearness:  # nothing long enough, or the model cannot be read: the patterns decide
        return {}
    for piece, near in zip(kept, nearness, strict=True):
        if not near_crisis(near):
            continue
        told_apart = told_at_a_distance(f" {piece} ")
        for found in owned[piece]:
            (found.gentle if told_apart else found.urgent).add(KIND_REASONS[near.kind])
    return dict(zip(kept, nearness, strict=True))


@dataclass(slots=True)
class _Passage:
    """A few sentences of one text, as the learned layer reads them, and what was found there."""

    found: _Found
    words: list[str]
    pieces: list[str]
    lines: str  # the passage in the check's reduced form, with its line ends

    @property
    def plain(self) -> str:
        """The passage on one line, as the transformer reads it."""
        return self.lines.replace("\n", " ")


def _read(
    entries: Iterable[Iterable[str | None]],
) -> tuple[list[list[list[_Passage]]], dict[str, list[_Found]]]:
    """Each entry's texts, each cut into passages with what the patterns found in each, and
    the clauses the semantic half is to compare."""
    read: list[list[list[_Passage]]] = []
    owned: dict[str, list[_Found]] = {}
    for texts in entries:
        mine: list[list[_Passage]] = []
        read.append(mine)
        for text in texts:
            if not text or text.isspace():
                continue
            mine.append([_passage(lines, owned) for lines in passages(_normalise(text))])
    return read, owned


def _passage(lines: str, owned: dict[str, list[_Found]]) -> _Passage:
    """One passage (the check's reduced form) with what the patterns found in it; its clauses
    join ``owned``, for the semantic half to compare."""
    found = _Found(set(), set())
    clauses = clause_spans(lines)
    plain = lines.replace("\n", " ")  # the same offsets, one space between words
    _pattern_reasons(plain, clauses, found)
    pieces = _pieces(plain, clauses)
    for piece in pieces:
        owned.setdefault(piece, []).append(found)
    words = _SEMANTIC_NOISE.sub(" ", plain.replace("'", "")).split()
    return _Passage(found, words, pieces, lines.strip())


def _units(chosen: list[_Passage]) -> list[list[tuple[_Passage, list[int], Seen]]]:
    """Each passage's sentences (``crisis_learned.units``; none for a passage of one), each
    read as a passage of its own: what the patterns and semantic half saw in it alone, and
    its feature slots, ready for the second model (their ``context`` still to be read)."""
    from trustbridge.domain.crisis_semantic import vectors

    owned: dict[str, list[_Found]] = {}
    cut = [[_passage(u, owned) for u in crisis_learned.units(f" {p.lines} ")] for p in chosen]
    flat = [u for us in cut for u in us]
    if not flat:
        return [[] for _ in chosen]
    near = _semantic_reasons(owned)
    found = vectors([" ".join(u.words) for u in flat])
    if found is None:
        raise RuntimeError("the crisis check's semantic half is unavailable")
    each = iter(zip(flat, found, strict=True))
    return [
        [(u, hashed(u.words), _seen(u, vector, near)) for u, vector in islice(each, len(us))]
        for us in cut
    ]


def _seen(passage: _Passage, vector: Any, near: dict[str, Closeness]) -> Seen:
    best = _nearest(passage, near)
    return Seen(
        vector,
        best.crisis if best else 0.0,
        best.look_alike if best else 0.0,
        bool(passage.found.urgent),
        bool(passage.found.gentle),
        pinned=passage.found.pinned,
    )


def _nearest(passage: _Passage, near: dict[str, Closeness]) -> Closeness | None:
    scored = [near[p] for p in passage.pieces if p in near]
    return max(scored, key=lambda n: n.margin) if scored else None


def _flat(read: list[list[list[_Passage]]]) -> list[_Passage]:
    return [p for entry in read for text in entry for p in text]


def passage_inputs(
    texts: Iterable[str], *, in_context: bool = False
) -> list[list[tuple[list[int], Seen]]]:
    """What the learned layer is given for each text: per passage, its feature slots and what
    the patterns and semantic half saw, with the passage read in context when ``in_context``
    (``bench/crisis_train.py`` trains both models on exactly this)."""
    from dataclasses import replace

    from trustbridge.domain import crisis_encoder
    from trustbridge.domain.crisis_semantic import vectors

    read, owned = _read([t] for t in texts)
    near = _semantic_reasons(owned)
    flat = _flat(read)
    found = vectors([" ".join(p.words) for p in flat])
    if found is None:
        raise RuntimeError("the crisis check's semantic half is unavailable")
    seen = [_seen(p, v, near) for p, v in zip(flat, found, strict=True)]
    if in_context:
        read_in_context = crisis_encoder.encode([p.plain for p in flat])
        seen = [replace(s, context=c) for s, c in zip(seen, read_in_context, strict=True)]
    each = iter(zip(flat, seen, strict=True))
    return [
        [(hashed(p.words), s) for text in entry for p, s in islice(each, len(text))]
        for entry in read
    ]


def unit_inputs(texts: Iterable[str]) -> list[list[tuple[list[int], Seen]]]:
    """For each passage of the texts, in order: its sentences as the second model reads them
    on their own (``crisis_learned.units``; none for a passage of one sentence), each with its
    feature slots and what was seen in it, read in context (``bench/crisis_train.py``)."""
    from dataclasses import replace

    from trustbridge.domain import crisis_encoder

    read, _ = _read([t] for t in texts)
    cut = _units(_flat(read))
    flat = [u for us in cut for u in us]
    vectors = crisis_encoder.encode([u.plain for u, _, _ in flat])
    each = iter(zip(flat, vectors, strict=True))
    return [
        [(slots, replace(seen, context=c)) for (_, slots, seen), c in islice(each, len(us))]
        for us in cut
    ]


@dataclass(slots=True)
class _Weighed:
    """One passage as the learned layer weighed it."""

    passage: _Passage
    seen: Seen
    slots: list[int]
    first: float  # the first model's score; -inf when too short to weigh
    second: float | None = None  # the second model's, when it read the passage
    #: the second model's best score for one of the passage's sentences read on its own
    #: (``None``: it read none, the passage being of one sentence or beyond the budget)
    sentence: float | None = None


def _weighed(read: list[list[list[_Passage]]], near: dict[str, Closeness]) -> list[_Weighed] | None:
    """Every passage with the first model's score (``None``: the layer cannot run)."""
    from trustbridge.domain.crisis_semantic import vectors

    flat = _flat(read)
    try:
        found = vectors([" ".join(p.words) for p in flat])
        if found is None:
            return None
        first = crisis_learned.weights()
    except (OSError, ValueError, KeyError) as problem:
        warnings.warn(f"the crisis check's learned layer is unavailable: {problem}", stacklevel=4)
        return None
    out = []
    for passage, vector in zip(flat, found, strict=True):
        seen = _seen(passage, vector, near)
        if len(passage.words) < crisis_learned.MIN_WORDS:
            out.append(_Weighed(passage, seen, [], -math.inf))  # the other signals decide
        else:
            slots = hashed(passage.words)
            out.append(_Weighed(passage, seen, slots, first.score(slots, seen)))
    return out


def _in_context(weighed: list[_Weighed]) -> bool:
    """Let the second model read the passages worth it; whether it could.

    At most :data:`crisis_learned.CONTEXT_BUDGET` passages and sentences are read in one
    check (an import checks thousands of entries at once): passages the patterns flagged
    first, then those the other signals noticed, then by the first model's score, each with
    its sentences read on their own (``crisis_learned.units``) while the budget lasts. The
    first model decides for the rest, as it does where the encoder is not installed.
    """
    from dataclasses import replace

    from trustbridge.domain import crisis_encoder

    if not crisis_encoder.available():
        return False
    worth = [w for w in weighed if w.slots and crisis_learned.worth_reading(w.first, w.seen)]
    worth.sort(key=lambda w: (w.seen.urgent, w.seen.gentle, w.first), reverse=True)
    try:
        second = crisis_learned.context_weights()
        chosen, sentences = _budgeted(worth, math.isfinite(second.sentence_high))
        read_in_context = iter(
            crisis_encoder.encode(
                [w.passage.plain for w in chosen] + [u.plain for us in sentences for u, _, _ in us]
            )
        )
    except (OSError, ValueError, KeyError, RuntimeError) as problem:
        warnings.warn(
            f"the crisis check's in-context reading is unavailable: {problem}", stacklevel=4
        )
        return False
    for w, vector in zip(chosen, read_in_context, strict=False):
        w.second = second.score(w.slots, replace(w.seen, context=vector))
    for w, us in zip(chosen, sentences, strict=True):
        for (_, slots, seen), vector in zip(us, read_in_context, strict=False):
            score = second.score(slots, replace(seen, context=vector))
            w.sentence = score if w.sentence is None else max(w.sentence, score)
    return True


def _budgeted(
    worth: list[_Weighed], every: bool
) -> tuple[list[_Weighed], list[list[tuple[_Passage, list[int], Seen]]]]:
    """The passages to read in context, most worth it first, each with its sentences to read
    on their own, within :data:`crisis_learned.CONTEXT_BUDGET` readings in all: a passage
    whose sentences do not fit is read whole only. Sentences are read for ``every`` passage
    (when a sentence may raise an alarm of its own), or only where they decide whether a
    pattern's alarm may be overruled (:func:`_sentences_decide`)."""
    chosen: list[_Weighed] = []
    sentences: list[list[tuple[_Passage, list[int], Seen]]] = []
    left = crisis_learned.CONTEXT_BUDGET
    worth = worth[:left]
    wanted = [every or _sentences_decide(w.passage) for w in worth]
    cut = iter(_units([w.passage for w, want in zip(worth, wanted, strict=True) if want]))
    for w, want in zip(worth, wanted, strict=True):
        if left < 1:
            break
        mine = next(cut) if want else []
        if 1 + len(mine) > left:
            mine = []
        chosen.append(w)
        sentences.append(mine)
        left -= 1 + len(mine)
    return chosen, sentences


def _sentences_decide(passage: _Passage) -> bool:
    """Whether the passage's sentences, read on their own, decide if a pattern's alarm in it
    may be overruled (``Weights.overruled``): a longer or multi-line passage with an alarm
    that is not pinned."""
    found = passage.found
    long = "\n" in passage.lines or len(passage.lines.split()) > crisis_learned.VETO_WORDS
    return long and bool(found.urgent) and not found.pinned


def _learned(
    read: list[list[list[_Passage]]], near: dict[str, Closeness], in_context: bool
) -> list[CrisisSignal] | None:
    """Each entry's signal with the learned layer's say in it (``None``: it cannot run, or
    has nothing long enough to weigh).

    With the second model, a passage it read is urgent when its score clears the bar (or one
    of its sentences, read on its own, clears the sentences' bar), and a pattern's alarm
    becomes the quiet link when the model is sure it is not crisis (its score under a lower
    bar), unless that alarm may not be overruled (``Weights.overruled``). For passages it did
    not read, and everywhere when it cannot run, the first model may only add alarms.
    """
    if all(len(p.words) < crisis_learned.MIN_WORDS for p in _flat(read)):
        return None  # nothing long enough to weigh, so no alarm to add: its model need not load
    weighed = _weighed(read, near)
    if weighed is None:
        return None
    first = crisis_learned.weights()
    second = crisis_learned.context_weights() if in_context and _in_context(weighed) else None
    each = iter(weighed)
    signals = []
    for entry in read:
        said, added = _Found(set(), set()), set()
        for text in entry:  # each text on its own, as the patterns read them
            for w in [next(each) for _ in text]:
                found = w.passage.found
                overruled = False
                if second is not None and w.second is not None:
                    alarm = second.urgent(w.second, len(text)) or (
                        w.sentence is not None and second.sentence_urgent(w.sentence, len(text))
                    )
                    overruled = not found.pinned and second.overruled(
                        w.second, w.passage.lines, w.sentence
                    )
                else:  # not read in context: the first model may only add an alarm
                    alarm = first.urgent(w.first, len(text))
                if alarm:
                    nearest = _nearest(w.passage, near)
                    added |= (found.urgent | found.gentle) or {
                        KIND_REASONS[nearest.kind] if nearest else SUICIDAL_THOUGHTS
                    }
                elif overruled:
                    said.gentle.update(found.urgent)  # read in context: the quiet link at most
                else:
                    said.urgent.update(found.urgent)
                said.gentle.update(found.gentle)
        signals.append(_decided(said, added))
    return signals


def _decided(said: _Found, added: set[str]) -> CrisisSignal:
    """The tier and reasons, with the learned layer's alarms (``added``, their reasons) in."""
    urgent = said.urgent | added
    kept = urgent or said.gentle
    reasons = tuple(reason for reason in CATEGORIES if reason in kept)
    return CrisisSignal(flagged=bool(urgent), reasons=reasons, gentle=not urgent and bool(reasons))


_warming: threading.Thread | None = None
_warming_started = threading.Lock()


def warm_up() -> threading.Thread:
    """Compile the patterns and load the model in a background thread (the web server does
    this when it starts), so the first save is as quick as any other. Once a process: what
    it loads is kept for the process's life, so a later call returns the same thread."""
    global _warming
    from trustbridge.domain.crisis_semantic import closeness

    def both() -> None:
        from trustbridge.domain import crisis_encoder

        _rules()
        closeness(["warm up the check"])
        crisis_learned.weights()
        if crisis_encoder.available():
            crisis_encoder.encode(["warm up the check"])
            crisis_learned.context_weights()

    with _warming_started:
        if _warming is None:
            _warming = threading.Thread(target=both, name="crisis-check-warm-up", daemon=True)
            _warming.start()
        return _warming


def check_many(
    entries: Iterable[Iterable[str | None]], *, in_context: bool = True
) -> list[CrisisSignal]:
    """:func:`check_text` for many entries at once: the same answers, but the semantic half
    compares all their clauses in one go, which is many times faster.

    An import, which only counts the entries that sounded like crisis, passes
    ``in_context=False``: the sentence encoder reads about 80 passages a second, too slow
    for a hundred thousand entries, so the first model decides alone, as it does where the
    encoder is not installed: the count then holds more false alarms, and misses some of
    the indirect wording the encoder would have caught (docs/crisis-check.md has the figures).
    """
    read, owned = _read(entries)
    near = _semantic_reasons(owned)
    decided = _learned(read, near, in_context)
    if decided is not None:
        return decided
    signals = []
    for entry in read:  # without the model, the patterns decide as they always did
        said = _Found(set(), set())
        for passage in (p for text in entry for p in text):
            said.urgent.update(passage.found.urgent)
            said.gentle.update(passage.found.gentle)
        signals.append(_decided(said, set()))
    return signals


def count_flagged(entries: Iterable[Sequence[str | None]]) -> int:
    """How many entries :func:`check_many` flags with ``in_context=False`` (as an import
    checks), without loading NumPy for entries the quick look (:func:`_quick`) finds calm.

    A restore checks the entries of its last days only, and loading the model for them
    would take more memory than all the rest of it. :func:`_quick` says "calm" only where
    the full check would too; every other entry is checked as ever, all together in one go.
    The quick look costs a few milliseconds an entry, so past :data:`QUICK_IMPORT_CHARACTERS`
    of text the rest go to the full check as well (NumPy is then worth loading). What the
    quick look read is let go afterwards (``forget_quick``): an import counts once.
    """
    from trustbridge.domain.crisis_semantic import forget_quick

    rest: list[Sequence[str | None]] = []
    budget = 0 if loaded() else QUICK_IMPORT_CHARACTERS  # loaded: the full check is quicker
    for texts in entries:
        budget -= sum(len(text) for text in texts if text)
        if budget < 0 or _quick(texts) is None:
            rest.append(texts)
    forget_quick()
    return sum(signal.flagged for signal in check_many(rest, in_context=False)) if rest else 0


def check_text(*texts: str | None) -> CrisisSignal:
    """Check any number of texts for wording that suggests crisis.

    Each text is checked on its own (``None`` and empty texts are skipped) and the reasons
    found are merged, in the order of ``CATEGORIES``. The check only decides whether to show
    crisis resources; it never stops text from being saved.

    The stance, chosen because a gentle offer of support that was not needed costs little
    and a missed crisis costs a great deal:

    - Explicit words still count when negated: "I am not suicidal" and "I would never hurt
      myself" are flagged. Telling real reassurance from a half-hearted one is beyond a
      pattern check.
    - Mentions of suicide count whoever they are about and whenever it happened, so writing
      about a friend's attempt years ago is flagged too. Only fixed idioms ("Suicide Squad",
      "career suicide") are left out.
    - Everyday figures of speech are not flagged: "this workout is killing me", "I'd die of
      embarrassment", "dying to see it", "I killed the spider", "cut myself a slice".
    - Threats from someone else ("he will kill me") are flagged even when they may be a
      figure of speech; past hurts told as history ("he hit me when I was small") are not.

    :param texts: the pieces of text one entry is made of, such as its fields.
    :return: a signal whose ``reasons`` are category names, never the person's words.
    """
    # once the full model is in memory (the web server loads it when it starts), it is the quicker
    quick = None if loaded() else _quick(texts)
    return quick if quick is not None else check_many([texts])[0]


#: the most text :func:`count_flagged` looks at quickly: about a second's work, about what
#: the last month of a busy journal holds
QUICK_IMPORT_CHARACTERS = 60_000
#: the most distinct clauses a text may have for :func:`_quick`: each takes about a
#: millisecond there, and past this many importing NumPy costs less than the comparisons
QUICK_CLAUSES = 16
#: a text longer than this has more than :data:`QUICK_CLAUSES` clauses anyway, and goes
#: straight to the full check rather than have its patterns run twice
QUICK_CHARACTERS = 4_000
#: how far a passage's quick score must be from the first model's bars for :func:`_quick` to
#: decide by it (quick scores differ from NumPy's by rounding, under 4e-6 on every labelled line)
QUICK_SCORE_TOLERANCE = 1e-3


def _quick(texts: Sequence[str | None]) -> CrisisSignal | None:
    """The answer for a text with nothing worrying in it, worked out without NumPy; ``None``
    whenever it is not surely "nothing", and the full check then decides.

    Importing NumPy takes longer than all the rest of a short note's check, and a check-in
    from the command line is meant to take under 150 ms as a whole process. Here the
    patterns run as always, and the semantic half and the first model's scores are worked
    out in plain Python (``crisis_semantic.quick_closeness``, ``crisis_learned.QuickWeights``):
    the same sums, in double precision where NumPy works in single, so they differ by
    rounding only. The answer is "nothing" only when nothing was found and each figure is
    clear of its bar by far more than rounding could move it: no pattern matched, no
    clause is within ``crisis_semantic.QUICK_TOLERANCE`` of counting as near crisis, which
    clause is a passage's nearest is plain, and each passage's score is
    :data:`QUICK_SCORE_TOLERANCE` below the first model's alarm and, where the transformer
    is installed, below the gate to it (the passage would be read in context). Anything
    else (a worry found or nearly found, a long text, copies not yet kept) goes to the full
    check, so the answer is always the one it gives.
    """
    from trustbridge.domain.crisis_semantic import QUICK_TOLERANCE, quick_closeness, quick_vectors

    if sum(len(text) for text in texts if text) > QUICK_CHARACTERS:
        return None
    read, owned = _read([texts])
    flat = _flat(read)
    if len(owned) > QUICK_CLAUSES or any(p.found.urgent or p.found.gentle for p in flat):
        return None
    nearness = quick_closeness(list(owned))
    if nearness is None or any(near_crisis(n, QUICK_TOLERANCE) for n in nearness):
        return None
    calm = CrisisSignal(flagged=False, reasons=())
    if all(len(p.words) < crisis_learned.MIN_WORDS for p in flat):
        return calm  # nothing for the learned layer to weigh
    from trustbridge.domain import crisis_encoder

    near = dict(zip(owned, nearness, strict=True))
    first = crisis_learned.quick_weights()
    found = quick_vectors([" ".join(p.words) for p in flat])
    if first is None or found is None:
        return None
    gate = first.gate if crisis_encoder.available() else math.inf
    vectors = iter(found)
    for text in read[0]:
        highest = min(crisis_learned.bar(first.high, len(text)), gate) - QUICK_SCORE_TOLERANCE
        for passage, vector in zip(text, vectors, strict=False):
            if len(passage.words) < crisis_learned.MIN_WORDS:
                continue
            score = _quick_score(passage, vector, near, first)
            if score is None or score >= highest:
                return None
    return calm


def _quick_score(
    passage: _Passage,
    vector: list[float],
    near: dict[str, Closeness],
    first: crisis_learned.QuickWeights,
) -> float | None:
    """The first model's score for a passage of the quick path, as :func:`_weighed` gives it
    (nothing was found in it); ``None`` when two of its clauses are so nearly tied for the
    nearest (:func:`_nearest`) that rounding might choose the other, or the kept weights do
    not fit."""
    from trustbridge.domain.crisis_semantic import QUICK_TOLERANCE

    best = _nearest(passage, near)
    if best is None:
        crisis = look_alike = 0.0
    elif any(
        near[p] != best and abs(near[p].margin - best.margin) <= 2 * QUICK_TOLERANCE
        for p in passage.pieces
        if p in near
    ):
        return None
    else:
        crisis, look_alike = best.crisis, best.look_alike
    extra = crisis_learned.extras(crisis, look_alike, urgent=False, gentle=False)
    try:
        return first.score(hashed(passage.words), vector, extra)
    except ValueError:
        return None
