"""Use-cases beyond saving an entry: re-rating beliefs, settling promises, self-check trends, checklists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from trustbridge.content import load_program
from trustbridge.domain import records as r
from trustbridge.domain.fields import ValidationError, clean
from trustbridge.services import selfwork_reads
from trustbridge.services.base import NotFound, Saved, crisis_in, local_day
from trustbridge.services.selfwork_reads import DailyAffirmation as DailyAffirmation  # the web's
from trustbridge.services.selfwork_reads import PromiseSummary, SafetyHistory
from trustbridge.services.selfwork_reads import belief_trend as belief_trend  # the web's
from trustbridge.store import models as m
from trustbridge.store import rows
from trustbridge.store.db import Store


def rate_belief(
    store: Store, belief_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Saved[m.BeliefRating]:
    """Record how true a belief feels today, so its believability can be followed over time."""
    values = clean(r.BELIEF_RATING_FIELDS, raw, local_day(now))
    with store.session() as session:
        if session.get(m.Belief, belief_id) is None:
            raise NotFound(f"No belief with number {belief_id}.")
        rating = m.BeliefRating(belief_id=belief_id, rated_at=now, **values)
        session.add(rating)
    return Saved(rating, crisis_in(r.BELIEF_RATING_FIELDS, values))


def promises(store: Store, now: dt.datetime, settled_limit: int = 50) -> PromiseSummary:
    """Promises to myself: open by due date, the latest settled, and my follow-through.

    Only promises to myself count here. Promises with people are on each person's page; a
    promise someone made to me is evidence about them (see ``relating.settle_promise``).
    """
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return selfwork_reads.promises(Through(session), local_day(now), settled_limit)


def promises_due(store: Store, now: dt.datetime, within_days: int = 7, limit: int = 5) -> list[Any]:
    """Open promises to myself past their date or due within ``within_days``, soonest first.

    Plain rows (:mod:`trustbridge.store.rows`), with the attributes of the model: Today
    shows them on every visit, and only shows them."""
    from trustbridge.services.entries import Through

    horizon = local_day(now) + dt.timedelta(days=within_days)
    with store.sessions() as session:
        return rows.select(
            Through(session).cursor(), "self_promises",
            "status = 'open' AND due_on <= ? AND person_id IS NULL", (horizon.isoformat(),),
            order="due_on, id", limit=limit,
        )  # fmt: skip


def promises_with_people_due(
    store: Store, now: dt.datetime, within_days: int = 7, limit: int = 5
) -> list[tuple[Any, Any]]:
    """Open promises between me and someone (either way), past their date or due soon, each
    with its person.

    People in the archive are left out, as they are from every other list of the circle.
    Plain rows (:mod:`trustbridge.store.rows`), with the attributes of the models: Today
    shows them on every visit, and only shows them.
    """
    from trustbridge.services.entries import Through

    horizon = local_day(now) + dt.timedelta(days=within_days)
    with store.sessions() as session:
        return rows.pairs(
            Through(session).cursor(), "self_promises", "people",
            "people.id = self_promises.person_id",
            "self_promises.status = 'open' AND self_promises.due_on <= ? "
            "AND people.archived_at IS NULL",
            (horizon.isoformat(),), order="self_promises.due_on, self_promises.id", limit=limit,
        )  # fmt: skip


def safety_history(store: Store, limit: int = 120) -> SafetyHistory:
    """The latest ``limit`` self-checks, oldest first, with the direction the score is moving."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return selfwork_reads.safety_history(Through(session), limit)


NOTHING_TICKED = "There is nothing to save yet: tick at least one belief, or come back later."


def learned_beliefs(store: Store) -> dict[str, bool]:
    """The learned beliefs ticked (:func:`.selfwork_reads.learned_beliefs`, on the store's
    connection)."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return selfwork_reads.learned_beliefs(Through(session))


def mark_learned_beliefs(
    store: Store, applying: Iterable[str], now: dt.datetime
) -> dict[str, bool]:
    """Save the whole checklist at once: the keys given ring true, the rest do not.

    A mark is kept only for a belief that rings true, so the store holds as many marks as
    the person ticked (and "delete everything" counts those). Saving with nothing ticked is
    refused when nothing was ticked before either: there is nothing to save. Unticking the
    last ones is a change, and is saved.
    """
    known = [i.key for i in load_program().checklists["learned_beliefs"]]
    chosen = set(applying)
    unknown = chosen - set(known)
    if unknown:
        raise ValidationError(
            {
                "beliefs": "There is no belief called "
                + ", ".join(sorted(unknown))
                + " on the checklist."
            }
        )
    with store.session() as session:
        marks = {x.key: x for x in session.scalars(select(m.LearnedBeliefMark))}
        if not chosen and not any(x.applies for x in marks.values()):
            raise ValidationError({"beliefs": NOTHING_TICKED})
        for key, mark in marks.items():
            if key not in chosen or not mark.applies:
                session.delete(mark)  # a belief no longer ticked (or an old unticked row)
        session.flush()
        for key in chosen:
            if key not in marks or not marks[key].applies:
                session.add(m.LearnedBeliefMark(key=key, applies=True, updated_at=now))
    return {key: key in chosen for key in known}


def affirmation_of_the_day(store: Store, now: dt.datetime) -> DailyAffirmation:
    """One of the person's own affirmations, the same all day; a starter if they have none
    yet (:func:`.selfwork_reads.affirmation_of_the_day`, on the store's connection: Today
    reads it on every visit)."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        return selfwork_reads.affirmation_of_the_day(Through(session), local_day(now))


def checkin_today(store: Store, now: dt.datetime) -> Any:
    """Today's most recent check-in, if there is one: a plain row
    (:mod:`trustbridge.store.rows`) with the attributes of the model, as Today shows it."""
    from trustbridge.services.entries import Through

    with store.sessions() as session:
        found = rows.select(
            Through(session).cursor(), "checkins", "day = ?", (local_day(now).isoformat(),),
            order="created_at DESC", limit=1,
        )  # fmt: skip
    return found[0] if found else None
