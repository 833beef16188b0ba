"""The Markdown copy's quick ways with dates, times and escaping give exactly what the plain
ways give: a day as ``day_words`` says it, a time as ``%H:%M``, a line translated in full."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.domain.words import day_words
from trustbridge.exchange import markdown


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_a_day_reads_as_day_words_says_it(day: dt.date) -> None:
    assert markdown.day(day) == day_words(day)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), timezones=st.just(dt.UTC)))
def test_a_moment_reads_as_strftime_says_it(when: dt.datetime) -> None:
    local = when.astimezone()
    assert markdown.moment(when) == f"{day_words(local.date())}, {local:%H:%M}"


_MARKS = st.sampled_from([*"\\`*_[]<>#|~&-+=.1 \t\u202e\u0085\x7f\x00", "a", "é", "🌧"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(_MARKS, max_size=20).map("".join)))
def test_a_line_is_left_untranslated_only_when_translating_changes_nothing(line: str) -> None:
    assert (markdown._UNSAFE.search(line) is None) == (line.translate(markdown._SAFE) == line)
