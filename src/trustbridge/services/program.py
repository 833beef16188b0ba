"""The program map: what has been done in each stage and a gentle suggestion of what to try next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from trustbridge.content import Stage, Tool, load_program
from trustbridge.domain.scoring import suggest_next_stage
from trustbridge.services import entry_rows
from trustbridge.store import rows

if TYPE_CHECKING:
    from trustbridge.store.db import Store

#: tools whose work is kept somewhere other than their own entries
SHARED_TOOLS = {"emotion_checkin": "checkin"}
#: tools of stages 5-8 and the support layer, each counted as its page lists them: rows, or
#: days for the balance log, whose entries for one day are added up into that day; and the
#: learned beliefs the person ticked (table, what is counted, which rows)
OTHER_TOOLS: dict[str, tuple[str, str, str]] = {
    "learned_beliefs": ("learned_belief_marks", "count(*)", "applies"),
    "vulnerability_ladder": ("ladder_rungs", "count(*)", ""),
    "trust_circle": ("people", "count(*)", ""),
    "evidence_log": ("evidence_events", "count(*)", ""),
    "bridge_plan": ("bridge_plans", "count(*)", ""),
    "promises_both_ways": ("self_promises", "count(*)", "person_id IS NOT NULL"),
    "gut_checks": ("gut_checks", "count(*)", ""),
    "boundaries": ("boundaries", "count(*)", ""),
    "istatement": ("i_statements", "count(*)", ""),
    "boundary_events": ("boundary_events", "count(*)", ""),
    "balance_log": ("balance_logs", "count(DISTINCT day)", ""),
    "partner_checkin": ("partner_checkins", "count(*)", ""),
    "rituals": ("rituals", "count(*)", ""),
    "appreciation_log": ("appreciations", "count(*)", ""),
    "shared_goals": ("shared_goals", "count(*)", ""),
    "wins": ("wins", "count(*)", ""),
    "support_map": ("support_contacts", "count(*)", ""),
    "safety_plan": ("safety_plans", "count(*)", ""),
}
#: tools that work out something from other tools' entries and keep none of their own: they
#: are open, but have nothing to count (the trust estimate reads the evidence log)
DERIVED_TOOLS = frozenset({"trust_estimate", "therapist_report"})


@dataclass(frozen=True, slots=True)
class ToolProgress:
    """A tool on the map; ``count`` is how many entries its list shows (``None``: it keeps none)."""

    tool: Tool
    count: int | None
    available: bool


class StageProgress(NamedTuple):
    stage: Stage
    tools: list[ToolProgress]

    @property
    def done(self) -> int:
        return sum(t.count or 0 for t in self.tools)

    @property
    def available(self) -> bool:
        return any(t.available for t in self.tools)


class ProgramMap(NamedTuple):
    stages: list[StageProgress]
    suggestion: StageProgress
    reason: str


def program_map(store: Store) -> ProgramMap:
    """:func:`read_map`, on the store's connection."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return read_map(Through(session))


def read_map(connection: Any) -> ProgramMap:
    """Every stage with a count of what has been done in it, and the stage to try next.

    Runs on a DB-API connection (the command line reads without SQLAlchemy); every count
    comes from one statement.
    """
    program = load_program()
    counts = rows.counts(connection.cursor(), entry_rows.counted() | OTHER_TOOLS)
    stages = []
    for stage in program.stages:
        tools = []
        for slug in stage.tools:
            own = SHARED_TOOLS.get(slug, slug)
            if slug in DERIVED_TOOLS:
                tools.append(ToolProgress(program.tools[slug], None, True))
            else:
                tools.append(ToolProgress(program.tools[slug], counts.get(own, 0), own in counts))
        stages.append(StageProgress(stage, tools))
    ready = [s for s in stages if s.available]
    done = {s.stage.number: s.done for s in ready}
    number = suggest_next_stage(done, [s.stage.number for s in ready])
    suggestion = next(s for s in ready if s.stage.number == number)
    if suggestion.done == 0:
        reason = "You have not tried this stage yet. There is no rush; it is here when you want it."
    else:
        reason = "You have made a start everywhere. This stage has had the least attention lately."
    return ProgramMap(stages, suggestion, reason)
