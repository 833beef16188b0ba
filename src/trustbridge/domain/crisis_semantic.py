"""The semantic half of the crisis check: how close each clause is, in meaning, to crisis talk.

Patterns catch the wording they were written for; people in crisis often say it another way
("ive been saving my tablets", "wrote letters for after"). This module compares each clause
with prototype phrasings (``content/crisis_prototypes.yaml``) as sentence embeddings, so
wording never seen before can still land near the crisis side.

The embeddings are WordLlama's (``l2_supercat``, 256 dimensions): a table of token vectors
averaged over a clause. Its wheel on PyPI carries the weights and the tokenizer, so nothing is
downloaded, ever. Only those two files are read, and the averaging is done here, because the
``wordllama`` module itself would try the network for a file it fails to find in its own
folder and configures the root logger when imported.

Loading happens on first use (the command line's quick check-in checks after it has saved
and said so) or in the background when the web server starts (``crisis.warm_up``). It is
kept short: the table of token vectors is memory-mapped from the wheel's file (only the rows
of words met are read), and the prototypes' vectors, which take a YAML parse and hundreds of
phrasings to work out, are kept in the user's cache folder, named by the bytes of the
prototypes file and of the model and by the NumPy that computed them (:func:`_sides`); they
are the very arrays a fresh computation gives, so the check's answers do not change.

Loading the tokenizer itself (its 1.8 MB JSON file, read into the Rust library) took longer
than all the rest of a short check. The words compared are made of plain letters and digits
only, and the tokenizer is a byte-pair encoder with no pre-tokenizer: a word becomes "▁word"
split into letters, and the adjacent pair of lowest rank among its merges is joined, again
and again. :func:`_split` does exactly that, from the word pieces and merges of those
characters, kept beside the prototypes' vectors; ``tests/unit/test_crisis_semantic.py``
checks it against the tokenizer on every word of the vocabulary and the labelled lines. A
word of other characters, or a very long one, still goes to the tokenizer, loaded then.

A few clauses are also compared without NumPy at all, whose import takes longer than the
rest of a short note's check: see the quick path at the end of this module.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import warnings
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustbridge.domain.regex_cache import compiled

if TYPE_CHECKING:
    import numpy as np
    from tokenizers import Tokenizer

_MODEL_PACKAGE = "wordllama"
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
#: a clause this much nearer the crisis side than the look-alike side is urgent (or gentle,
#: when told at a distance); tuned on the tuning half of tests/data/crisis and the look-alikes
#: in tests/unit/test_crisis.py only, never on the test half (docs/crisis-check.md)
URGENT_MARGIN = 0.18
#: and, to be urgent, this near the crisis side itself: a short clause far from both sides
#: ("first shift is next tuesday") can have a wide margin by chance
URGENT_NEARNESS = 0.45
#: clauses of fewer words are left to the patterns: their average is mostly noise
MIN_WORDS = 4
#: each side's score is the mean similarity to its closest prototypes; with the bank as broad
#: as it is, the single closest did best on the tuning half (3 and 5 were tried)
NEAREST = 1
#: words gathered at a time; bounds memory on very long texts (256 floats each)
_CHUNK_WORDS = 16_384
#: distinct words kept with their vectors (about 1 KiB each) before the cache starts again
_MAX_WORDS = 50_000
#: what the tokenizer puts before a word (its normaliser's "Prepend")
_WORD_START = "\u2581"
#: words split by :func:`_split`: plain letters and digits, as the check reduces text to
_PLAIN_WORD = re.compile("[a-z0-9]+")
#: a word piece or merge of such characters (and the word start)
_PLAIN_PIECE = re.compile("[a-z0-9\u2581]+")
#: longer words go to the tokenizer: :func:`_split` takes time growing with the square
_SPLIT_LONGEST = 48


@dataclass(frozen=True, slots=True)
class Closeness:
    """How near one clause is to each side: mean cosine similarity to its nearest prototypes."""

    crisis: float
    look_alike: float
    #: the kind of the nearest crisis prototype (its heading in the YAML file)
    kind: str

    @property
    def margin(self) -> float:
        return self.crisis - self.look_alike


def near_crisis(near: Closeness, slack: float = 0.0) -> bool:
    """Whether a clause counts as near the crisis side (:data:`URGENT_MARGIN` nearer it than
    the look-alikes, and :data:`URGENT_NEARNESS` near it), or would, with both bars lowered
    by ``slack``."""
    return near.margin >= URGENT_MARGIN - slack and near.crisis >= URGENT_NEARNESS - slack


class _Pieces:
    """The tokenizer's word pieces (-> token id) and merges ("left right" -> rank, lower
    first) made of plain characters (see the module notes), looked up by key.

    They are kept in :data:`_BUCKETS` groups by a checksum of the key, each a text of
    "key<tab>value" lines, and a key is looked for in its group's text: a short note looks
    up a few hundred keys, and reading all 56,000 into a dictionary would take longer than
    its whole check (reading each group met into one still took most of the comparison).
    """

    __slots__ = ("_groups",)

    def __init__(self, groups: Sequence[str]) -> None:
        if len(groups) != _BUCKETS or not all(isinstance(group, str) for group in groups):
            raise ValueError("word pieces kept in another layout")
        self._groups = tuple(groups)

    @classmethod
    def of(cls, values: Mapping[str, int]) -> _Pieces:
        grouped: list[list[str]] = [[] for _ in range(_BUCKETS)]
        for key, value in values.items():
            grouped[_bucket(key)].append(f"{key}\t{value}")
        return cls(["\n".join(lines) for lines in grouped])

    def get(self, key: str) -> int | None:
        group = self._groups[_bucket(key)]
        line = f"{key}\t"  # a key holds neither a tab nor a line end: this finds it whole
        if group.startswith(line):
            start = len(line)
        else:
            found = group.find(f"\n{line}")
            if found < 0:
                return None
            start = found + 1 + len(line)
        end = group.find("\n", start)
        return int(group[start:] if end < 0 else group[start:end])

    def kept(self) -> tuple[str, ...]:
        return self._groups


#: how many groups the word pieces are kept in (see :class:`_Pieces`)
_BUCKETS = 512


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode()) % _BUCKETS


@dataclass(slots=True)
class _Model:
    folder: Path  # the model's package folder
    table: np.ndarray  # token id -> vector (float16, as shipped)
    crisis: np.ndarray  # unit vectors, one per prototype
    look_alikes: np.ndarray
    kinds: tuple[str, ...]  # of each crisis prototype
    crisis_negated: np.ndarray  # whether each prototype says "not", "never", "dont"...
    look_alikes_negated: np.ndarray
    #: each word met so far: its row in ``word_table``, which holds the sum of its token
    #: vectors (rows past ``len(word_rows)`` are room to grow)
    word_rows: dict[str, int] = field(default_factory=dict)
    word_table: np.ndarray | None = None
    pieces: _Pieces | None = None
    #: loaded only for a word :func:`_split` does not take
    tokenizer: Tokenizer | None = None


def read_prototypes() -> dict[str, dict[str, list[str]]]:
    """The prototype phrasings: side (``crisis``, ``look_alikes``) -> kind -> phrasings."""
    import yaml

    from trustbridge.packaged import content_bytes

    text = content_bytes("crisis_prototypes.yaml").decode("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: ten times faster
    data: dict[str, dict[str, list[str]]] = yaml.load(text, Loader=loader)
    return data


#: the first check and the background warm-up may both ask for the model: one loads it
_LOADING = threading.Lock()


def _model() -> _Model:
    with _LOADING:
        return _load()


@cache
def _load() -> _Model:
    import numpy as np

    # Found, not imported: importing wordllama would load pydantic and set up logging
    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{_MODEL_PACKAGE} is not installed")
    folder = Path(spec.submodule_search_locations[0])
    if not folder.joinpath(*_TOKENIZER).is_file():
        raise OSError(f"{_MODEL_PACKAGE} has no tokenizer")
    table = _mapped_table(folder.joinpath(*_WEIGHTS))
    if table is None:  # not the layout expected: read the usual way
        from safetensors.numpy import load_file

        table = load_file(str(folder.joinpath(*_WEIGHTS)))["embedding.weight"]
    none = np.zeros(0, dtype=bool)
    bare = _Model(folder, table, table[:0], table[:0], (), none, none)
    return _sides(bare, folder)


#: the tokenizer is loaded once, by whichever thread first meets a word that needs it
_TOKENIZING = threading.Lock()


def _tokenizer(model: _Model) -> Tokenizer:
    with _TOKENIZING:
        if model.tokenizer is None:
            from tokenizers import Tokenizer

            model.tokenizer = Tokenizer.from_file(str(model.folder.joinpath(*_TOKENIZER)))
        return model.tokenizer


def _read_pieces(folder: Path) -> _Pieces:
    """The word pieces and merges of plain characters, from the tokenizer's own file."""
    import json

    data = json.loads(folder.joinpath(*_TOKENIZER).read_text(encoding="utf-8"))
    model = data["model"]
    if model["type"] != "BPE" or data.get("pre_tokenizer") is not None:
        raise ValueError("the tokenizer is not the byte-pair encoder expected")
    if any(model.get(name) for name in ("continuing_subword_prefix", "end_of_word_suffix",
                                         "ignore_merges", "dropout")):  # fmt: skip
        raise ValueError("the tokenizer is not the byte-pair encoder expected")
    # a piece holds no space and a merge one: they share one set of keys
    values = {piece: int(n) for piece, n in model["vocab"].items() if _PLAIN_PIECE.fullmatch(piece)}
    for rank, merge in enumerate(model["merges"]):  # a later duplicate wins, as in the tokenizer
        left, right = merge.split(" ") if isinstance(merge, str) else merge
        if _PLAIN_PIECE.fullmatch(left) and _PLAIN_PIECE.fullmatch(right):
            values[f"{left} {right}"] = rank
    return _Pieces.of(values)


def _split(word: str, pieces: _Pieces) -> list[int] | None:
    """The token ids the tokenizer gives ``word`` on its own; ``None`` when it is not made of
    plain letters and digits only, or too long (the tokenizer is asked then).

    Byte-pair encoding as the tokenizer does it: "▁" and the word's letters, then the
    adjacent pair with the lowest-ranked merge is joined (the leftmost of equals), until no
    adjacent pair has a merge.
    """
    if len(word) > _SPLIT_LONGEST or not _PLAIN_WORD.fullmatch(word):
        return None
    symbols = [_WORD_START, *word]
    ranks: dict[str, int | None] = {}  # each pair looked up once
    while len(symbols) > 1:
        best, at = -1, -1
        for i in range(len(symbols) - 1):
            pair = f"{symbols[i]} {symbols[i + 1]}"
            rank = ranks[pair] if pair in ranks else ranks.setdefault(pair, pieces.get(pair))
            if rank is not None and (best < 0 or rank < best):
                best, at = rank, i
        if at < 0:
            break
        symbols[at : at + 2] = [symbols[at] + symbols[at + 1]]
    ids = [pieces.get(symbol) for symbol in symbols]
    found = [n for n in ids if n is not None]
    # a piece outside the vocabulary: the tokenizer would fall back to bytes
    return found if len(found) == len(ids) else None


def _table_layout(path: Path) -> tuple[int, int, int] | None:
    """Where the token table lies in the safetensors file: (offset, rows, width) of its
    little-endian half floats. The file is an 8-byte header length, a JSON header naming each
    tensor's type, shape and byte range, then the bytes. ``None`` when it is not laid out so."""
    import json

    try:
        with path.open("rb") as handle:
            size = int.from_bytes(handle.read(8), "little")
            header = json.loads(handle.read(size))
        entry = header["embedding.weight"]
        start, end = entry["data_offsets"]
        rows, width = entry["shape"]
        if entry["dtype"] != "F16" or end - start != rows * width * 2:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return 8 + size + start, rows, width


def _mapped_table(path: Path) -> np.ndarray | None:
    """The token table memory-mapped from the safetensors file, read-only (``None`` when the
    file is not laid out as expected)."""
    import numpy as np

    layout = _table_layout(path)
    if layout is None:
        return None
    offset, rows, width = layout
    try:
        mapped: np.ndarray = np.memmap(
            path, dtype="<f2", mode="r", offset=offset, shape=(rows, width)
        )
    except (OSError, ValueError):
        return None
    return mapped


def _sides(bare: _Model, folder: Path) -> _Model:
    """The model with the prototypes' vectors: kept ones when made from these very files by
    this NumPy, else worked out (from the YAML file) and kept for the next run."""
    import marshal

    import numpy as np

    from trustbridge.packaged import content_bytes

    prototypes = content_bytes("crisis_prototypes.yaml")
    path = _kept_path(prototypes, folder)
    try:
        if path is None:
            raise OSError("the model's files cannot be looked at")
        kept: Any = marshal.loads(path.read_bytes())
        width = bare.table.shape[1]
        crisis_vectors = np.frombuffer(kept["crisis"], dtype=np.float32).reshape(-1, width)
        look_alike_vectors = np.frombuffer(kept["look_alikes"], dtype=np.float32).reshape(-1, width)
        kinds, crisis_negated, look_alikes_negated = (
            tuple(kept["kinds"]),
            np.frombuffer(kept["crisis_negated"], dtype=np.bool_),
            np.frombuffer(kept["look_alikes_negated"], dtype=np.bool_),
        )
        if not len(kinds) == len(crisis_vectors) == len(crisis_negated):
            raise ValueError("kept prototypes do not agree")
        if len(look_alike_vectors) != len(look_alikes_negated):
            raise ValueError("kept prototypes do not agree")
        pieces = _unpacked(kept["pieces"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        try:
            pieces = _read_pieces(folder)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pieces = None  # another kind of tokenizer: it splits every word itself
        bare.pieces = pieces
        sides = read_prototypes()
        kinds = tuple(kind for kind, phrasings in sides["crisis"].items() for _ in phrasings)
        crisis = [p for phrasings in sides["crisis"].values() for p in phrasings]
        look_alikes = [p for phrasings in sides["look_alikes"].values() for p in phrasings]
        crisis_vectors, look_alike_vectors = _embed(bare, crisis), _embed(bare, look_alikes)
        crisis_negated, look_alikes_negated = negated(crisis), negated(look_alikes)
        if path is not None:
            from trustbridge.content import keep_parsed

            keep_parsed(path, {
                "crisis": crisis_vectors.tobytes(), "look_alikes": look_alike_vectors.tobytes(),
                "kinds": kinds, "crisis_negated": crisis_negated.tobytes(),
                "look_alikes_negated": look_alikes_negated.tobytes(),
                "pieces": _packed(pieces),
            })  # fmt: skip
    # the words met while working the prototypes out stay known (``word_rows``): a clause's
    # vector is the same either way, each word's sum being worked out alike whenever met
    return _Model(bare.folder, bare.table, crisis_vectors, look_alike_vectors, kinds,
                  crisis_negated, look_alikes_negated,
                  bare.word_rows, bare.word_table, pieces, bare.tokenizer)  # fmt: skip


def _packed(pieces: _Pieces | None) -> tuple[str, ...] | None:
    return None if pieces is None else pieces.kept()


def _unpacked(kept: Any) -> _Pieces | None:
    return None if kept is None else _Pieces(kept)


def _kept_path(prototypes: bytes, folder: Path) -> Path | None:
    """Where the prototypes' vectors are kept: named by the checksum of the prototypes file,
    the model's tokenizer and table (their size, time and the install's own record of their
    hashes), and the NumPy and Python versions; ``None`` when the model's files cannot be
    looked at."""
    import sys
    import zlib

    from trustbridge.cachedir import kept_folder

    try:
        stamps = [_stamp(folder.joinpath(*part)) for part in (_TOKENIZER, _WEIGHTS)]
    except OSError:
        return None
    record = _record(folder)
    about = "|".join([*stamps, record, _numpy_version(), sys.version]).encode()
    digest = f"{zlib.crc32(prototypes):08x}{len(prototypes):x}.{zlib.crc32(about):08x}"
    base = kept_folder()
    return Path(base) / "crisis" / f"prototypes.{digest}.marshal"


def _numpy_version() -> str:
    """The installed NumPy's version, read from its install record's folder name
    (``numpy-2.4.6.dist-info``) without importing it: the quick path (:func:`quick_closeness`)
    finds the kept vectors by this name and must not load NumPy to do it. NumPy's own
    ``__version__`` when no such folder is found."""
    spec = importlib.util.find_spec("numpy")
    if spec is not None and spec.origin is not None:
        site = Path(spec.origin).parent.parent
        try:
            found = [info.name for info in site.glob("numpy-*.dist-info")]
        except OSError:
            found = []
        if len(found) == 1:  # two would leave it unclear which one is imported
            return found[0].removeprefix("numpy-").removesuffix(".dist-info")
    import numpy as np

    return np.__version__


def _stamp(path: Path) -> str:
    found = path.stat()
    return f"{path.name}:{found.st_size}:{found.st_mtime_ns}"


def _record(package: Path) -> str:
    """The installed package's RECORD (its files' SHA-256 hashes), or "" when not found."""
    try:
        for info in package.parent.glob(f"{package.name}-*.dist-info"):
            return (info / "RECORD").read_text(encoding="utf-8")
    except OSError:
        pass
    return ""


def _word_rows(model: _Model, words: Iterable[str]) -> dict[str, int]:
    """Row of each word in ``model.word_vectors``, tokenizing only the words new to it.

    A word is tokenized on its own (as "▁word", as the tokenizer sees a word after a space),
    so its token vectors can be summed once and reused: a clause's vector is the sum of its
    words' sums. Tokenizing word by word instead of whole texts also keeps long texts fast.
    Words of plain letters and digits are split here (:func:`_split`), the rest by the
    tokenizer.
    """
    import numpy as np

    rows = model.word_rows
    new = [w for w in dict.fromkeys(words) if w not in rows]
    if not new:
        return rows
    if len(rows) + len(new) > _MAX_WORDS:  # a bound on memory, whatever is written
        rows.clear()
    pieces = model.pieces
    found = [_split(word, pieces) if pieces else None for word in new]
    others = [word for word, ids in zip(new, found, strict=True) if ids is None]
    tokenized = iter(
        _tokenizer(model).encode_batch(others, add_special_tokens=False) if others else ()
    )
    split = [ids if ids is not None else list(next(tokenized).ids) for ids in found]
    needed = len(rows) + len(new)
    table = model.word_table
    if table is None or len(table) < needed or not rows:
        grown = np.zeros((max(1024, 2 * needed), model.table.shape[1]), dtype=np.float32)
        if table is not None and rows:
            grown[: len(rows)] = table[: len(rows)]
        table = model.word_table = grown
    counts = np.fromiter((len(ids) for ids in split), dtype=np.int64, count=len(new))
    ids = np.fromiter((i for word_ids in split for i in word_ids), dtype=np.int64)
    first = len(rows)
    table[first : first + len(new)] = np.add.reduceat(
        model.table[ids].astype(np.float32), np.cumsum(counts) - counts, axis=0
    )
    rows.update(zip(new, range(first, first + len(new)), strict=True))
    return rows


def _embed(model: _Model, clauses: Sequence[str]) -> np.ndarray:
    """One unit vector per clause: its mean token vector, normalised (zero when empty).

    Clauses of the same number of words are summed together in one gather, a few thousand
    words at a time: much faster on long texts than summing clause by clause.
    """
    import numpy as np

    split = [clause.split() for clause in clauses]
    rows = _word_rows(model, (w for words in split for w in words))
    lengths = np.fromiter((len(words) for words in split), dtype=np.int64, count=len(split))
    index = np.fromiter(
        (rows[w] for words in split for w in words), dtype=np.int64, count=int(lengths.sum())
    )
    starts = np.cumsum(lengths) - lengths
    out = np.zeros((len(clauses), model.table.shape[1]), dtype=np.float32)
    table = model.word_table
    if table is None:  # no words at all
        return out
    # sizes as a set, not np.unique: that imports numpy.ma, 7% of a check-in with a short note
    for size in sorted({len(words) for words in split} - {0}):
        chosen = np.flatnonzero(lengths == size)
        step = max(1, _CHUNK_WORDS // int(size))
        for first in range(0, len(chosen), step):
            some = chosen[first : first + step]
            words = index[starts[some][:, None] + np.arange(size)]
            out[some] = table[words].sum(axis=1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return unit


_NEGATION = compiled(r"\b(?:not|never|no|nothing|nobody|none|cannot|\w+nt)\b")


def negated(clauses: Sequence[str]) -> np.ndarray:
    """Whether each clause (lower case, apostrophes dropped) holds a word of negation."""
    import numpy as np

    return np.fromiter((bool(_NEGATION.search(c)) for c in clauses), dtype=bool, count=len(clauses))


def _same_polarity(similarity: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Similarities where clause and prototype agree on negation; -1 where they do not."""
    import numpy as np

    agree: np.ndarray = np.where(rows[:, None] == columns[None, :], similarity, -1.0)
    return agree


def _nearest(similarity: np.ndarray) -> np.ndarray:
    import numpy as np

    k = min(NEAREST, similarity.shape[1])
    top = np.partition(similarity, similarity.shape[1] - k, axis=1)[:, -k:]
    result: np.ndarray = top.mean(axis=1)
    return result


def closeness(clauses: Sequence[str]) -> list[Closeness]:
    """How near each clause (lower case, as the crisis check reduces text) is to each side.

    Empty when the model cannot be read (a damaged install): the patterns still run, and
    saving never depends on this.
    """
    if not clauses:
        return []
    try:
        model = _model()
    except (ImportError, OSError, ValueError, KeyError) as problem:
        warnings.warn(f"the crisis check's semantic half is unavailable: {problem}", stacklevel=2)
        return []
    vectors, said_not = _embed(model, clauses), negated(clauses)
    # An average of word vectors cannot see "not": "i feel safe at home" sits right by "i am
    # not safe at home". So each clause is compared only with prototypes of its polarity.
    to_crisis = _same_polarity(vectors @ model.crisis.T, said_not, model.crisis_negated)
    look_alikes = _same_polarity(vectors @ model.look_alikes.T, said_not, model.look_alikes_negated)
    crisis, look_alike = _nearest(to_crisis), _nearest(look_alikes)
    kinds = (model.kinds[i] for i in to_crisis.argmax(axis=1))
    return [
        Closeness(float(c), float(s), kind)
        for c, s, kind in zip(crisis, look_alike, kinds, strict=True)
    ]


def vectors(texts: Sequence[str]) -> np.ndarray | None:
    """Each text's average vector, unit length (``None`` when the model cannot be read)."""
    try:
        model = _model()
    except (ImportError, OSError, ValueError, KeyError) as problem:
        warnings.warn(f"the crisis check's semantic half is unavailable: {problem}", stacklevel=2)
        return None
    return _embed(model, texts)


def loaded() -> bool:
    """Whether the model is in memory already (for tests and benchmarks)."""
    info: Any = _load.cache_info()
    return bool(info.currsize)


# --- The quick path: a few clauses compared in plain Python ------------------------------
#
# Importing NumPy takes longer than the rest of a short note's check, and the check-in from
# the command line is meant to take under 150 ms as a whole process. For a few clauses the
# same sums are quick enough in plain Python: the token rows are read from the wheel's file
# as half floats (``struct``), and each prototype's similarity comes from ``math.dist``,
# which walks a vector in C and to double precision (for unit vectors u and p,
# |u - p|^2 = |u|^2 + |p|^2 - 2 u.p). The prototypes' vectors are the kept ones NumPy worked
# out (:func:`_sides`); until they are kept, the quick path gives way to NumPy. Its figures
# differ from NumPy's float32 ones by rounding only (under 1e-6 on every labelled line;
# ``tests/unit/test_crisis_quick.py``), and the check uses them only when every decision
# is further than :data:`QUICK_TOLERANCE` from its bar (``crisis._quick``).

#: how far a quick figure must be from a bar for the quick path to decide by it
QUICK_TOLERANCE = 1e-4


# Plain classes, not dataclasses: making a dataclass when the module is imported costs more
# than a short note's whole comparison, and these two are made once.


class _Side:
    """One side's prototypes as plain floats."""

    __slots__ = ("negated", "rows", "squares")

    def __init__(self, rows: list[tuple[float, ...]], negated: bytes) -> None:
        import math

        self.rows = rows
        self.squares = [math.hypot(*row) ** 2 for row in rows]  # each row's squared length
        self.negated = negated  # 1 where the prototype holds a word of negation


class _QuickModel:
    """WordLlama's table and the prototypes, for the quick path."""

    __slots__ = (
        "crisis", "kinds", "look_alikes", "offset", "pieces", "table", "token", "tokens", "words",
    )  # fmt: skip

    def __init__(
        self, table: Any, layout: tuple[int, int, int], sides: tuple[_Side, _Side],
        kinds: tuple[str, ...], pieces: _Pieces,
    ) -> None:  # fmt: skip
        import struct

        self.table = table  # the safetensors file, memory-mapped (``mmap.mmap``)
        # where the token table starts in it, its rows, and one row: half floats
        self.offset, self.tokens, width = layout
        self.token = struct.Struct(f"<{width}e")
        self.crisis, self.look_alikes = sides
        self.kinds = kinds
        self.pieces = pieces
        #: each word met so far: the sum of its token vectors
        self.words: dict[str, tuple[float, ...]] = {}


_QUICK_LOADING = threading.Lock()


def _quick_model() -> _QuickModel | None:
    with _QUICK_LOADING:
        return _load_quick()


def forget_quick() -> None:
    """Let go of what the quick path read (about 5 MiB, mostly the prototypes as floats): a
    restore looks at its recent entries once, then needs the memory for its search index."""
    _load_quick.cache_clear()


@cache
def _load_quick() -> _QuickModel | None:
    """WordLlama's table, memory-mapped, and the kept prototypes, read without NumPy;
    ``None`` when they were never kept (the full path keeps them) or anything is not as the
    full path expects, so that it decides and says what is wrong."""
    import marshal
    import mmap
    import struct

    from trustbridge.packaged import content_bytes

    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(spec.submodule_search_locations[0])
    weights = folder.joinpath(*_WEIGHTS)
    try:
        layout = _table_layout(weights)
        path = _kept_path(content_bytes("crisis_prototypes.yaml"), folder)
        if layout is None or path is None or not folder.joinpath(*_TOKENIZER).is_file():
            return None
        offset, tokens, width = layout
        kept: Any = marshal.loads(path.read_bytes())
        with weights.open("rb") as handle:
            table = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        pieces = _unpacked(kept["pieces"])
        crisis = _quick_side(kept["crisis"], kept["crisis_negated"], width)
        look_alikes = _quick_side(kept["look_alikes"], kept["look_alikes_negated"], width)
        kinds = tuple(kept["kinds"])
    except (OSError, ValueError, EOFError, TypeError, KeyError, struct.error):
        return None
    if pieces is None or len(table) < offset + tokens * width * 2:
        return None
    if len(kinds) != len(crisis.rows) or not crisis.rows or not look_alikes.rows:
        return None
    return _QuickModel(table, layout, (crisis, look_alikes), kinds, pieces)


def _quick_side(vectors: bytes, negated: bytes, width: int) -> _Side:
    import struct

    row = struct.Struct(f"<{width}f")
    if len(vectors) % row.size or len(vectors) // row.size != len(negated):
        raise ValueError("kept prototypes do not agree")
    rows = [row.unpack_from(vectors, at) for at in range(0, len(vectors), row.size)]
    return _Side(rows, bytes(negated))


def _quick_word(model: _QuickModel, word: str) -> tuple[float, ...] | None:
    """The sum of a word's token vectors (``None``: only the tokenizer can split it)."""
    known = model.words.get(word)
    if known is not None:
        return known
    ids = _split(word, model.pieces)
    if ids is None or not all(0 <= i < model.tokens for i in ids):
        return None
    size = model.token.size
    rows = [model.token.unpack_from(model.table, model.offset + i * size) for i in ids]
    if len(model.words) >= _MAX_WORDS:
        model.words.clear()
    summed = model.words[word] = (
        rows[0] if len(rows) == 1 else tuple(map(sum, zip(*rows, strict=True)))
    )
    return summed


def _quick_unit(model: _QuickModel, text: str) -> list[float] | None:
    """A text's mean token vector made unit length, as :func:`_embed` (zero when empty)."""
    import math

    words = []
    for word in text.split():
        vector = _quick_word(model, word)
        if vector is None:
            return None
        words.append(vector)
    if not words:
        return [0.0] * (model.token.size // 2)
    # each dimension added up word after word from 0.0, as before, in one pass (quicker)
    total = [sum(column, 0.0) for column in zip(*words, strict=True)]
    length = math.hypot(*total)
    return [x / length for x in total] if length > 0 else total


def _quick_similarities(
    unit: list[float], square: float, side: _Side, said_not: bool
) -> list[float]:
    """Cosine similarity with each prototype of the clause's polarity, -1 with the others
    (as :func:`_same_polarity`), each from one ``math.dist`` (``square``: the unit vector's
    squared length, as worked out, for the rounding to match)."""
    import math

    return [
        (square + row_square - math.dist(unit, row) ** 2) / 2 if negative == said_not else -1.0
        for row, row_square, negative in zip(side.rows, side.squares, side.negated, strict=True)
    ]


def _quick_nearest(similarities: list[float]) -> float:
    k = min(NEAREST, len(similarities))
    return sum(sorted(similarities)[-k:]) / k


def quick_closeness(clauses: Sequence[str]) -> list[Closeness] | None:
    """:func:`closeness` worked out in plain Python: the same figures to within rounding
    (see the notes above). ``None`` when it cannot be: the prototypes are not kept yet, the
    model is not as expected, or a word is one only the tokenizer splits."""
    if not clauses:
        return []
    units = quick_vectors(clauses)
    model = _quick_model()
    if units is None or model is None:
        return None
    import math

    found = []
    for clause, unit in zip(clauses, units, strict=True):
        said_not = bool(_NEGATION.search(clause))
        square = math.hypot(*unit) ** 2
        crisis = _quick_similarities(unit, square, model.crisis, said_not)
        look_alikes = _quick_similarities(unit, square, model.look_alikes, said_not)
        kind = model.kinds[crisis.index(max(crisis))]  # the first of equals, as argmax
        found.append(Closeness(_quick_nearest(crisis), _quick_nearest(look_alikes), kind))
    return found


def quick_vectors(texts: Sequence[str]) -> list[list[float]] | None:
    """:func:`vectors` worked out in plain Python (``None`` as for :func:`quick_closeness`)."""
    model = _quick_model()
    if model is None:
        return None
    found = []
    for text in texts:
        unit = _quick_unit(model, text)
        if unit is None:
            return None
        found.append(unit)
    return found
