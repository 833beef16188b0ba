"""What the tools of stages 5-7 record, and how outcomes elsewhere become evidence about a person."""

from __future__ import annotations

from trustbridge.domain.fields import Field
from trustbridge.domain.records import TEN_YEARS, Choices

PERSON_KINDS: Choices = (
    ("partner", "Partner"),
    ("family", "Family"),
    ("friend", "Friend"),
    ("colleague", "Colleague"),
    ("other", "Someone else"),
)
DIMENSION_CHOICES: Choices = (
    ("keeps_promises", "Keeps promises"),
    ("respects_boundaries", "Respects boundaries"),
    ("validates_feelings", "Validates feelings"),
    ("reciprocates_support", "Reciprocates support"),
    ("responds_to_openness", "Responds well to openness"),
)
WEIGHT_CHOICES: Choices = (("small", "Small"), ("significant", "Significant"), ("major", "Major"))
DIRECTION_CHOICES: Choices = (("positive", "It built trust"), ("negative", "It cost trust"))
RESPONSES: Choices = (
    ("supportive", "Supportive"),
    ("neutral", "Neutral"),
    ("dismissive", "Dismissive"),
    ("hurtful", "Hurtful"),
)
MADE_BY: Choices = (("me", "I made it"), ("them", "They made it"))
PROMISE_OUTCOMES = ("kept", "broken", "renegotiated")
BOUNDARY_KINDS: Choices = (
    ("emotional", "Emotional"),
    ("physical", "Physical"),
    ("digital", "Digital"),
    ("time", "Time"),
    ("material", "Material"),
    ("other", "Other"),
)
YES_NO: Choices = (("yes", "Yes"), ("no", "No"))
RESPECTED: Choices = (("respected", "Respected"), ("crossed", "Crossed"))

PERSON = Field("person", "Who", required=True, help="Their name or alias, as in your circle",
               noun="who it is with")  # fmt: skip

PERSON_FIELDS = (
    Field("name", "Name or alias", required=True, help="Only you will see it",
          noun="their name or alias"),
    Field("kind", "Relationship", "choice", required=True, choices=PERSON_KINDS,
          noun="how you are related"),
    Field("support", "Support they give", help="Listening, practical help, fun, advice...",
          noun="the support they give"),
    Field("notes", "Notes", "longtext", noun="the notes"),
)  # fmt: skip

EVIDENCE_FIELDS = (
    PERSON,
    Field("dimension", "What it says something about", "choice", required=True,
          choices=DIMENSION_CHOICES),
    Field("direction", "Did it build or cost trust?", "choice", required=True,
          choices=DIRECTION_CHOICES, noun="whether it built or cost trust"),
    Field("weight", "How much it mattered", "choice", required=True, choices=WEIGHT_CHOICES,
          default="small"),
    Field("occurred_on", "When", "date", required=True, noun="when it happened"),
    Field("note", "What happened", "longtext"),
)  # fmt: skip

RUNG_FIELDS = (
    PERSON,
    Field("action", "What I will share or ask", "longtext", required=True,
          noun="what you will share or ask"),
    Field("risk", "How risky it feels (0-100)", "int", required=True, lo=0, hi=100),
    Field("planned_on", "When I plan to do it", "date", lo=366, hi=TEN_YEARS,
          noun="when you plan to do it"),
)  # fmt: skip

REFLECT_FIELDS = (
    Field("fear_before", "Fear before (0-100)", "int", lo=0, hi=100, noun="your fear before"),
    Field("response", "How they responded", "choice", required=True, choices=RESPONSES),
    Field("feeling_after", "How I felt after", "longtext", noun="how you felt after"),
    Field("learned", "What I learned", "longtext", noun="what you learned"),
    Field("done_on", "When I did it", "date", required=True, noun="when you did it"),
)

PROMISE_FIELDS = (
    PERSON,
    Field("made_by", "Who made the promise", "choice", required=True, choices=MADE_BY),
    Field("text", "The promise", required=True, noun="the promise"),
    Field("due_on", "Due", "date", required=True, lo=3653, hi=TEN_YEARS,
          noun="the date it is due"),
)  # fmt: skip

#: an edit can say where a promise with someone stands, and so reopen one marked by mistake
PROMISE_STATUS = Field(
    "status", "Where it stands", "choice", required=True, noun="where it stands",
    choices=(("open", "Open"), ("kept", "Kept"), ("broken", "Not kept"),
             ("renegotiated", "Changed together")),
)  # fmt: skip
PROMISE_EDIT_FIELDS = (*PROMISE_FIELDS, PROMISE_STATUS)

BRIDGE_FIELDS = (
    Field("what_broke", "What broke", "longtext"),
    Field("my_expectations", "What I expect", "longtext", noun="what you expect"),
    Field("their_expectations", "What they expect", "longtext"),
    Field("agreed_steps", "Steps we agreed", "longtext", noun="the steps you agreed"),
    Field("cadence_days", "Check in every (days)", "int", lo=1, hi=365,
          noun="how many days apart you check in"),
    Field("next_checkin_on", "Next check-in", "date", lo=366, hi=TEN_YEARS,
          noun="the date of the next check-in"),
)  # fmt: skip

GUT_FIELDS = (
    PERSON,
    Field("sense", "I sense that...", required=True, noun="what you sense"),
    Field("confidence", "How sure (50-100%)", "int", required=True, lo=50, hi=100,
          noun="how sure you are"),
)  # fmt: skip

GUT_RESOLVE_FIELDS = (
    Field("came_true", "Did it turn out as you sensed?", "bool", required=True,
          noun="whether it turned out as you sensed"),
    Field("what_happened", "What happened", "longtext"),
)  # fmt: skip

#: a resolved gut check's answer, as a yes or no to pick (a tick box cannot say "no" on a form)
GUT_OUTCOME_FIELDS = (
    GUT_RESOLVE_FIELDS[0]._replace(kind="maybe", choices=YES_NO),
    *GUT_RESOLVE_FIELDS[1:],
)

BOUNDARY_FIELDS = (
    Field("statement", "My boundary", required=True, noun="your boundary"),
    Field("kind", "Kind", "choice", required=True, choices=BOUNDARY_KINDS,
          noun="the kind of boundary"),
    Field("non_negotiable", "Non-negotiable", "bool", noun="whether it is non-negotiable"),
    Field("review_on", "Review on", "date", lo=366, hi=TEN_YEARS, noun="the date to review it"),
)  # fmt: skip

ISTATEMENT_FIELDS = (
    Field("boundary_id", "For boundary (number)", "int", lo=1, noun="the boundary's number"),
    Field("feel", "I feel", required=True, noun="the “I feel” part"),
    Field("when", "when", required=True, noun="the “when” part"),
    Field("because", "because", noun="the “because” part"),
    Field("need", "I need", required=True, noun="the “I need” part"),
)

BOUNDARY_EVENT_FIELDS = (
    Field("boundary_id", "Boundary (number)", "int", required=True, lo=1,
          noun="the boundary's number"),
    PERSON,
    Field("outcome", "Was it respected?", "choice", required=True, choices=RESPECTED,
          noun="whether it was respected"),
    Field("occurred_on", "When", "date", required=True, noun="when it happened"),
    Field("my_response", "How I responded", "longtext", noun="how you responded"),
)  # fmt: skip

BALANCE_FIELDS = (
    Field("day", "Day", "date", required=True, lo=366, noun="the day"),
    Field("alone_minutes", "Time alone (minutes)", "int", required=True, lo=0, hi=1440,
          noun="your minutes alone"),
    Field("connected_minutes", "Time connected (minutes)", "int", required=True, lo=0, hi=1440,
          noun="your minutes connected"),
    Field("solitude_met", "My need for time alone was met", "maybe", choices=YES_NO,
          noun="whether your need for time alone was met"),
    Field("closeness_met", "My need for closeness was met", "maybe", choices=YES_NO,
          noun="whether your need for closeness was met"),
    Field("note", "Note", noun="the note"),
)  # fmt: skip

#: how a reflected ladder step counts as "responds well to openness" evidence; a neutral
#: response counts a little in their favour, since the openness was not punished
LADDER_EVIDENCE = {
    "supportive": (True, "significant"),
    "neutral": (True, "small"),
    "dismissive": (False, "significant"),
    "hurtful": (False, "major"),
}
#: how a settled promise they made counts as "keeps promises" evidence
PROMISE_EVIDENCE = {
    "kept": (True, "significant"),
    "broken": (False, "significant"),
    "renegotiated": (True, "small"),
}


#: the note on evidence another tool gave (by its ``source``): the words before the number of
#: the record it names, and that record's table (a hosted import renumbers every record, and
#: turns this number too: :mod:`trustbridge.exchange.json_account`)
SOURCE_NOTES = {
    "boundary": ("From boundary ", "boundaries"),
    "ladder": ("From ladder step ", "ladder_rungs"),
    "promise": ("From their promise ", "self_promises"),
}


def source_note(source: str, number: int | None, outcome: str) -> str:
    """``From boundary 4: respected``: which record the evidence came from, and how it went
    (without a number when the record is not known)."""
    words = SOURCE_NOTES[source][0]
    return f"{words}{number}: {outcome}" if number is not None else f"{words.rstrip()}: {outcome}"


def boundary_evidence(respected: bool, non_negotiable: bool) -> tuple[bool, str]:
    """A respected boundary builds trust; crossing a non-negotiable one costs the most."""
    if respected:
        return True, "significant"
    return False, "major" if non_negotiable else "significant"


def i_statement(feel: str, when: str, because: str | None, need: str) -> str:
    """Assemble the sentence: I feel ... when ... because ... I need ..."""
    middle = f" because {because.rstrip('.')}" if because else ""
    return f"I feel {feel.rstrip('.')} when {when.rstrip('.')}{middle}. I need {need.rstrip('.')}."
