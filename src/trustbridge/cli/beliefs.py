"""Beliefs: the belief tracker (rated 0-100 over time) and the learned-beliefs checklist."""

from __future__ import annotations

from typing import Any

from trustbridge.cli import context, editing, forms, options, output, parsing
from trustbridge.cli import messages as msg
from trustbridge.cli.declare import Option

belief_app = options.sub_app("belief", msg.BELIEF_HELP)


@belief_app.command("add", help=msg.ADD_HELP.format(noun="belief"))
def belief_add(
    statement: str | None = options.text(msg.B_STATEMENT_HELP),
    believability: str | None = options.number(msg.B_BELIEVABILITY_HELP, "0-100"),
) -> None:
    forms.add_entry("belief_tracker", {"statement": statement, "believability": believability})


@belief_app.command("rate", help=msg.RATE_HELP)
def belief_rate(
    entry_id: int = options.entry_id(),
    believability: str | None = options.number(msg.B_BELIEVABILITY_HELP, "0-100"),
    note: str | None = options.text(msg.B_NOTE_HELP),
) -> None:
    from trustbridge.domain.records import BELIEF_RATING_FIELDS
    from trustbridge.services import entries, selfwork

    store = context.store()
    entries.get(store, "belief_tracker", entry_id)  # a wrong number is reported before asking
    raw = forms.fill(BELIEF_RATING_FIELDS, {"believability": believability, "note": note})
    saved = selfwork.rate_belief(store, entry_id, raw, context.now())
    output.say(msg.RATED.format(id=entry_id, level=saved.record.believability))
    output.crisis_notice(saved.crisis)


@belief_app.command("list", help=msg.LIST_HELP.format(things="beliefs"))
def belief_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    from trustbridge.services.catalog import spec
    from trustbridge.services.selfwork_reads import belief_trend

    beliefs = forms.recent("belief_tracker", limit)
    if as_json:
        fields = spec("belief_tracker").fields
        return output.print_json(output.record_dict(b, fields) for b in beliefs)
    if not beliefs:
        return output.say(msg.NO_ENTRIES.format(command="belief"))
    output.table(msg.BELIEF_COLUMNS, [_belief_row(b, belief_trend(b)) for b in beliefs])


def _belief_row(belief: Any, trend: Any) -> tuple[object, ...]:
    first, last = belief.ratings[0].believability, belief.ratings[-1].believability
    return belief.id, belief.statement, last, first, msg.TREND_WORDS[trend.direction]


@belief_app.command("show", help=msg.SHOW_HELP.format(thing="belief"))
def belief_show(entry_id: int = options.entry_id()) -> None:
    from trustbridge.services.selfwork_reads import belief_trend

    belief = forms.show_entry("belief_tracker", entry_id)
    rows = [(output.moment(r.rated_at), r.believability, r.note or "") for r in belief.ratings]
    output.table(msg.RATING_COLUMNS, rows, title=msg.BELIEF_RATINGS)
    trend = msg.TREND_WORDS[belief_trend(belief).direction]
    output.say(msg.TREND_LINE.format(trend=trend))


def beliefs_check(
    mark: list[str] | None = options.many(msg.MARK_HELP, "NUMBER|KEY", "--mark"),
    clear: bool = Option(False, "--clear", help=msg.CLEAR_HELP),
) -> None:
    """The learned-beliefs checklist: see it, and tick the beliefs that ring true."""
    from trustbridge.content import load_program

    items = load_program().checklists["learned_beliefs"]
    if mark or clear:
        from trustbridge.services import selfwork

        chosen = parsing.marks([i.key for i in items], [] if clear else mark or [])
        marked = selfwork.mark_learned_beliefs(context.store(), chosen, context.now())
    else:
        from trustbridge.services import selfwork_reads

        with context.reading() as connection:
            marked = selfwork_reads.learned_beliefs(connection)
    output.say(msg.BELIEFS_CHECK_INTRO)
    output.say()
    for number, item in enumerate(items, start=1):
        box = "[x]" if marked.get(item.key) else "[ ]"
        output.say(f"{box} {number:>2}. {item.text}  ({item.key})")
    output.say()
    if mark or clear:
        output.say(msg.BELIEFS_CHECK_SAVED.format(n=sum(marked.values()), total=len(items)))
    else:
        output.say(msg.BELIEFS_CHECK_HINT)


# --- editing (the same fields, the same rules) -----------------------------------------------

editing.add_edit(belief_app, "belief_tracker", "belief")
