"""An import's quick look at a row's values (``tables._passes``) only ever lets through what
the field rules (``domain.fields.clean``) accept and store exactly as they came: every other
value goes the long way, through ``clean``, which says what is wrong."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain.fields import Field, ValidationError, clean
from trustbridge.exchange.common import ExchangeError
from trustbridge.exchange.tables import _passes, row_rules

TODAY = dt.date(2026, 3, 14)
FIELDS = sorted(
    {field for rules in row_rules().values() for field in rules.fields}, key=lambda f: f.name
)
KEYS = sorted({key for field in FIELDS for key, _ in field.choices})
LABELS = sorted({label for field in FIELDS for _, label in field.choices})

_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\t\n", "a\x00b", "\ufffd", "\ud800", "ok\r\n", " padded "]),
    st.sampled_from(KEYS + LABELS).map(lambda key: key.upper() if len(key) % 2 else key),
    st.lists(st.sampled_from(KEYS), min_size=1, max_size=3).map(",".join),
    st.lists(st.sampled_from(KEYS), min_size=1, max_size=3).map(", ".join),
    st.integers(0, 22_000).map(lambda n: "w" * n),
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 20_000),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1899, 12, 25), dt.date(2037, 1, 1)),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)),
    _texts,
)


def _stored(field: Field, value: object) -> object:
    """What the rules accept the value as, in its stored form (``ValidationError`` if not)."""
    cleaned = clean((field,), {field.name: value}, TODAY, may_be_empty=True)[field.name]
    if field.kind == "choices" and value is not None:
        return ",".join(cleaned)  # type: ignore[arg-type]
    return cleaned if field.kind == "choice" else value


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(FIELDS), VALUES)
def test_a_value_let_through_is_one_the_rules_take_as_it_is(field: Field, value: object) -> None:
    if not _passes(field, TODAY)(value):
        return
    try:
        stored = _stored(field, value)
    except ValidationError as problem:
        raise AssertionError(f"{field.name}={value!r} let through, but: {problem}") from None
    assert stored == value or (stored is None and field.kind == "choice" and value is None)


def test_the_usual_values_are_let_through() -> None:
    """Else the quick look would save nothing: each kind's ordinary value passes it."""
    usual = {"text": "a walk", "longtext": "a walk\nand tea", "int": 3, "float": 7.5,
             "date": TODAY, "bool": True, "maybe": None}  # fmt: skip
    for field in FIELDS:
        if field.kind in ("choice", "choices"):
            value: object = field.choices[0][0]
        elif field.kind in ("int", "float") and field.lo is not None:
            value = field.lo
        else:
            value = usual[field.kind]
        assert _passes(field, TODAY)(value), field.name


TEXT_KINDS = ("text", "longtext", "choice", "choices")
PLAIN_TABLES = sorted(
    name for name, rules in row_rules().items() if rules.typed is None and rules.extra is None
)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(PLAIN_TABLES), st.data())
def test_a_row_comes_back_itself_exactly_when_every_value_passes(
    table: str, data: st.DataObject
) -> None:
    """An import tells a row the rules changed by identity (``is``): the row itself comes back
    when the quick look lets every value through, a new one otherwise, and the row given is
    never changed."""
    rules = row_rules()[table]
    row: dict[str, object] = {  # a text column holds text: the import checked that first
        f.name: data.draw(st.none() | _texts if f.kind in TEXT_KINDS else VALUES, label=f.name)
        for f in rules.fields
    }
    given_row = dict(row)
    every = all(_passes(f, TODAY)(row.get(f.name, f.default)) for f in rules.fields)
    try:
        checked = rules.check(row, str, TODAY)
    except ExchangeError:
        assert not every
        return
    assert (checked is row) is every
    assert row == given_row
