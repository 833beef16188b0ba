"""Stage 8 on the command line: partner check-ins, rituals, appreciation, shared goals and wins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from trustbridge.cli import context, editing, forms, options, output, parsing
from trustbridge.cli import messages_growth as msg
from trustbridge.cli.declare import App, Argument, Option
from trustbridge.domain import growth as g

if TYPE_CHECKING:
    from trustbridge.domain.fields import Field
    from trustbridge.store.db import Store

partner_checkin_app = options.sub_app("partner-checkin", msg.PC_HELP)
ritual_app = options.sub_app("ritual", msg.RITUAL_HELP)
appreciation_app = options.sub_app("appreciation", msg.APPRECIATION_HELP)
goal_app = options.sub_app("goal", msg.GOAL_HELP)
win_app = options.sub_app("win", msg.WIN_HELP)


def _yes_no(yes: bool, no: bool) -> str | None:
    return "yes" if yes else "no" if no else None


def _delete(app: App, kind: str, noun: str) -> None:
    def delete(store: Store, entry_id: int) -> None:
        from trustbridge.services import growth

        growth.delete(store, kind, entry_id)

    editing.add_delete(app, noun, delete)


def _edit_command(app: App, kind: str, noun: str, fields: tuple[Field, ...]) -> None:
    """``edit N`` for one kind of entry: a flag for each field, what is not given stays."""

    def current(store: Store, entry_id: int) -> Mapping[str, object]:
        from trustbridge.services import growth

        return growth.current(store, kind, entry_id)

    def update(store: Store, entry_id: int, raw: Mapping[str, object], now: dt.datetime) -> Any:
        from trustbridge.services import growth

        return growth.update(store, kind, entry_id, raw, now)

    editing.add_record_edit(app, noun, noun, fields, current, update)


for _app, _kind, _noun, _fields in (
    (partner_checkin_app, "partner_checkin", "partner check-in", g.CHECKIN_FIELDS),
    (ritual_app, "ritual", "ritual", g.RITUAL_FIELDS),
    (appreciation_app, "appreciation", "appreciation", g.APPRECIATION_FIELDS),
    (goal_app, "goal", "shared goal", g.GOAL_EDIT_FIELDS),
    (win_app, "win", "win", g.WIN_FORM_FIELDS),
):
    _delete(_app, _kind, _noun)
    _edit_command(_app, _kind, _noun, _fields)  # fmt: skip


T = TypeVar("T")


def _with_names(read: Callable[[Any], T]) -> tuple[T, Callable[[int | None], str]]:
    """What ``read`` reads, and who in the circle each number is, on one connection."""
    from trustbridge.services.person_reads import active_names

    with context.reading() as connection:
        found, names = read(connection), active_names(connection)
    return found, lambda pid: "" if pid is None else names.get(pid, "")


# --- partner check-ins ------------------------------------------------------------------------


@partner_checkin_app.command("add", help=msg.PC_ADD_HELP)
def checkin_add(
    person: str | None = options.text("Who it was with, from your circle (optional)."),
    when: str | None = options.text("The day you talked (default: today).", "--when"),
    went_well: str | None = options.text("What went well."),
    was_hard: str | None = options.text("What was hard."),
    appreciation: str | None = options.text("One thing you appreciate."),
    need: str | None = options.text("One thing you need."),
    to_try: str | None = options.text("One thing to try."),
) -> None:
    from trustbridge.domain.growth import CHECKIN_FIELDS
    from trustbridge.services import growth

    today = context.today()
    given: dict[str, object] = {"held_on": parsing.date_word(when, today), "person": person,
        "went_well": went_well, "was_hard": was_hard, "appreciation": appreciation,
        "need": need, "to_try": to_try}  # fmt: skip
    raw = forms.fill(CHECKIN_FIELDS, given, defaults={"held_on": today.isoformat()})
    saved = forms.save_with(growth.add_checkin, raw)
    output.say(msg.PC_SAVED.format(id=saved.record.id))
    _say_next()
    output.crisis_notice(saved.crisis)


def _say_next() -> None:
    from trustbridge.services import growth_reads

    with context.reading() as connection:
        due, now_due = growth_reads.next_checkin(connection, context.today())
    output.say(msg.PC_DUE if now_due else msg.PC_NEXT.format(day=output.day(due)))


@partner_checkin_app.command("every", help=msg.PC_EVERY_HELP)
def checkin_every(days: str = Argument(..., metavar="DAYS", help=msg.PC_EVERY_HELP)) -> None:
    from trustbridge.services import growth

    saved = forms.save_with(growth.set_checkin_every, {"days": days})
    output.say(msg.PC_EVERY_SAVED.format(days=saved))
    _say_next()


@partner_checkin_app.command("list", help=msg.PC_LIST_HELP)
def checkin_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import growth_reads

    found, name = _with_names(growth_reads.checkins)
    found = found[:limit]
    if as_json:
        return output.print_json(output.record_dict(x) for x in found)
    if not found:
        output.say(msg.NO_CHECKINS)
    else:
        output.table(msg.PC_COLUMNS, [(x.id, output.day(x.held_on), name(x.person_id),
                                       x.went_well or "", x.to_try or "") for x in found])  # fmt: skip
    _say_next()


# --- rituals ----------------------------------------------------------------------------------


@ritual_app.command("add", help=msg.RITUAL_ADD_HELP)
def ritual_add(
    name: str | None = options.text("The ritual, like a walk together after dinner."),
    person: str | None = options.text("Who it is with, from your circle (optional)."),
    cadence: str | None = options.text(msg.CADENCE_OPT),
    days: str | None = options.text(msg.DAYS_OPT, "--days"),
    note: str | None = options.text("A note (optional)."),
) -> None:
    from trustbridge.domain.growth import RITUAL_FIELDS
    from trustbridge.services import growth

    given: dict[str, object] = {"name": name, "person": person, "cadence": cadence,
        "weekdays": [d.strip() for d in days.split(",")] if days else None, "note": note}  # fmt: skip
    given = parsing.choice_keys(RITUAL_FIELDS, given)
    saved = forms.save_with(growth.add_ritual, forms.fill(RITUAL_FIELDS, given))
    output.say(msg.RITUAL_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@ritual_app.command("done", help=msg.RITUAL_DONE_HELP)
def ritual_done(
    entry_id: int = options.entry_id(),
    day: str | None = options.text(msg.DAY_OPT, "--day"),
    note: str | None = options.text("A note about this time (optional)."),
) -> None:
    from trustbridge.domain.growth import progress_words
    from trustbridge.services import growth

    today = context.today()
    raw = {"kept_on": parsing.date_word(day, today) or today.isoformat(), "note": note}
    saved, new = forms.save_with(lambda s, r, n: growth.keep_ritual(s, entry_id, r, n), raw)
    if not new:
        return output.say(msg.RITUAL_ALREADY)
    ritual = next(r for r, _ in growth.rituals(context.store(), context.now())
                  if r.id == entry_id)  # fmt: skip
    words = progress_words(growth.ritual_progress(ritual, context.now()))
    output.say(
        msg.RITUAL_KEPT.format(day=output.day(saved.record.kept_on), progress=words.capitalize())
    )
    output.crisis_notice(saved.crisis)


@ritual_app.command("aside", help=msg.RITUAL_ASIDE_HELP)
def ritual_aside(
    entry_id: int = options.entry_id(),
    back: bool = Option(False, "--back", help=msg.BACK_OPT),
) -> None:
    from trustbridge.services import growth

    growth.archive_ritual(context.store(), entry_id, context.now(), archived=not back)
    output.say((msg.RITUAL_BACK if back else msg.RITUAL_ASIDE).format(id=entry_id))


def ritual_dict(ritual: Any, progress: Any) -> dict[str, object]:
    return {**output.record_dict(ritual), "kept_days": [k.kept_on.isoformat() for k in ritual.kept],
            "kept": progress.kept, "periods": progress.periods, "unit": progress.unit,
            "longest_run": progress.longest_run}  # fmt: skip


@ritual_app.command("list", help=msg.RITUAL_LIST_HELP)
def ritual_list(
    archived: bool = Option(False, "--archived", help=msg.ARCHIVED_OPT),
    as_json: bool = options.as_json(),
) -> None:
    from trustbridge.domain.growth import CADENCES, progress_words
    from trustbridge.services import growth_reads

    found, name = _with_names(lambda c: growth_reads.rituals(c, context.today(), archived))
    if as_json:
        return output.print_json(ritual_dict(r, p) for r, p in found)
    if not found:
        return output.say(msg.NO_RITUALS)
    rows = [(r.id, r.name, r.weekdays if r.cadence == "days" else dict(CADENCES)[r.cadence],
             name(r.person_id), progress_words(p)) for r, p in found]  # fmt: skip
    output.table(msg.RITUAL_COLUMNS, rows)


# --- appreciation -----------------------------------------------------------------------------


@appreciation_app.command("add", help=msg.APPRECIATION_ADD_HELP)
def appreciation_add(
    what: str | None = options.text("What you appreciate."),
    person: str | None = options.text("Whom, from your circle (optional)."),
    said: bool = Option(False, "--said", help=msg.SAID_OPT),
    not_said: bool = Option(False, "--not-said", help=msg.NOT_SAID_OPT),
    when: str | None = options.text("The day (default: today).", "--when"),
) -> None:
    from trustbridge.domain.growth import APPRECIATION_FIELDS
    from trustbridge.services import growth

    today = context.today()
    given: dict[str, object] = {"what": what, "person": person, "said_out_loud": _yes_no(said, not_said),
                                "noted_on": parsing.date_word(when, today)}  # fmt: skip
    raw = forms.fill(APPRECIATION_FIELDS, given, defaults={"noted_on": today.isoformat()})
    saved = forms.save_with(growth.add_appreciation, raw)
    output.say(msg.APPRECIATION_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@appreciation_app.command("list", help=msg.APPRECIATION_LIST_HELP)
def appreciation_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import growth_reads

    found, name = _with_names(growth_reads.appreciations)
    found = found[:limit]
    if as_json:
        return output.print_json(output.record_dict(x) for x in found)
    if not found:
        return output.say(msg.NO_APPRECIATIONS)
    said = {True: "yes", False: "not yet", None: ""}
    output.table(msg.APPRECIATION_COLUMNS, [(x.id, output.day(x.noted_on), name(x.person_id), x.what,
                                             said[x.said_out_loud]) for x in found])  # fmt: skip


# --- shared goals -----------------------------------------------------------------------------


@goal_app.command("add", help=msg.GOAL_ADD_HELP)
def goal_add(
    goal: str | None = options.text("The goal you share."),
    why: str | None = options.text("Why it matters (optional)."),
    person: str | None = options.text("Who you share it with, from your circle (optional)."),
    review: str | None = options.text(msg.NEXT_REVIEW_OPT, "--review"),
) -> None:
    from trustbridge.domain.growth import GOAL_FIELDS
    from trustbridge.services import growth

    given: dict[str, object] = {"goal": goal, "why": why, "person": person,
                                "review_on": parsing.date_word(review, context.today())}  # fmt: skip
    saved = forms.save_with(growth.add_goal, forms.fill(GOAL_FIELDS, given))
    output.say(msg.GOAL_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@goal_app.command("review", help=msg.GOAL_REVIEW_HELP)
def goal_review(
    entry_id: int = options.entry_id(),
    still_ours: bool = Option(False, "--still-ours", help=msg.STILL_OURS_OPT),
    not_ours: bool = Option(False, "--not-ours", help=msg.NOT_OURS_OPT),
    progress: str | None = options.text("How it is going."),
    next_step: str | None = options.text("The next step."),
    review: str | None = options.text(msg.NEXT_REVIEW_OPT, "--next-review"),
    status: str | None = options.text(msg.STATUS_OPT),
) -> None:
    from trustbridge.domain.growth import REVIEW_FIELDS
    from trustbridge.services import growth

    today = context.today()
    given: dict[str, object] = {"reviewed_on": today.isoformat(),
        "still_ours": _yes_no(still_ours, not_ours), "progress": progress, "next_step": next_step,
        "review_on": parsing.date_word(review, today), "status": status}  # fmt: skip
    raw = parsing.choice_keys(REVIEW_FIELDS, given)
    saved = forms.save_with(lambda s, r, n: growth.review_goal(s, entry_id, r, n), raw)
    output.say(msg.GOAL_REVIEWED.format(id=entry_id))
    output.crisis_notice(saved.crisis)


@goal_app.command("list", help=msg.GOAL_LIST_HELP)
def goal_list(as_json: bool = options.as_json()) -> None:
    from trustbridge.domain.growth import GOAL_STATUSES
    from trustbridge.services import growth_reads

    found, name = _with_names(lambda c: growth_reads.goals(c, context.today()))
    if as_json:
        return output.print_json(
            {**output.record_dict(x), "review_due": due,
             "reviews": [output.record_dict(r) for r in x.reviews]} for x, due in found
        )  # fmt: skip
    if not found:
        return output.say(msg.NO_GOALS)
    rows = []
    for x, due in found:
        when = "" if x.review_on is None else output.day(x.review_on)
        rows.append((x.id, x.goal, name(x.person_id), dict(GOAL_STATUSES)[x.status],
                     msg.REVIEW_DUE.format(day=when) if due else when))  # fmt: skip
    output.table(msg.GOAL_COLUMNS, rows)


# --- wins -------------------------------------------------------------------------------------


@win_app.command("add", help=msg.WIN_ADD_HELP)
def win_add(
    what: str | None = options.text("The win, in a few words."),
    kind: str | None = options.text(msg.KIND_OPT),
    when: str | None = options.text("The day (default: today).", "--when"),
    source: str | None = options.text(msg.FROM_OPT, "--from"),
) -> None:
    from trustbridge.domain.growth import WIN_FIELDS
    from trustbridge.services import growth

    today = context.today()
    given = parsing.choice_keys(WIN_FIELDS, {"what": what, "kind": kind,
                                             "happened_on": parsing.date_word(when, today)})  # fmt: skip
    raw = dict(forms.fill(WIN_FIELDS, given, defaults={"happened_on": today.isoformat()}))
    saved = forms.save_with(growth.add_win, {**raw, "source": source})
    output.say(msg.WIN_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@win_app.command("list", help=msg.WIN_LIST_HELP)
def win_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.domain.growth import WIN_KINDS
    from trustbridge.services import growth_reads

    with context.reading() as connection:
        found = growth_reads.wins(connection)[:limit]
    if as_json:
        return output.print_json(output.record_dict(x) for x in found)
    if not found:
        return output.say(msg.NO_WINS)
    rows = [(x.id, output.day(x.happened_on), x.what, dict(WIN_KINDS).get(x.kind, x.kind),
             f"{x.source_tool}:{x.source_id}" if x.source_tool else "") for x in found]  # fmt: skip
    output.table(msg.WIN_COLUMNS, rows)
