"""Stage 4 on the command line: self-empathy, affirmations, habits and the mindful pause."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, editing, forms, options, output, parsing, tools
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Option

if TYPE_CHECKING:
    import typer

# --- guided self-empathy ----------------------------------------------------------------------


empathy_app = options.doing_group("empathy", msg.EMPATHY_HELP)


@empathy_app.callback()
def empathy(
    ctx: typer.Context,
    situation: str | None = options.text(msg.E_SITUATION_HELP),
    acknowledge: str | None = options.text(msg.E_STEP_HELP.format(name="Acknowledge")),
    reflect: str | None = options.text(msg.E_STEP_HELP.format(name="Reflect")),
    validate: str | None = options.text(msg.E_STEP_HELP.format(name="Validate")),
    be_kind: str | None = options.text(msg.E_STEP_HELP.format(name="Be kind")),
    challenge: str | None = options.text(msg.E_STEP_HELP.format(name="Challenge")),
) -> None:
    """A guided self-empathy exercise in five gentle steps."""
    from trustbridge.services.catalog import spec

    if ctx.invoked_subcommand is not None:
        return
    given = {"situation": situation, "acknowledge": acknowledge, "reflect": reflect}
    given |= {"validate": validate, "be_kind": be_kind, "challenge": challenge}
    raw: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if context.interactive():
        raw = _guided(spec("self_empathy").fields, raw)
    saved = forms.save("self_empathy", raw)
    output.say()
    output.say(msg.EMPATHY_DONE.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


def _guided(fields: Any, raw: dict[str, object]) -> dict[str, object]:
    """Walk through the situation and the five steps, each with its name, skipping given ones."""
    from trustbridge.content import load_program

    steps = load_program().checklists["self_empathy_steps"]
    output.say(msg.EMPATHY_INTRO)
    for field in fields:
        if field.name in raw:
            continue
        number = next((n for n, f in enumerate(fields[1:], start=1) if f is field), 0)
        if number:
            output.say()
            output.say(
                msg.EMPATHY_STEP.format(n=number, total=len(steps), name=steps[number - 1].name)
            )
        value = forms.ask_field(field, context.today())
        if value is not None:
            raw[field.name] = value
    return raw


# --- affirmations -----------------------------------------------------------------------------

affirm_app = options.sub_app("affirm", msg.AFFIRM_HELP)


@affirm_app.command("add", help=msg.ADD_HELP.format(noun="affirmation"))
def affirm_add(text: str | None = options.text(msg.A_TEXT_HELP)) -> None:
    forms.add_entry("affirmations", {"text": text})


@affirm_app.command("list", help=msg.LIST_HELP.format(things="affirmations"))
def affirm_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    forms.list_entries("affirmations", "affirm", limit, as_json)


@affirm_app.command("today", help=msg.TODAY_HELP)
def affirm_today() -> None:
    from trustbridge.services import selfwork_reads

    with context.reading() as connection:
        chosen = selfwork_reads.affirmation_of_the_day(connection, context.today())
    output.say(chosen.text)
    if not chosen.own:
        output.say(msg.STARTER_HINT)


# --- habits -----------------------------------------------------------------------------------

habit_app = options.sub_app("habit", msg.HABIT_HELP)


@habit_app.command("add", help=msg.ADD_HELP.format(noun="habits log"))
def habit_add(
    day: str | None = options.text(msg.HB_DAY_HELP, "--day"),
    sleep: str | None = options.number(msg.HB_SLEEP_HELP, "HOURS", "--sleep"),
    movement: str | None = options.number(msg.HB_MOVE_HELP, "MINUTES", "--movement"),
    food: str | None = options.number(msg.HB_FOOD_HELP, "1-5", "--food"),
    creative: str | None = options.number(msg.HB_CREATIVE_HELP, "MINUTES", "--creative"),
    note: str | None = options.text(msg.HB_NOTE_HELP),
) -> None:
    today = context.today()
    given = {"day": parsing.date_word(day, today), "sleep_hours": sleep, "food": food}
    given |= {"movement_minutes": movement, "creative_minutes": creative, "note": note}
    from trustbridge.services.catalog import spec

    tool = spec("habits")
    saved = forms.save(
        "habits", forms.fill(tool.fields, given, defaults={"day": today.isoformat()})
    )
    if saved.updated:  # one log per day: a second save for a day adds to that day's log
        output.say(tool.updated_text(saved.record))
    else:
        output.say(msg.SAVED.format(noun=tool.noun, id=saved.record.id))
    output.crisis_notice(saved.crisis)


@habit_app.command("list", help=msg.LIST_HELP.format(things="habit logs"))
def habit_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services.catalog import spec

    logs = forms.recent("habits", limit)
    if as_json:
        return output.print_json(output.record_dict(x, spec("habits").fields) for x in logs)
    if not logs:
        return output.say(msg.NO_ENTRIES.format(command="habit"))
    output.table(msg.HABIT_COLUMNS, [_habit_row(x) for x in logs])


def _habit_row(log: Any) -> tuple[object, ...]:
    sleep = "" if log.sleep_hours is None else msg.HOURS.format(n=log.sleep_hours)
    moved = "" if log.movement_minutes is None else msg.MINUTES.format(n=log.movement_minutes)
    made = "" if log.creative_minutes is None else msg.MINUTES.format(n=log.creative_minutes)
    food = "" if log.food is None else msg.OUT_OF_FIVE.format(n=log.food)
    return log.id, output.day(log.day), sleep, moved, food, made, log.note or ""


# --- mindful pause ----------------------------------------------------------------------------

MIN_SECONDS, MAX_SECONDS = 10, 3600
BREATH_SECONDS = 5


def tick(seconds: float) -> None:
    """Wait; a seam so tests do not have to."""
    time.sleep(seconds)


pause_app = options.doing_group("pause", msg.PAUSE_HELP)


@pause_app.callback()
def pause(
    ctx: typer.Context,
    minutes: float = Option(1.0, "--minutes", metavar="MINUTES", help=msg.MINUTES_HELP),
) -> None:
    """A mindful pause: a quiet countdown to breathe and notice."""
    if ctx.invoked_subcommand is not None:
        return
    seconds = round(minutes * 60)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise parsing.invalid("minutes", msg.PAUSE_RANGE)
    output.say(msg.PAUSE_INTRO)
    try:
        _countdown(seconds)
    except KeyboardInterrupt:
        output.say()
        output.say(msg.PAUSE_STOPPED)
        return
    forms.save("mindful_pause", {"seconds": seconds})
    output.say(msg.PAUSE_DONE)


def _countdown(seconds: int) -> None:
    from rich.progress import BarColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[left]}"))
    with Progress(*columns, auto_refresh=False) as bar:
        task = bar.add_task(msg.PAUSE_BREATHE[0], total=seconds, left=_clock(seconds))
        for done in range(1, seconds + 1):
            tick(1)
            breath = msg.PAUSE_BREATHE[(done // BREATH_SECONDS) % 2]
            bar.update(task, advance=1, description=breath, left=_clock(seconds - done))
            bar.refresh()


def _clock(seconds: int) -> str:
    return msg.TIME_LEFT.format(minutes=seconds // 60, seconds=seconds % 60)


# --- editing (the same fields, the same rules) -----------------------------------------------

editing.add_edit(affirm_app, "affirmations", "affirmation")
editing.add_edit(habit_app, "habits", "habits log")


tools.add_list_and_show(
    empathy_app, "self_empathy", "empathy", "exercise", "self-empathy exercises"
)
editing.add_edit(empathy_app, "self_empathy", "self-empathy exercise")
tools.add_list_and_show(pause_app, "mindful_pause", "pause", "pause", "mindful pauses")
editing.add_edit(pause_app, "mindful_pause", "mindful pause")
