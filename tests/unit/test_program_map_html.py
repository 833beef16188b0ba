"""The program map, with its stages' titles and tools' links drawn once and kept, is the page
the map drew when every part was drawn on each visit, whatever the counts are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from trustbridge.services import entry_rows
from trustbridge.services.program import OTHER_TOOLS, ProgramMap, read_map
from trustbridge.web.render import make_templates

ENV = make_templates().env
#: the map as it was drawn before its parts were kept: every link drawn on each visit
EVERY_TIME = ENV.from_string("""\
{% set suggested = map.suggestion.stage %}
<div class="suggestion" aria-labelledby="suggestion-title">
  <p class="eyebrow">A gentle suggestion</p>
  <h3 id="suggestion-title"><a href="/stages/{{ suggested.slug }}">{{ stage_label(suggested) }}: \
{{ suggested.title }}</a></h3>
  <p>{{ map.reason }}</p>
</div>
{% if fold_stages %}<details class="fold"><summary>Every stage and its tools</summary>{% endif %}
<ol class="stage-list">
{% for sp in map.stages %}
  {% set st = sp.stage %}
  <li class="stage-card{% if st.number == suggested.number %} is-suggested{% endif %}">
    <p class="eyebrow">{{ stage_label(st) }}{% if st.number == suggested.number %} · \
<span class="tag">suggested</span>{% endif %}</p>
    <h3><a href="/stages/{{ st.slug }}">{{ st.title }}</a></h3>
    <p class="done">{% if sp.done %}{{ sp.done }} {{ "thing" if sp.done == 1 else "things" }} \
done so far{% elif sp.available %}Nothing here yet{% else %}Coming in a later version{% endif %}</p>
    <ul class="tool-links">
    {% for tp in sp.tools %}
      {% set href = tool_href(tp.tool.slug) %}
      <li>{% if href %}<a href="{{ href }}">{{ tp.tool.name }}</a>{% if tp.count %} \
<span class="count" title="entries">{{ tp.count }}</span>{% endif %}{% else %}\
<span class="muted">{{ tp.tool.name }}</span>{% endif %}</li>
    {% endfor %}
    </ul>
  </li>
{% endfor %}
</ol>
{% if fold_stages %}</details>{% endif %}
""")
COUNTED = sorted(set(entry_rows.counted()) | set(OTHER_TOOLS))


class _Counts:
    """A cursor answering the map's one statement with the given counts, in its order."""

    owner = None

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def execute(self, sql: str, _params: Any) -> None:
        self.sql = sql

    def fetchall(self) -> list[tuple[int, ...]]:
        wanted = entry_rows.counted() | OTHER_TOOLS
        return [tuple(self.counts.get(slug, 0) for slug in wanted)]

    def cursor(self) -> _Counts:
        return self


def a_map(counts: dict[str, int]) -> ProgramMap:
    return read_map(_Counts(counts))


@settings(max_examples=100, deadline=None)
@given(
    counts=st.dictionaries(st.sampled_from(COUNTED), st.integers(0, 3), max_size=len(COUNTED)),
    fold=st.booleans(),
)
def test_the_map_is_what_drawing_every_part_each_time_drew(
    counts: dict[str, int], fold: bool
) -> None:
    shown = a_map(counts)
    context = {"map": shown, "fold_stages": fold, "today": dt.date(2026, 12, 7)}
    expected = EVERY_TIME.render(context)
    drawn = ENV.get_template("_program_map.html").render(context)
    assert drawn == expected
    assert ENV.get_template("_program_map.html").render(context) == expected  # from what's kept


def test_only_the_programs_own_parts_are_kept() -> None:
    env = make_templates().env
    kept = env.filters["drawn_once"]
    env.get_template("_program_map.html").render(map=a_map({"journal": 7}), fold_stages=False)
    stages, tools = len(a_map({}).stages), sum(len(s.tools) for s in a_map({}).stages)
    assert len(kept.drawn) == stages + tools
    assert not any("7" in part for part in kept.drawn.values())
    env.get_template("_program_map.html").render(map=a_map({"journal": 3}), fold_stages=True)
    assert len(kept.drawn) == stages + tools  # drawn once, whoever comes next
