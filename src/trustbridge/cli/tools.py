"""Stages 1 and 2 on the command line: journal, hurts, patterns, thought records, beliefs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trustbridge.cli import context, editing, forms, options, output, parsing
from trustbridge.cli import messages as msg
from trustbridge.cli import messages_editing as msg_edit
from trustbridge.cli.declare import App
from trustbridge.domain.records import Emotion, readable_emotions

if TYPE_CHECKING:
    from trustbridge.domain.fields import Field


def add_list_and_show(app: App, slug: str, command: str, thing: str, things: str) -> None:
    """Give a tool's group the same ``list`` and ``show`` commands every tool has."""

    @app.command("list", help=msg.LIST_HELP.format(things=things))
    def list_(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
        forms.list_entries(slug, command, limit, as_json)

    @app.command("show", help=msg.SHOW_HELP.format(thing=thing))
    def show(entry_id: int = options.entry_id()) -> None:
        forms.show_entry(slug, entry_id)


# --- journal ----------------------------------------------------------------------------------

journal_app = options.sub_app("journal", msg.JOURNAL_HELP)


@journal_app.command("add", help=msg.ADD_HELP.format(noun="journal entry"))
def journal_add(
    written: list[str] | None = options.words(msg.J_WORDS_HELP),
    title: str | None = options.text(msg.J_TITLE_HELP),
    body: str | None = options.text(msg.J_BODY_HELP),
    date: str | None = options.text(msg_edit.DATE_HELP, "--date"),
) -> None:
    body = options.once("--body", body, written)
    day = parsing.date_word(date, context.today())
    forms.add_entry("journal", {"title": title, "body": body, "day": day})


add_list_and_show(journal_app, "journal", "journal", "journal entry", "journal entries")
editing.add_edit(journal_app, "journal", "journal entry")

# --- hurt inventory ---------------------------------------------------------------------------

hurt_app = options.sub_app("hurt", msg.HURT_HELP)


@hurt_app.command("add", help=msg.ADD_HELP.format(noun="hurt"))
def hurt_add(
    what_happened: str | None = options.text(msg.H_WHAT_HELP),
    who: str | None = options.text(msg.H_WHO_HELP),
    when: str | None = options.text(msg.H_WHEN_HELP, "--when"),
    kind: str | None = options.text(msg.H_KIND_HELP),
    impact: str | None = options.text(msg.H_IMPACT_HELP),
    belief: str | None = options.text(msg.H_BELIEF_HELP),
) -> None:
    occurred_on = parsing.date_word(when, context.today())
    given = {"what_happened": what_happened, "who": who, "occurred_on": occurred_on}
    forms.add_entry("hurt_inventory", {**given, "kind": kind, "impact": impact, "belief": belief})


add_list_and_show(hurt_app, "hurt_inventory", "hurt", "hurt", "hurts")
editing.add_edit(hurt_app, "hurt_inventory", "hurt")

# --- pattern journal --------------------------------------------------------------------------

pattern_app = options.sub_app("pattern", msg.PATTERN_HELP)


@pattern_app.command("add", help=msg.ADD_HELP.format(noun="pattern entry"))
def pattern_add(
    situation: str | None = options.text(msg.P_SITUATION_HELP),
    pattern: str | None = options.text(msg.P_PATTERN_HELP),
    feeling: str | None = options.text(msg.P_FEELING_HELP),
    need: str | None = options.text(msg.P_NEED_HELP),
) -> None:
    given = {"situation": situation, "pattern": pattern, "feeling": feeling, "need": need}
    forms.add_entry("pattern_journal", given)


@pattern_app.command("list", help=msg.LIST_HELP.format(things="pattern entries"))
def pattern_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    forms.list_entries(
        "pattern_journal", "pattern", limit, as_json, ((msg.PATTERN_COLUMN,), _pattern)
    )


editing.add_edit(pattern_app, "pattern_journal", "pattern entry")


def _pattern(record: Any) -> tuple[str]:
    from trustbridge.services.catalog import spec

    field = next(f for f in spec("pattern_journal").fields if f.name == "pattern")
    return (output.value_text(field, record.pattern),)


# --- thought records --------------------------------------------------------------------------

thought_app = options.sub_app("thought", msg.THOUGHT_HELP)


@thought_app.command("add", help=msg.ADD_HELP.format(noun="thought record"))
def thought_add(
    situation: str | None = options.text(msg.T_SITUATION_HELP),
    thought: str | None = options.text(msg.T_THOUGHT_HELP, "--thought"),
    emotion: list[str] | None = options.many(msg.T_EMOTION_HELP, "NAME:0-100", "--emotion"),
    rerate: list[str] | None = options.many(msg.T_RERATE_HELP, "NAME:0-100", "--rerate"),
    distortion: list[str] | None = options.many(msg.T_DISTORTION_HELP, "KEY", "--distortion"),
    evidence_for: str | None = options.text(msg.T_FOR_HELP),
    evidence_against: str | None = options.text(msg.T_AGAINST_HELP),
    friend: str | None = options.text(msg.T_FRIEND_HELP, "--friend"),
    balanced: str | None = options.text(msg.T_BALANCED_HELP, "--balanced"),
) -> None:
    from trustbridge.domain.records import EMOTION_SLOTS
    from trustbridge.services.catalog import spec

    slots = parsing.emotion_slots(emotion or [], rerate or [], EMOTION_SLOTS)
    given = {"situation": situation, "automatic_thought": thought, **slots}
    given |= {"distortions": distortion, "evidence_for": evidence_for}
    given |= {"evidence_against": evidence_against, "friend_view": friend}
    fields = _rerate_last(spec("thought_record").fields)
    forms.add_entry("thought_record", {**given, "balanced_thought": balanced}, fields=fields,
                    skip=_unused_slot)  # fmt: skip


def _rerate_last(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """Ask for re-rated intensities after the balanced thought, when they make sense."""
    later = tuple(f for f in fields if f.name.startswith("rerated_"))
    return tuple(f for f in fields if f not in later) + later


def _unused_slot(field: Field, raw: Mapping[str, object]) -> bool:
    """Skip questions about an emotion slot the person did not use."""
    kind, _, number = field.name.rpartition("_")
    if kind == "emotion" and number.isdigit() and int(number) > 1:
        return f"emotion_{int(number) - 1}" not in raw
    return kind in ("intensity", "rerated") and f"emotion_{number}" not in raw


editing.add_edit(thought_app, "thought_record", "thought record", skip=_unused_slot)


@thought_app.command("list", help=msg.LIST_HELP.format(things="thought records"))
def thought_list(limit: int = options.limit(), as_json: bool = options.as_json()) -> None:
    forms.list_entries(
        "thought_record", "thought", limit, as_json, ((msg.EMOTIONS_LABEL,), _emotions)
    )


def _emotions(record: Any) -> tuple[str]:
    def short(e: Emotion) -> str:
        template = msg.EMOTION_SHORT if e.rerated is None else msg.EMOTION_SHORT_NOW
        return template.format(name=e.name, before=e.intensity, after=e.rerated)

    return (", ".join(short(e) for e in readable_emotions(record.emotions)),)


def _emotion_text(e: Emotion) -> str:
    if e.rerated is None:
        return msg.EMOTION_THEN.format(name=e.name, before=e.intensity)
    return msg.EMOTION_NOW.format(name=e.name, before=e.intensity, after=e.rerated)


@thought_app.command("show", help=msg.SHOW_HELP.format(thing="thought record"))
def thought_show(entry_id: int = options.entry_id()) -> None:
    record = forms.show_entry("thought_record", entry_id)
    output.say(f"{msg.EMOTIONS_LABEL}:")
    for emotion in readable_emotions(record.emotions):
        output.say(f"    {_emotion_text(emotion)}")
