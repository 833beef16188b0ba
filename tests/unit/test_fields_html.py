"""Fields drawn by ``fields_html`` are the ones a loop over the ``field`` macro draws, whether
the form is blank (kept for the day) or holds values and problems (drawn each time)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain import relations as rel
from trustbridge.services.catalog import tool_specs
from trustbridge.web.forms import FormState
from trustbridge.web.render import make_templates
from trustbridge.web.trust_views import fresh

ENV = make_templates().env
LOOP = ENV.from_string(
    '{% from "_field.html" import field %}'
    "{% for f in fields %}{{ field(f, form, today, prefix, rows=rows) }}{% endfor %}"
)
FIELD_SETS = (rel.PERSON_FIELDS, rel.EVIDENCE_FIELDS, rel.EVIDENCE_FIELDS[1:], rel.PROMISE_FIELDS,
              rel.GUT_FIELDS, rel.BRIDGE_FIELDS, rel.RUNG_FIELDS)  # fmt: skip
DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))


def by_loop(fields: object, form: FormState, today: dt.date, prefix: str, rows: int) -> str:
    return LOOP.render(fields=fields, form=form, today=today, prefix=prefix, rows=rows)


@settings(max_examples=200, deadline=None)
@given(
    fields=st.sampled_from(FIELD_SETS),
    today=DAYS,
    prefix=st.sampled_from(("n", "e", "f")),
    rows=st.integers(1, 5),
    typed=st.dictionaries(st.sampled_from(("name", "kind", "note", "date", "what", "notes")),
                          st.text("ab <&\"'é", max_size=5), max_size=3),
    problems=st.dictionaries(st.sampled_from(("name", "date", "what")), st.just("Please fix"),
                             max_size=1),
    blank=st.booleans(),
)  # fmt: skip
def test_fields_html_draws_what_the_loop_draws(
    fields: tuple[object, ...], today: dt.date, prefix: str, rows: int,
    typed: dict[str, str], problems: dict[str, str], blank: bool,
) -> None:  # fmt: skip
    drawn = ENV.globals["fields_html"]
    start = fresh(fields, today)  # type: ignore[arg-type]
    form = start if blank else FormState({**start.values, **typed}, problems)
    expected = by_loop(fields, form, today, prefix, rows)
    assert drawn(fields, form, today, prefix, rows) == expected
    assert drawn(fields, form, today, prefix, rows) == expected  # kept, or drawn again


def test_a_blank_form_is_drawn_once_a_day_and_a_typed_one_never_kept() -> None:
    drawn = make_templates().env.globals["fields_html"]
    today = dt.date(2026, 12, 7)
    blank = fresh(rel.PERSON_FIELDS, today)
    first = drawn(rel.PERSON_FIELDS, blank, today, "n", 3)
    assert drawn(rel.PERSON_FIELDS, blank, today, "n", 3) is first
    moment = rel.EVIDENCE_FIELDS[1:]  # with a date, which starts at the day's
    tomorrow = today + dt.timedelta(days=1)
    assert drawn(moment, fresh(moment, tomorrow), tomorrow, "e", 3) != drawn(
        moment, fresh(moment, today), today, "e", 3
    )
    typed = FormState({**blank.values, "name": "Sam"})
    assert "Sam" in drawn(rel.PERSON_FIELDS, typed, today, "n", 3)
    assert all("Sam" not in kept for kept in drawn.blank.values())
    assert len(drawn.blank) == 3


TOOL_LOOP = ENV.from_string(
    '{% from "_field.html" import field %}'
    "{% for f in fields %}"
    '{{ field(f, form, today, datalist="emotion-words" if f.name in ("feeling", "emotion") '
    'else "") }}{% endfor %}'
)
TOOL_FORMS = tuple(spec.form_fields for spec in tool_specs().values())


@settings(max_examples=150, deadline=None)
@given(
    fields=st.sampled_from(TOOL_FORMS),
    today=DAYS,
    typed=st.dictionaries(st.sampled_from(("title", "body", "feeling", "emotion", "note", "text")),
                          st.text("ab <&\"'é", max_size=5), max_size=3),
    blank=st.booleans(),
)  # fmt: skip
def test_a_tools_form_is_what_its_loop_with_the_emotion_words_draws(
    fields: tuple[object, ...], today: dt.date, typed: dict[str, str], blank: bool
) -> None:
    """A tool's own form (every tool's fields and day), blank or typed in: its feeling and
    emotion boxes offer the emotion list, as the loop the tool page had drew them."""
    drawn = ENV.globals["fields_html"]
    start = fresh(fields, today)  # type: ignore[arg-type]
    form = start if blank else FormState({**start.values, **typed})
    expected = TOOL_LOOP.render(fields=fields, form=form, today=today)
    assert drawn(fields, form, today, emotions=True) == expected
    assert drawn(fields, form, today, emotions=True) == expected  # kept, or drawn again
