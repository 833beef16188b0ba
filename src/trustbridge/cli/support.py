"""The support layer on the command line: the support map and the safety plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, editing, forms, options, output, parsing
from trustbridge.cli import messages_support as msg
from trustbridge.cli.declare import Argument, Exit, Option
from trustbridge.cli.plan import show_parts
from trustbridge.domain.support import SUPPORT_FIELDS

if TYPE_CHECKING:
    from trustbridge.store.db import Store

# --- the support map --------------------------------------------------------------------------

support_app = options.sub_app("support", msg.SUPPORT_HELP)


@support_app.command("add", help=msg.SUPPORT_ADD_HELP)
def support_add(
    name: str | None = options.text(msg.SP_NAME_HELP),
    kind: str | None = options.text(msg.SP_KIND_HELP),
    person: str | None = options.text(msg.SP_PERSON_HELP),
    helps_with: str | None = options.text(msg.SP_HELPS_HELP),
    how_to_reach: str | None = options.text(msg.SP_REACH_HELP),
) -> None:
    from trustbridge.domain.support import SUPPORT_FIELDS
    from trustbridge.services import support

    given: dict[str, object] = {"name": name, "kind": kind, "person": person}
    given |= {"helps_with": helps_with, "how_to_reach": how_to_reach}
    given = parsing.choice_keys(SUPPORT_FIELDS, given)
    raw = forms.fill(SUPPORT_FIELDS, given, skip=_circle_only)
    saved = forms.save_with(support.add_contact, raw)
    output.say(msg.SUPPORT_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


def _circle_only(field: Any, raw: Any) -> bool:
    """Ask for a link to the circle only when it is someone the person knows."""
    return bool(field.name == "person" and raw.get("kind") != "person")


@support_app.command("list", help=msg.SUPPORT_LIST_HELP)
def support_list(as_json: bool = options.as_json()) -> None:
    from trustbridge.domain.support import HELP_AREAS, SUPPORT_KINDS
    from trustbridge.services import support_reads

    with context.reading() as connection:
        found = support_reads.support_map(connection)
    if as_json:
        return output.print_json(
            {**output.record_dict(v.contact), "helps_with": v.helps, "person": v.person_name}
            for v in found.contacts
        )
    kinds, areas = dict(SUPPORT_KINDS), dict(HELP_AREAS)
    if not found.contacts:
        output.say(msg.NO_SUPPORT)
    else:
        rows = [
            (v.contact.id, _named(v),
             kinds.get(v.contact.kind, v.contact.kind),
             ", ".join(areas.get(k, k) for k in v.helps), v.contact.how_to_reach or "")
            for v in found.contacts
        ]  # fmt: skip
        output.table(msg.SUPPORT_COLUMNS, rows)
    if found.gaps:
        output.say()
        output.say(msg.GAPS_TITLE)
        for hint in found.gaps:
            output.say(f"  - {hint}")


def _named(view: Any) -> str:
    """The name, with the circle's name beside it when the link is to someone called otherwise."""
    linked = view.person_name
    name: str = view.contact.name
    return name if not linked or linked == name else f"{name} ({linked})"


@support_app.command("delete", help=msg.SUPPORT_DELETE_HELP)
def support_delete(
    entry_id: int = Argument(..., metavar="ID", min=1, help=msg.ID_HELP, show_default=False),
    yes: bool = Option(False, "--yes", help=msg.YES_HELP),
) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services import support

    store = context.store()
    contact = support.get_contact(store, entry_id)
    if not yes:
        if not context.interactive():
            say_error(msg.SUPPORT_DELETE_NEEDS_YES.format(id=entry_id))
            raise Exit(EXIT_BAD_INPUT)
        shown = output.visible(contact.name)  # a question is printed without say()
        import typer

        if not typer.confirm(msg.SUPPORT_DELETE_CONFIRM.format(name=shown), default=False):
            return output.say(msg.NOT_DELETED)
    support.delete_contact(store, entry_id)
    output.say(msg.SUPPORT_DELETED.format(name=contact.name))


def _contact_values(store: Store, entry_id: int) -> Mapping[str, object]:
    from trustbridge.services import support

    return support.contact_values(store, entry_id)


def _update_contact(
    store: Store, entry_id: int, raw: Mapping[str, object], now: dt.datetime
) -> Any:
    from trustbridge.services import support

    return support.update_contact(store, entry_id, raw, now)


editing.add_record_edit(
    support_app, msg.SUPPORT_THING, msg.SUPPORT_THING, SUPPORT_FIELDS, _contact_values,
    _update_contact, skip=_circle_only,
)  # fmt: skip


# --- the safety plan --------------------------------------------------------------------------

safety_plan_app = options.sub_app("safety-plan", msg.SAFETY_PLAN_HELP)


@safety_plan_app.command("show", help=msg.PLAN_SHOW_HELP)
def plan_show(as_json: bool = options.as_json()) -> None:
    from trustbridge.services import support_reads

    with context.reading() as connection:
        plan = support_reads.safety_plan(connection)
    if as_json:
        return output.print_data({} if plan is None else vars(plan))
    if plan is None:
        return output.say(msg.NO_PLAN)
    output.say(msg.PLAN_TITLE)
    output.say()
    show_parts(support_reads.parts_of(plan))
    output.say()
    path = support_reads.outside_path(context.settings().data_dir)
    output.say(msg.PLAN_OUTSIDE_ON.format(path=path) if plan.keep_outside else msg.PLAN_OUTSIDE_OFF)


def _ask_parts(current: dict[str, str]) -> dict[str, object]:
    """Part by part: the current text is shown; Enter keeps it, ``-`` clears it."""
    from trustbridge.domain.support import SAFETY_PLAN_FIELDS

    context.unlocked()
    output.say(msg.PLAN_INTRO)
    answers: dict[str, object] = {}
    for field in SAFETY_PLAN_FIELDS:
        output.say()
        output.say(f"{field.label}")
        output.say(f"  {field.help}")
        if current.get(field.name):
            for line in current[field.name].splitlines():
                output.say("  " + msg.PLAN_CURRENT.format(text=line))
            output.say(f"  {msg.PLAN_KEEP_HINT}")
        import typer

        answer = typer.prompt(">", default="", show_default=False, prompt_suffix=" ")
        if answer.strip() == "-":
            answers[field.name] = ""
        elif answer.strip():
            answers[field.name] = answer
    return answers


@safety_plan_app.command("edit", help=msg.PLAN_EDIT_HELP)
def plan_edit(
    warning_signs: str | None = options.text("Warning signs."),
    on_my_own: str | None = options.text("Things I can do on my own to cope."),
    distractions: str | None = options.text("People and places that take my mind off things."),
    ask_for_help: str | None = options.text("People I can ask for help."),
    professionals: str | None = options.text("Professionals and crisis lines."),
    safer_surroundings: str | None = options.text("Making my surroundings safer."),
    reasons_for_living: str | None = options.text("My reasons for living."),
    keep_outside: bool | None = Option(
        None, "--keep-outside/--no-keep-outside", help=msg.KEEP_OUTSIDE_HELP, show_default=False
    ),
) -> None:
    from trustbridge.services import safety_plan

    given = {
        "warning_signs": warning_signs, "on_my_own": on_my_own, "distractions": distractions,
        "ask_for_help": ask_for_help, "professionals": professionals,
        "safer_surroundings": safer_surroundings, "reasons_for_living": reasons_for_living,
    }  # fmt: skip
    plan = safety_plan.get_plan(context.store())
    current = safety_plan.parts_of(plan)
    typed: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if not typed and context.interactive():
        typed = _ask_parts(current)
    raw: dict[str, Any] = {**current, **typed}
    kept = bool(plan and plan.keep_outside)
    raw["keep_outside"] = kept if keep_outside is None else keep_outside
    saved = forms.save_with(safety_plan.save_plan, raw)
    output.say(msg.PLAN_SAVED)
    path = safety_plan.outside_path(context.settings().data_dir)
    output.say(
        msg.PLAN_OUTSIDE_ON.format(path=path) if saved.record.keep_outside else msg.PLAN_OUTSIDE_OFF
    )
    calm_note(saved.crisis)


def calm_note(signal: Any) -> None:
    """After a plan is saved: a quiet pointer to Help now, not the full alarm.

    A safety plan is written about hard moments, so its words often sound like crisis; the
    person is planning calmly, and the full notice would answer the wrong thing.
    """
    if signal.level:
        output.say()
        output.say(msg.PLAN_CALM_NOTE)


@safety_plan_app.command("delete", help=msg.PLAN_DELETE_HELP)
def plan_delete(yes: bool = Option(False, "--yes", help=msg.PLAN_DELETE_YES_HELP)) -> None:
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services import safety_plan

    store = context.store()
    if safety_plan.get_plan(store) is None:
        safety_plan.erase_outside(store.settings.data_dir)
        return output.say(msg.PLAN_NONE_TO_DELETE)
    if not yes:
        if not context.interactive():
            say_error(msg.PLAN_DELETE_NEEDS_YES)
            raise Exit(EXIT_BAD_INPUT)
        import typer

        if not typer.confirm(msg.PLAN_DELETE_CONFIRM, default=False):
            return output.say(msg.NOT_DELETED)
    safety_plan.delete_plan(store)
    output.say(msg.PLAN_DELETED)
