"""Stage 6 on the command line: the trust circle, the evidence log and bridge plans."""

from __future__ import annotations

from typing import Any

from trustbridge.cli import context, forms, options, output, parsing, person_page, record_edits
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Argument, Exit, Option
from trustbridge.domain import relations as rel


def person_arg() -> Any:
    """Their name or number; a name of several words needs no quotes (``person show Sam Rivera``)."""
    return Argument(..., metavar="NAME", help=msg.PERSON_ARG_HELP, show_default=False)


# --- people -----------------------------------------------------------------------------------

person_app = options.sub_app("person", msg.PERSON_HELP)


@person_app.command("add", help=msg.PERSON_ADD_HELP)
def person_add(
    written: list[str] | None = options.words(msg.PN_WORDS_HELP),
    name: str | None = options.text(msg.PN_NAME_HELP),
    kind: str | None = options.text(msg.PN_KIND_HELP),
    support: str | None = options.text(msg.PN_SUPPORT_HELP),
    notes: str | None = options.text(msg.PN_NOTES_HELP),
) -> None:
    from trustbridge.domain.relations import PERSON_FIELDS
    from trustbridge.services import people

    name = options.once("--name", name, written)

    given = {"name": name, "kind": kind, "support": support, "notes": notes}
    raw = forms.fill(PERSON_FIELDS, parsing.choice_keys(PERSON_FIELDS, given))
    saved = forms.save_with(people.add_person, raw)
    output.say(msg.PERSON_ADDED.format(name=saved.record.name, id=saved.record.id))
    output.say(msg.PERSON_ADDED_NEXT)
    output.crisis_notice(saved.crisis)


@person_app.command("list", help=msg.PERSON_LIST_HELP)
def person_list(
    everyone: bool = Option(False, "--all", help=msg.ALL_HELP),
    limit: int = options.limit(),
    as_json: bool = options.as_json(),
) -> None:
    from trustbridge.domain.relations import PERSON_KINDS
    from trustbridge.domain.trust import describe
    from trustbridge.services import people

    members = people.circle(context.store(), context.now(), include_archived=everyone)[:limit]
    if as_json:
        return output.print_json(
            {**output.record_dict(c.person), "overall": output.estimate_dict(c.overall),
             "evidence_count": c.evidence_count}
            for c in members
        )  # fmt: skip
    if not members:
        return output.say(msg.NO_PEOPLE)
    kinds = dict(PERSON_KINDS)
    rows = [
        (c.person.id, _name(c.person), kinds.get(c.person.kind, c.person.kind),
         describe(c.overall), c.evidence_count)
        for c in members
    ]  # fmt: skip
    output.table(msg.PERSON_COLUMNS, rows)


def _name(person: Any) -> str:
    return msg.ARCHIVED_MARK.format(name=person.name) if person.archived_at else str(person.name)


@person_app.command("show", help=msg.PERSON_SHOW_HELP)
def person_show(
    words: list[str] = person_arg(),
    full: bool = Option(False, "--full", help=msg.FULL_HELP),
    as_json: bool = Option(False, "--json", help=msg.SHOW_JSON_HELP),
) -> None:
    name = " ".join(words)
    from trustbridge.services.person_reads import read_person_page

    with context.reading() as connection:
        half_life = context.settings().half_life_days
        page = read_person_page(connection, name, context.today(), half_life)
    if as_json:
        return output.print_data(_page_data(page))
    moved = {k: [(_row(x.event), x.shift) for x in v] for k, v in page.explanations.items()}
    details = _details(page.person)
    recent = [_row(e) for e in page.recent]
    person_page.show(details, page.estimates, moved, recent, page.evidence_count)
    if full:
        _extras(page)
    else:
        output.say(msg.PERSON_FULL_HINT.format(name=person_page.quoted(page.person.name)))


def _details(person: Any) -> dict[str, object]:
    keys = ("id", "name", "kind", "notes", "support", "created_at", "archived_at")
    return {k: getattr(person, k) for k in keys}


def _row(event: Any) -> Any:
    return (event.id, event.dimension, event.positive, event.weight, event.occurred_on, event.note)


def _extras(page: Any) -> None:
    """Everything else linked to the person: promises, ladder steps, the bridge plan, gut checks."""
    _section(msg.PROMISES_TITLE, [promise_line(p) for p in page.promises])
    _section(msg.RUNGS_TITLE, [rung_line(r) for r in page.rungs])
    _section(msg.BRIDGE_TITLE, [] if page.bridge is None else bridge_lines(page.bridge))
    _section(msg.GUT_TITLE, [gut_line(g) for g in page.gut_checks])


def _section(title: str, lines: list[str]) -> None:
    output.say()
    output.say(title)
    for line in lines or [msg.NONE_YET]:
        output.say(line)


def bridge_lines(plan: Any) -> list[str]:
    """The filled-in parts of a bridge plan, indented, one line each (longer text wrapped below)."""
    from trustbridge.domain.relations import BRIDGE_FIELDS

    lines = []
    for field in BRIDGE_FIELDS:
        value = getattr(plan, field.name)
        if value is None or value == "":
            continue
        text = output.value_text(field, value).splitlines() or [""]
        lines.append(f"  {field.label}: {text[0]}")
        lines += [f"    {more}" for more in text[1:]]
    return lines


def promise_line(promise: Any) -> str:
    by = msg.MADE_BY_THEM if promise.made_by == "them" else msg.MADE_BY_ME
    status = msg.PROMISE_STATUS.get(promise.status, promise.status)
    return msg.PROMISE_LINE.format(
        id=promise.id, text=promise.text, by=by, due=output.day(promise.due_on), status=status
    )


def rung_line(rung: Any) -> str:
    if rung.done_on is None:
        return msg.RUNG_PLANNED.format(id=rung.id, action=rung.action, risk=rung.risk)
    day, response = output.day(rung.done_on), rung.response
    return msg.RUNG_DONE.format(
        id=rung.id, action=rung.action, risk=rung.risk, day=day, response=response
    )


def gut_line(check: Any) -> str:
    base = {"id": check.id, "sense": check.sense, "confidence": check.confidence}
    if check.came_true is None:
        return msg.GUT_OPEN_LINE.format(**base)
    return msg.GUT_DONE_LINE.format(
        **base, outcome=msg.CAME_TRUE if check.came_true else msg.DID_NOT
    )


def _page_data(page: Any) -> dict[str, object]:
    return {
        "person": output.record_dict(page.person),
        "estimates": {k: output.estimate_dict(e) for k, e in page.estimates.items()},
        "moved_most": {
            k: [{"evidence_id": x.event.id, "shift": x.shift} for x in v]
            for k, v in page.explanations.items()
        },
        "evidence_count": page.evidence_count,
        "recent": [output.record_dict(e) for e in page.recent],
        "promises": [output.record_dict(p) for p in page.promises],
        "ladder": [output.record_dict(r) for r in page.rungs],
        "bridge": None if page.bridge is None else output.record_dict(page.bridge),
        "gut_checks": [output.record_dict(g) for g in page.gut_checks],
    }


@person_app.command("archive", help=msg.ARCHIVE_HELP)
def person_archive(
    words: list[str] = person_arg(), undo: bool = Option(False, "--undo", help=msg.UNDO_HELP)
) -> None:
    name = " ".join(words)
    from trustbridge.services import people

    store = context.store()
    person = people.find_person(store, name)
    people.archive_person(store, person.id, context.now(), archived=not undo)
    done = msg.UNARCHIVED if undo else msg.ARCHIVED
    output.say(done.format(name=person.name, arg=person_page.quoted(person.name)))


@person_app.command("delete", help=msg.DELETE_PERSON_HELP)
def person_delete(
    words: list[str] = person_arg(), yes: bool = Option(False, "--yes", help=msg.YES_HELP)
) -> None:
    name = " ".join(words)
    from trustbridge.cli.errors import EXIT_BAD_INPUT, say_error
    from trustbridge.services import people

    store = context.store()
    person = people.find_person(store, name)
    if not yes:
        if not context.interactive():
            say_error(
                msg.DELETE_NEEDS_YES.format(name=person.name, arg=person_page.quoted(person.name))
            )
            raise Exit(EXIT_BAD_INPUT)
        shown = output.visible(person.name)  # a question is printed without say()
        import typer

        if not typer.confirm(msg.DELETE_CONFIRM.format(name=shown), default=False):
            return output.say(msg.NOT_DELETED)
    people.delete_person(store, person.id)
    output.say(msg.PERSON_DELETED.format(name=person.name))


record_edits.add(
    person_app, "the details of person", "person", rel.PERSON_FIELDS, "people", "person",
    deletes=False,
)  # fmt: skip

# --- evidence ---------------------------------------------------------------------------------

evidence_app = options.sub_app("evidence", msg.EVIDENCE_HELP)


@evidence_app.command("add", help=msg.EVIDENCE_ADD_HELP)
def evidence_add(
    person: str | None = options.text(msg.PERSON_OPT_HELP),
    dimension: str | None = options.text(msg.EV_DIMENSION_HELP),
    direction: str | None = options.text(msg.EV_DIRECTION_HELP),
    weight: str | None = options.text(msg.EV_WEIGHT_HELP),
    when: str | None = options.text(msg.WHEN_HELP, "--when"),
    note: str | None = options.text(msg.EV_NOTE_HELP),
) -> None:
    from trustbridge.domain.relations import EVIDENCE_FIELDS
    from trustbridge.services import people

    today = context.today()
    given: dict[str, object] = {
        "person": person,
        "dimension": dimension,
        "direction": direction,
        "weight": weight,
    }
    given |= {"occurred_on": parsing.date_word(when, today), "note": note}
    defaults = {"weight": "small", "occurred_on": today.isoformat()}
    given = parsing.choice_keys(EVIDENCE_FIELDS, given)
    raw = forms.fill(EVIDENCE_FIELDS, given, defaults=defaults)
    saved = forms.save_with(people.add_evidence, raw)
    who = person_page.quoted(str(raw["person"]).strip())
    output.say(msg.EVIDENCE_SAVED.format(id=saved.record.id, person=who))
    output.crisis_notice(saved.crisis)


@evidence_app.command("list", help=msg.EVIDENCE_LIST_HELP)
def evidence_list(
    person: str | None = options.text(msg.EVIDENCE_PERSON_HELP),
    limit: int = options.limit(),
    as_json: bool = options.as_json(),
) -> None:
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.evidence_list(connection, person, limit)
    if as_json:
        return output.print_json({**output.record_dict(e), "person": p.name} for e, p in found)
    if not found:
        return output.say(msg.NO_EVIDENCE_LISTED)
    output.table(msg.EVIDENCE_COLUMNS, [_evidence_row(e, p) for e, p in found])


def _evidence_row(event: Any, person: Any) -> tuple[object, ...]:
    from trustbridge.domain.trust import DIMENSION_NAMES
    from trustbridge.services.relating_reads import EVIDENCE_SOURCES

    what = msg.BUILT_TRUST if event.positive else msg.COST_TRUST
    what = msg.EVIDENCE_WHAT.format(what=what, weight=event.weight)
    dimension = DIMENSION_NAMES.get(event.dimension, event.dimension)
    source = EVIDENCE_SOURCES.get(event.source, event.source)
    came = msg.NOTED_BY_YOU if event.source == "manual" else f"{source} {event.source_id}"
    return (event.id, output.day(event.occurred_on), person.name, f"{dimension}: {what}", came,
            event.note or "")  # fmt: skip


@evidence_app.command("delete", help=msg.EVIDENCE_DELETE_HELP)
def evidence_delete(entry_id: int = options.entry_id()) -> None:
    from trustbridge.services import people

    people.delete_evidence(context.store(), entry_id)
    output.say(msg.EVIDENCE_DELETED.format(id=entry_id))


record_edits.add(
    evidence_app, "moment", "moment", rel.EVIDENCE_FIELDS, "people", "evidence", deletes=False
)

# --- bridge plan ------------------------------------------------------------------------------


def bridge(
    words: list[str] = person_arg(),
    what_broke: str | None = options.text(msg.BR_BROKE_HELP),
    my_expectations: str | None = options.text(msg.BR_MINE_HELP),
    their_expectations: str | None = options.text(msg.BR_THEIRS_HELP),
    steps: str | None = options.text(msg.BR_STEPS_HELP, "--steps"),
    cadence_days: str | None = options.number(msg.BR_CADENCE_HELP, "DAYS"),
    next_checkin: str | None = options.text(msg.BR_NEXT_HELP, "--next-checkin"),
    edit: bool = Option(False, "--edit", help=msg.BR_EDIT_HELP),
) -> None:
    """Show or set the bridge plan for one relationship."""
    name = " ".join(words)
    from trustbridge.domain.relations import BRIDGE_FIELDS
    from trustbridge.services import people, relating

    store = context.store()
    page = people.person_page(store, name, context.now(), recent=0)
    given = {"what_broke": what_broke, "my_expectations": my_expectations}
    given |= {"their_expectations": their_expectations, "agreed_steps": steps}
    given |= {"cadence_days": cadence_days}
    given |= {"next_checkin_on": parsing.date_word(next_checkin, context.today())}
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes and not (edit and context.interactive()):
        return _show_bridge(page.person, page.bridge)
    current = {f.name: getattr(page.bridge, f.name) for f in BRIDGE_FIELDS} if page.bridge else {}
    current = {k: v for k, v in current.items() if v is not None}
    if "cadence_days" in changes and "next_checkin_on" not in changes:
        current.pop("next_checkin_on", None)  # a new cadence sets the next check-in afresh
    raw = forms.fill(BRIDGE_FIELDS, changes, defaults=current) if edit else {**current, **changes}
    saved = forms.save_with(lambda s, r, now: relating.save_bridge(s, page.person.id, r, now), raw)
    output.say(msg.BRIDGE_SAVED.format(name=page.person.name))
    output.say()
    _show_bridge(page.person, saved.record)
    output.crisis_notice(saved.crisis)


def _show_bridge(person: Any, plan: Any) -> None:
    if plan is None:
        return output.say(
            msg.NO_BRIDGE.format(name=person.name, arg=person_page.quoted(person.name))
        )
    output.say(msg.BRIDGE_HEADER.format(name=person.name))
    for line in bridge_lines(plan):
        output.say(line)
    if plan.next_checkin_on is not None and plan.next_checkin_on <= context.today():
        output.say(msg.CHECKIN_DUE)
