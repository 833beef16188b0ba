"""Stage 3 on the command line: the self-check and promises (to myself, and with people)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, editing, forms, options, output, parsing, record_edits
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Option
from trustbridge.domain.relations import PROMISE_EDIT_FIELDS

if TYPE_CHECKING:
    import typer

# --- emotional-safety self-check --------------------------------------------------------------


selfcheck_app = options.doing_group("selfcheck", msg.SELFCHECK_HELP)


@selfcheck_app.callback()
def selfcheck(
    ctx: typer.Context,
    answer: list[str] | None = options.many(msg.ANSWER_HELP, "KEY=0-4", "--answer"),
    history: bool = Option(False, "--history", help=msg.HISTORY_HELP),
    limit: int = options.limit(),
    as_json: bool = options.as_json(),
) -> None:
    """The emotional-safety self-check: ten signs, rated by how often they show up."""
    from trustbridge.services.catalog import spec

    if ctx.invoked_subcommand is not None:
        return
    if history:
        return _history(limit, as_json)
    fields = spec("safety_selfcheck").fields
    given = parsing.answers(answer or [], [f.name for f in fields])
    given = {k: parsing.choice(fields[0].choices, v) or v for k, v in given.items()}
    if context.interactive() and len(given) < len(fields):
        output.say(msg.SELFCHECK_INTRO)
    raw = forms.fill(fields, given)
    missing = [f.name for f in fields if f.name not in raw]
    if missing:
        raise parsing.invalid("answer", msg.ANSWER_MISSING.format(keys=", ".join(missing)))
    forms.save("safety_selfcheck", raw)
    _score()


def _score() -> None:
    from trustbridge.services import selfwork_reads

    with context.reading() as connection:  # the check just saved, read back as --history does
        found = selfwork_reads.safety_history(connection)
    *earlier, latest = found.checks
    output.say()
    output.say(msg.SCORE.format(score=latest.score))
    if earlier:
        when = output.day(earlier[-1].created_at.astimezone().date())
        output.say(msg.SCORE_PREVIOUS.format(when=when, score=earlier[-1].score))
        output.say(msg.TREND_LINES[found.trend.direction].format(slope=found.trend.per_30_days))
    else:
        output.say(msg.SCORE_FIRST)


def _history(limit: int, as_json: bool) -> None:
    from trustbridge.services import selfwork_reads
    from trustbridge.services.catalog import spec

    with context.reading() as connection:
        found = selfwork_reads.safety_history(connection)
    shown = found.checks[-limit:]  # the newest ones, oldest first
    if as_json:
        fields = spec("safety_selfcheck").fields
        return output.print_json(output.record_dict(c, fields) for c in shown)
    if not shown:
        return output.say(msg.NO_SELFCHECKS)
    rows = [
        (c.id, output.moment(c.created_at), msg.SCORE_SHORT.format(score=c.score)) for c in shown
    ]
    output.table(msg.HISTORY_COLUMNS, rows)
    output.say(msg.TREND_LINES[found.trend.direction].format(slope=found.trend.per_30_days))


@selfcheck_app.command("list", help=msg.LIST_HELP.format(things="self-checks"))
def selfcheck_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    _history(limit, as_json)


editing.add_edit(selfcheck_app, "safety_selfcheck", "self-check")


# --- promises to myself -----------------------------------------------------------------------

promise_app = options.sub_app("promise", msg.PROMISE_HELP)


@promise_app.command("add", help=msg.ADD_HELP.format(noun="promise"))
def promise_add(
    text: str | None = options.text(msg.PR_TEXT_HELP),
    due: str | None = options.text(msg.PR_DUE_HELP, "--due"),
    person: str | None = options.text(msg.PR_PERSON_HELP),
    by: str | None = options.text(msg.PR_BY_HELP, "--by"),
) -> None:
    due_on = parsing.date_word(due, context.today())
    if person is None and by in (None, "me"):
        forms.add_entry("self_promises", {"text": text, "due_on": due_on})
        return
    from trustbridge.domain.relations import PROMISE_FIELDS
    from trustbridge.services import relating

    given = {"person": person, "made_by": by, "text": text, "due_on": due_on}
    raw = forms.fill(PROMISE_FIELDS, parsing.choice_keys(PROMISE_FIELDS, given))
    saved = forms.save_with(relating.add_promise, raw)
    output.say(msg.PROMISE_SAVED.format(id=saved.record.id))
    output.crisis_notice(saved.crisis)


@promise_app.command("done", help=msg.DONE_HELP)
def promise_done(entry_id: int = options.entry_id()) -> None:
    _settle(entry_id, "kept", msg.PROMISE_KEPT)


@promise_app.command("broken", help=msg.BROKEN_HELP)
def promise_broken(entry_id: int = options.entry_id()) -> None:
    _settle(entry_id, "broken", msg.PROMISE_BROKEN)


@promise_app.command("renegotiated", help=msg.RENEGOTIATED_HELP)
def promise_renegotiated(entry_id: int = options.entry_id()) -> None:
    _settle(entry_id, "renegotiated", msg.PROMISE_RENEGOTIATED)


def _settle(entry_id: int, outcome: str, mine: str) -> None:
    """Settle any promise; one they made to me is evidence about them, and is said to be."""
    from trustbridge.services import people, relating

    store = context.store()
    promise = relating.settle_promise(store, entry_id, outcome, context.now())
    if promise.person_id is not None and promise.made_by == "them":
        name = people.find_person(store, promise.person_id).name
        output.say(msg.THEIR_PROMISE[outcome].format(id=entry_id, name=name))
    else:
        output.say(mine.format(id=entry_id))


@promise_app.command("list", help=msg.PROMISE_LIST_HELP)
def promise_list(
    person: str | None = options.text(msg.PROMISE_PERSON_HELP),
    limit: int = options.limit(),
    as_json: bool = options.as_json(),
) -> None:
    from trustbridge.services import selfwork_reads
    from trustbridge.services.catalog import spec

    if person is not None:
        return _person_promises(person, limit, as_json)
    with context.reading() as connection:
        found = selfwork_reads.promises(connection, context.today(), open_limit=limit)
    if as_json:
        fields = spec("self_promises").fields
        everything = [*found.open, *found.settled][:limit]
        return output.print_json(output.record_dict(p, fields) for p in everything)
    if found.open:
        output.table(msg.PROMISE_COLUMNS, [_promise_row(p) for p in found.open[:limit]])
    else:
        output.say(msg.NO_OPEN_PROMISES)
    if found.overdue:
        output.say(msg.OVERDUE_COUNT.format(n=found.overdue))
    _follow_through(found)


def _person_promises(person: str, limit: int, as_json: bool) -> None:
    from trustbridge.services import people

    page = people.person_page(context.store(), person, context.now(), recent=0)
    shown = page.promises[:limit]
    if as_json:
        return output.print_json(output.record_dict(p) for p in shown)
    if not shown:
        return output.say(msg.NO_PERSON_PROMISES.format(name=page.person.name))
    rows = [
        (p.id, p.text, msg.MADE_BY_THEM if p.made_by == "them" else msg.MADE_BY_ME,
         output.day(p.due_on), msg.PROMISE_STATUS.get(p.status, p.status))
        for p in shown
    ]  # fmt: skip
    output.table(msg.PERSON_PROMISE_COLUMNS, rows, title=page.person.name)


def _promise_row(promise: Any) -> tuple[object, ...]:
    today = context.today()
    flag = (
        msg.OVERDUE if promise.due_on < today else msg.DUE_TODAY if promise.due_on == today else ""
    )
    return promise.id, promise.text, output.day(promise.due_on), flag


def _follow_through(found: Any) -> None:
    """The same numbers as the web page: kept out of kept-or-not, promises to myself only."""
    if found.rate is None:
        return output.say(msg.FOLLOW_THROUGH_NONE)
    counted = found.kept + found.broken
    output.say(msg.FOLLOW_THROUGH.format(kept=found.kept, settled=counted, rate=found.rate))


# --- editing (the same fields, the same rules) -----------------------------------------------
# One command for every promise: one to yourself keeps its tool's rules and has no one in
# it; one with someone can change who, who made it, and where it stands.

record_edits.add(promise_app, "promise", "promise", PROMISE_EDIT_FIELDS, "relating", "promise")
