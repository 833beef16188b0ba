"""Stage 7 on the command line: boundaries, boundary events, I-statements and the balance log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, forms, options, output, parsing, record_edits
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import App, Option
from trustbridge.domain import relations as rel

if TYPE_CHECKING:
    import typer

# --- boundaries -------------------------------------------------------------------------------

boundary_app = options.sub_app("boundary", msg.BOUNDARY_HELP)


@boundary_app.command("add", help=msg.BOUNDARY_ADD_HELP)
def boundary_add(
    statement: str | None = options.text(msg.BD_STATEMENT_HELP),
    kind: str | None = options.text(msg.BD_KIND_HELP),
    non_negotiable: bool = Option(False, "--non-negotiable", help=msg.BD_NON_NEGOTIABLE_HELP),
    review: str | None = options.text(msg.BD_REVIEW_HELP, "--review"),
) -> None:
    from trustbridge.domain.relations import BOUNDARY_FIELDS
    from trustbridge.services import boundaries

    given: dict[str, object] = {
        "statement": statement,
        "kind": kind,
        "non_negotiable": non_negotiable or None,
    }
    given |= {"review_on": parsing.date_word(review, context.today())}
    given = parsing.choice_keys(BOUNDARY_FIELDS, given)
    saved = forms.save_with(boundaries.add_boundary, forms.fill(BOUNDARY_FIELDS, given))
    output.say(msg.BOUNDARY_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@boundary_app.command("event", help=msg.BOUNDARY_EVENT_HELP)
def boundary_event(
    boundary: str | None = options.number(msg.BE_BOUNDARY_HELP, "N", "--boundary"),
    person: str | None = options.text(msg.PERSON_OPT_HELP),
    outcome: str | None = options.text(msg.BE_OUTCOME_HELP),
    when: str | None = options.text(msg.WHEN_HELP, "--when"),
    my_response: str | None = options.text(msg.BE_RESPONSE_HELP),
) -> None:
    from trustbridge.domain.relations import BOUNDARY_EVENT_FIELDS
    from trustbridge.services import boundaries, people

    today = context.today()
    given: dict[str, object] = {"boundary_id": boundary, "person": person, "outcome": outcome}
    given |= {"occurred_on": parsing.date_word(when, today), "my_response": my_response}
    given = parsing.choice_keys(BOUNDARY_EVENT_FIELDS, given)
    raw = forms.fill(BOUNDARY_EVENT_FIELDS, given, defaults={"occurred_on": today.isoformat()})
    saved = forms.save_with(boundaries.add_boundary_event, raw)
    event = saved.record
    name = people.find_person(context.store(), event.person_id).name
    done = msg.BOUNDARY_RESPECTED if event.respected else msg.BOUNDARY_CROSSED
    output.say(done.format(boundary=event.boundary_id, person=name))
    output.crisis_notice(saved.crisis)


@boundary_app.command("list", help=msg.BOUNDARY_LIST_HELP)
def boundary_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.boundaries(connection, context.today())[:limit]
    if as_json:
        return output.print_json(
            {**output.record_dict(v.boundary), "respected": v.respected, "crossed": v.crossed,
             "review_due": v.review_due}
            for v in found
        )  # fmt: skip
    if not found:
        return output.say(msg.NO_BOUNDARIES)
    output.table(msg.BOUNDARY_COLUMNS, [_boundary_row(v) for v in found])


def _boundary_row(view: Any) -> tuple[object, ...]:
    from trustbridge.domain.relations import BOUNDARY_KINDS

    b = view.boundary
    text = msg.NON_NEGOTIABLE.format(statement=b.statement) if b.non_negotiable else b.statement
    review = "" if b.review_on is None else output.day(b.review_on)
    review = msg.REVIEW_DUE.format(day=review) if view.review_due else review
    kind = dict(BOUNDARY_KINDS).get(b.kind, b.kind)
    return b.id, text, kind, view.respected, view.crossed, review


@boundary_app.command("events", help=msg.BOUNDARY_EVENTS_HELP)
def boundary_events(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.boundary_events(connection, limit)
    if as_json:
        return output.print_json(
            {**output.record_dict(e), "person": p.name, "boundary": b.statement}
            for e, p, b in found
        )
    if not found:
        return output.say(msg.NO_BOUNDARY_EVENTS)
    rows = [
        (e.id, output.day(e.occurred_on), b.statement, p.name,
         msg.RESPECTED_WORDS[bool(e.respected)], e.my_response or "")
        for e, p, b in found
    ]  # fmt: skip
    output.table(msg.BOUNDARY_EVENT_COLUMNS, rows)


record_edits.add(
    boundary_app, "boundary", "boundary", rel.BOUNDARY_FIELDS, "boundaries", "boundary"
)
record_edits.add(
    boundary_app, "boundary moment", "boundary moment", rel.BOUNDARY_EVENT_FIELDS, "boundaries", "boundary_event",
    name="event-edit",
)  # fmt: skip

# --- I-statements -----------------------------------------------------------------------------
# A group whose own options build a statement (``istatement --feel ...``, as before), with
# ``list`` and ``edit`` beside them.

istatement = App(
    name="istatement",
    help=msg.ISTATEMENT_HELP,
    short_help=msg.SHORT["istatement"],
    rich_markup_mode=None,
    add_completion=False,
)


@istatement.callback(invoke_without_command=True)
def istatement_build(
    ctx: typer.Context,
    feel: str | None = options.text(msg.IS_FEEL_HELP),
    when: str | None = options.text(msg.IS_WHEN_HELP, "--when"),
    because: str | None = options.text(msg.IS_BECAUSE_HELP),
    need: str | None = options.text(msg.IS_NEED_HELP),
    boundary: str | None = options.number(msg.IS_BOUNDARY_HELP, "N", "--boundary"),
    show_list: bool = Option(False, "--list", help=msg.IS_LIST_HELP),
    limit: int = options.limit(),
    as_json: bool = options.as_json(),
) -> None:
    """Build an I-statement, print it and save it."""
    from trustbridge.domain.relations import ISTATEMENT_FIELDS
    from trustbridge.services import boundaries

    if ctx.invoked_subcommand is not None:
        return
    if show_list:
        return _istatements(limit, as_json)
    given = {"feel": feel, "when": when, "because": because, "need": need}
    fields = (*ISTATEMENT_FIELDS[1:], ISTATEMENT_FIELDS[0])  # the sentence first, then the link
    raw = forms.fill(fields, {**given, "boundary_id": boundary})
    saved = forms.save_with(boundaries.add_i_statement, raw)
    output.say(boundaries.sentence(saved.record))
    output.say()
    output.say(msg.ISTATEMENT_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@istatement.command("list", help=msg.ISTATEMENT_LIST_HELP)
def istatement_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    _istatements(limit, as_json)


record_edits.add(
    istatement, "I-statement", "I-statement", rel.ISTATEMENT_FIELDS, "boundaries", "i_statement"
)


def _istatements(limit: int, as_json: bool) -> None:
    from trustbridge.services.relating_reads import i_statements, sentence

    with context.reading() as connection:
        found = i_statements(connection, limit)
    if as_json:
        return output.print_json({**output.record_dict(s), "sentence": sentence(s)} for s in found)
    if not found:
        return output.say(msg.NO_ISTATEMENTS)
    rows = [(s.id, output.moment(s.created_at), sentence(s), s.boundary_id or "") for s in found]
    output.table(msg.ISTATEMENT_COLUMNS, rows)


# --- balance ----------------------------------------------------------------------------------

balance_app = options.sub_app("balance", msg.BALANCE_HELP)


@balance_app.command("add", help=msg.BALANCE_ADD_HELP)
def balance_add(
    day: str | None = options.text(msg.BL_DAY_HELP, "--day"),
    alone: str | None = options.number(msg.BL_ALONE_HELP, "MINUTES", "--alone"),
    connected: str | None = options.number(msg.BL_CONNECTED_HELP, "MINUTES", "--connected"),
    solitude_met: str | None = options.text(msg.BL_SOLITUDE_HELP),
    closeness_met: str | None = options.text(msg.BL_CLOSENESS_HELP),
    note: str | None = options.text(msg.BL_NOTE_HELP),
) -> None:
    from trustbridge.domain.relations import BALANCE_FIELDS
    from trustbridge.services import boundaries

    today = context.today()
    given = {"day": parsing.date_word(day, today), "alone_minutes": alone}
    given |= {"connected_minutes": connected, "solitude_met": solitude_met}
    given |= {"closeness_met": closeness_met, "note": note}
    raw = forms.fill(BALANCE_FIELDS, given, defaults={"day": today.isoformat()})
    saved = forms.save_with(boundaries.add_balance, raw)
    output.say(msg.BALANCE_SAVED.format(day=output.day(saved.record.day), id=saved.record.id))
    output.crisis_notice(saved.crisis)


@balance_app.command("list", help=msg.BALANCE_LIST_HELP)
def balance_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services import relating_reads

    with context.reading() as connection:
        found = relating_reads.balance_logs(connection, limit)
    if as_json:
        return output.print_json(output.record_dict(x) for x in found)
    if not found:
        return output.say(msg.NO_BALANCE_LOGS)
    output.table(msg.BALANCE_COLUMNS, [_balance_row(x) for x in found])


def _balance_row(log: Any) -> tuple[object, ...]:
    from trustbridge.domain.relations import BALANCE_FIELDS

    met = {f.name: output.value_text(f, getattr(log, f.name)) for f in BALANCE_FIELDS[3:5]}
    return (log.id, output.day(log.day), _duration(log.alone_minutes),
            _duration(log.connected_minutes), met["solitude_met"], met["closeness_met"],
            log.note or "")  # fmt: skip


record_edits.add(
    balance_app,
    "balance log entry",
    "balance log entry",
    rel.BALANCE_FIELDS,
    "boundaries",
    "balance",
)


@balance_app.command("report", help=msg.BALANCE_REPORT_HELP)
def balance_report(
    weeks: int = Option(3, "--weeks", metavar="N", min=1, max=52, help=msg.WEEKS_HELP),
    as_json: bool = Option(False, "--json", help=msg.JSON_HELP),
) -> None:
    from dataclasses import asdict

    from trustbridge.services import relating_reads

    with context.reading() as connection:
        report = relating_reads.balance_report(connection, context.today(), weeks)
    if as_json:
        return output.print_data({"weeks": weeks, **asdict(report)})
    if report.days:
        output.say(msg.BALANCE_TITLE.format(weeks=weeks, days=report.days))
        alone, together = _duration(report.alone_per_day), _duration(report.connected_per_day)
        output.say(msg.BALANCE_TIME.format(alone=alone, connected=together))
        for need, share in ((msg.NEED_SOLITUDE, report.solitude_met_share),
                            (msg.NEED_CLOSENESS, report.closeness_met_share)):  # fmt: skip
            if share is not None:
                output.say(msg.BALANCE_MET.format(need=need, share=share))
    else:
        output.say(msg.BALANCE_NONE.format(weeks=weeks))
    output.say()
    if not report.signals:
        output.say(msg.NO_SIGNALS)
    else:
        output.say(msg.SIGNALS_TITLE)
        for signal in report.signals:
            output.say(f"  - {signal.title}")
            output.say(f"    {signal.explanation}")
    output.say(msg.SIGNALS_NOTE)


def _duration(minutes: float | None) -> str:
    whole = round(minutes or 0)
    if whole < 60:
        return msg.MINUTES.format(n=whole)
    return msg.HOURS_MINUTES.format(h=whole // 60, m=whole % 60)
