"""Stages 5 and 6 on the command line: the vulnerability ladder and gut checks."""

from __future__ import annotations

from typing import Any

from trustbridge.cli import context, forms, options, output, parsing, record_edits
from trustbridge.cli import messages as msg
from trustbridge.domain import relations as rel
from trustbridge.domain.relations import GUT_OUTCOME_FIELDS

# --- vulnerability ladder ---------------------------------------------------------------------

ladder_app = options.sub_app("ladder", msg.LADDER_HELP)


@ladder_app.command("add", help=msg.LADDER_ADD_HELP)
def ladder_add(
    person: str | None = options.text(msg.PERSON_OPT_HELP),
    action: str | None = options.text(msg.LD_ACTION_HELP),
    risk: str | None = options.number(msg.LD_RISK_HELP, "0-100"),
    planned: str | None = options.text(msg.LD_PLANNED_HELP, "--planned"),
) -> None:
    from trustbridge.domain.relations import RUNG_FIELDS
    from trustbridge.services import relating

    planned_on = parsing.date_word(planned, context.today())
    given = {"person": person, "action": action, "risk": risk, "planned_on": planned_on}
    saved = forms.save_with(relating.add_rung, forms.fill(RUNG_FIELDS, given))
    output.say(msg.LADDER_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@ladder_app.command("done", help=msg.LADDER_DONE_HELP)
def ladder_done(
    entry_id: int = options.entry_id(),
    fear: str | None = options.number(msg.LD_FEAR_HELP, "0-100", "--fear", "--fear-before"),
    response: str | None = options.text(msg.LD_RESPONSE_HELP),
    feeling: str | None = options.text(msg.LD_FEELING_HELP, "--feeling", "--feeling-after"),
    learned: str | None = options.text(msg.LD_LEARNED_HELP),
    when: str | None = options.text(msg.LD_WHEN_HELP, "--when"),
) -> None:
    from trustbridge.domain.relations import REFLECT_FIELDS
    from trustbridge.services import people, relating

    store, today = context.store(), context.today()
    relating.get_rung(store, entry_id)  # a wrong number is reported before any question
    given: dict[str, object] = {"fear_before": fear, "response": response, "feeling_after": feeling}
    given |= {"learned": learned, "done_on": parsing.date_word(when, today)}
    given = parsing.choice_keys(REFLECT_FIELDS, given)
    raw = forms.fill(REFLECT_FIELDS, given, defaults={"done_on": today.isoformat()})
    saved = forms.save_with(lambda s, r, now: relating.reflect_rung(s, entry_id, r, now), raw)
    name = people.find_person(store, saved.record.person_id).name
    output.say(msg.LADDER_REFLECTED.format(id=entry_id, name=name))
    output.say(msg.RESPONSE_NOTES.get(str(saved.record.response), ""))
    output.say(msg.LADDER_NEXT_HINT)
    output.crisis_notice(saved.crisis)


@ladder_app.command("list", help=msg.LADDER_LIST_HELP)
def ladder_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.rungs(connection, limit)
    if as_json:
        return output.print_json({**output.record_dict(r), "person": p.name} for r, p in found)
    if not found:
        return output.say(msg.NO_RUNGS)
    output.table(msg.LADDER_COLUMNS, [_rung_row(r, p) for r, p in found])


def _rung_row(rung: Any, person: Any) -> tuple[object, ...]:
    def day(value: Any) -> str:
        return "" if value is None else output.day(value)

    response = rung.response or ""
    return (rung.id, person.name, rung.action, rung.risk, day(rung.planned_on),
            day(rung.done_on), response)  # fmt: skip


@ladder_app.command("next", help=msg.LADDER_NEXT_HELP)
def ladder_next() -> None:
    from trustbridge.services import relating

    found = relating.next_step(context.store(), context.now())
    risk = found.suggestion.risk
    if found.person is None:
        output.say(msg.NEXT_ALONE.format(risk=risk))
    else:
        output.say(msg.NEXT_WITH.format(risk=risk, name=found.person.name))
    output.say(found.suggestion.reason)
    output.say(msg.NEXT_ONLY_IF)


record_edits.add(
    ladder_app, "ladder step", "ladder step",
    rel.RUNG_FIELDS + rel.REFLECT_FIELDS, "relating", "rung",
)  # fmt: skip

# --- gut checks -------------------------------------------------------------------------------

gut_app = options.sub_app("gut", msg.GUT_HELP)


@gut_app.command("add", help=msg.GUT_ADD_HELP)
def gut_add(
    person: str | None = options.text(msg.PERSON_OPT_HELP),
    sense: str | None = options.text(msg.GT_SENSE_HELP),
    confidence: str | None = options.number(msg.GT_CONFIDENCE_HELP, "50-100"),
) -> None:
    from trustbridge.domain.relations import GUT_FIELDS
    from trustbridge.services import relating

    given = {"person": person, "sense": sense, "confidence": confidence}
    saved = forms.save_with(relating.add_gut_check, forms.fill(GUT_FIELDS, given))
    output.say(msg.GUT_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@gut_app.command("resolve", help=msg.GUT_RESOLVE_HELP)
def gut_resolve(
    entry_id: int = options.entry_id(),
    came_true: str | None = options.text(msg.GT_CAME_TRUE_HELP, "--came-true"),
    what_happened: str | None = options.text(msg.GT_WHAT_HELP),
) -> None:
    from trustbridge.domain.relations import GUT_RESOLVE_FIELDS
    from trustbridge.services import relating

    given = {"came_true": came_true, "what_happened": what_happened}
    raw = forms.fill(GUT_RESOLVE_FIELDS, given)
    saved = forms.save_with(lambda s, r, now: relating.resolve_gut_check(s, entry_id, r, now), raw)
    output.say(msg.GUT_RESOLVED.format(id=entry_id))
    output.crisis_notice(saved.crisis)


@gut_app.command("calibration", help=msg.GUT_CALIBRATION_HELP)
def gut_calibration(as_json: bool = options.as_json()) -> None:
    from trustbridge.cli.circle import gut_line
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.gut_calibration(connection)
    if as_json:
        return output.print_data(_calibration_data(found))
    if not found.overall.count and not found.open_checks:
        return output.say(msg.NO_GUT_CHECKS)
    output.say(msg.CALIBRATION_TITLE)
    _calibration(msg.OVERALL_TITLE, found.overall)
    for person, calibration in found.by_person:
        _calibration(person.name, calibration)
    if found.open_checks:
        output.say()
        output.say(msg.OPEN_CHECKS)
        for check, person in found.open_checks:
            output.say(f"{gut_line(check)} ({person.name})")
    output.say()
    output.say(msg.CALIBRATION_NUMBERS_HINT)


@gut_app.command("list", help=msg.GUT_LIST_HELP)
def gut_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.gut_checks(connection, limit)
    if as_json:
        return output.print_json({**output.record_dict(c), "person": p.name} for c, p in found)
    if not found:
        return output.say(msg.NO_GUT_CHECKS)
    output.table(msg.GUT_COLUMNS, [_gut_row(c, p) for c, p in found])


def _gut_row(check: Any, person: Any) -> tuple[object, ...]:
    outcome = (
        msg.GUT_NOT_YET if check.came_true is None
        else msg.CAME_TRUE if check.came_true else msg.DID_NOT
    )  # fmt: skip
    noted = output.day(check.created_at.astimezone().date())
    return check.id, noted, person.name, check.sense, f"{check.confidence}%", outcome


def _calibration(title: str, calibration: Any) -> None:
    """Plain words and the table by sureness; the Brier score is only in ``--json``."""
    output.say()
    output.say(msg.CALIBRATION_COUNT.format(name=title, tally=calibration.tally))
    if calibration.count:
        output.table(msg.BAND_COLUMNS, [_band_row(b) for b in calibration.bands])
    output.say(calibration.summary)


def _band_row(band: Any) -> tuple[object, ...]:
    def share(value: float | None) -> str:
        return "" if value is None else msg.PERCENT.format(n=value)

    label = msg.BAND.format(low=band.low, high=band.high)
    return label, band.count, share(band.mean_confidence), share(band.hit_rate)


def _calibration_data(found: Any) -> dict[str, object]:
    from dataclasses import asdict

    return {
        "overall": asdict(found.overall),
        "by_person": [
            {"person": {"id": p.id, "name": p.name}, **asdict(c)} for p, c in found.by_person
        ],
        "open": [{**output.record_dict(c), "person": p.name} for c, p in found.open_checks],
    }


record_edits.add(
    gut_app, "gut check", "gut check",
    rel.GUT_FIELDS + GUT_OUTCOME_FIELDS, "relating", "gut_check",
)  # fmt: skip
