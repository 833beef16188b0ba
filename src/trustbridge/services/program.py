"""The program map: what has been done in each stage and a gentle suggestion of what to try next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from trustbridge.content import Stage, Tool, load_program
from trustbridge.domain.scoring import suggest_next_stage
from trustbridge.services import entries
from trustbridge.services.selfwork import learned_beliefs
from trustbridge.store import models as m
from trustbridge.store.db import Store

#: tools whose work is kept somewhere other than their own entries
SHARED_TOOLS = {"emotion_checkin": "checkin"}
#: tools of stages 5-8 and the support layer, each counted as its page lists them: rows, or
#: days for the balance log, whose entries for one day are added up into that day
RELATIONAL_TOOLS: dict[str, Any] = {
    "vulnerability_ladder": m.LadderRung.id,
    "trust_circle": m.Person.id,
    "evidence_log": m.EvidenceEvent.id,
    "bridge_plan": m.BridgePlan.id,
    "promises_both_ways": m.SelfPromise.person_id,  # only promises with someone
    "gut_checks": m.GutCheck.id,
    "boundaries": m.Boundary.id,
    "istatement": m.IStatement.id,
    "boundary_events": m.BoundaryEvent.id,
    "balance_log": m.BalanceLog.day.distinct(),
    "partner_checkin": m.PartnerCheckIn.id,
    "rituals": m.Ritual.id,
    "appreciation_log": m.Appreciation.id,
    "shared_goals": m.SharedGoal.id,
    "wins": m.Win.id,
    "support_map": m.SupportContact.id,
    "safety_plan": m.SafetyPlan.id,
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


@dataclass(frozen=True, slots=True)
class StageProgress:
    stage: Stage
    tools: list[ToolProgress]

    @property
    def done(self) -> int:
        return sum(t.count or 0 for t in self.tools)

    @property
    def available(self) -> bool:
        return any(t.available for t in self.tools)


@dataclass(frozen=True, slots=True)
class ProgramMap:
    stages: list[StageProgress]
    suggestion: StageProgress
    reason: str


def relational_counts(store: Store) -> dict[str, int]:
    """How much each stage 5-7 tool holds (people with evidence, for the trust estimate)."""
    wanted = [select(func.count(column)).scalar_subquery() for column in RELATIONAL_TOOLS.values()]
    with store.sessions() as session:
        row = session.execute(select(*wanted)).one()  # one round trip for every tool
    return {slug: int(n or 0) for slug, n in zip(RELATIONAL_TOOLS, row, strict=True)}


def program_map(store: Store) -> ProgramMap:
    """Every stage with a count of what has been done in it, and the stage to try next."""
    program = load_program()
    counts = entries.counts(store)
    counts["learned_beliefs"] = sum(learned_beliefs(store).values())
    counts |= relational_counts(store)
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
