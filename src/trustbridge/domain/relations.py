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

PERSON = Field("person", "Who", required=True, help="Their name or alias, as in your circle")

PERSON_FIELDS = (
    Field("name", "Name or alias", required=True, help="Only you will see it"),
    Field("kind", "Relationship", "choice", required=True, choices=PERSON_KINDS),
    Field("support", "Support they give", help="Listening, practical help, fun, advice..."),
    Field("notes", "Notes", "longtext"),
)

EVIDENCE_FIELDS = (
    PERSON,
    Field("dimension", "What it says something about", "choice", required=True,
          choices=DIMENSION_CHOICES),
    Field("direction", "Did it build or cost trust?", "choice", required=True,
          choices=DIRECTION_CHOICES),
    Field("weight", "How much it mattered", "choice", required=True, choices=WEIGHT_CHOICES,
          default="small"),
    Field("occurred_on", "When", "date", required=True),
    Field("note", "What happened", "longtext"),
)  # fmt: skip

RUNG_FIELDS = (
    PERSON,
    Field("action", "What I will share or ask", "longtext", required=True),
    Field("risk", "How risky it feels (0-100)", "int", required=True, lo=0, hi=100),
    Field("planned_on", "When I plan to do it", "date", lo=366, hi=TEN_YEARS),
)

REFLECT_FIELDS = (
    Field("fear_before", "Fear before (0-100)", "int", lo=0, hi=100),
    Field("response", "How they responded", "choice", required=True, choices=RESPONSES),
    Field("feeling_after", "How I felt after", "longtext"),
    Field("learned", "What I learned", "longtext"),
    Field("done_on", "When I did it", "date", required=True),
)

PROMISE_FIELDS = (
    PERSON,
    Field("made_by", "Who made the promise", "choice", required=True, choices=MADE_BY),
    Field("text", "The promise", required=True),
    Field("due_on", "Due", "date", required=True, lo=3653, hi=TEN_YEARS),
)

BRIDGE_FIELDS = (
    Field("what_broke", "What broke", "longtext"),
    Field("my_expectations", "What I expect", "longtext"),
    Field("their_expectations", "What they expect", "longtext"),
    Field("agreed_steps", "Steps we agreed", "longtext"),
    Field("cadence_days", "Check in every (days)", "int", lo=1, hi=365),
    Field("next_checkin_on", "Next check-in", "date", lo=366, hi=TEN_YEARS),
)

GUT_FIELDS = (
    PERSON,
    Field("sense", "I sense that...", required=True),
    Field("confidence", "How sure (50-100%)", "int", required=True, lo=50, hi=100),
)

GUT_RESOLVE_FIELDS = (
    Field("came_true", "Did it turn out as you sensed?", "bool", required=True),
    Field("what_happened", "What happened", "longtext"),
)

BOUNDARY_FIELDS = (
    Field("statement", "My boundary", required=True),
    Field("kind", "Kind", "choice", required=True, choices=BOUNDARY_KINDS),
    Field("non_negotiable", "Non-negotiable", "bool"),
    Field("review_on", "Review on", "date", lo=366, hi=TEN_YEARS),
)

ISTATEMENT_FIELDS = (
    Field("boundary_id", "For boundary (number)", "int", lo=1),
    Field("feel", "I feel", required=True),
    Field("when", "when", required=True),
    Field("because", "because"),
    Field("need", "I need", required=True),
)

BOUNDARY_EVENT_FIELDS = (
    Field("boundary_id", "Boundary (number)", "int", required=True, lo=1),
    PERSON,
    Field("outcome", "Was it respected?", "choice", required=True, choices=RESPECTED),
    Field("occurred_on", "When", "date", required=True),
    Field("my_response", "How I responded", "longtext"),
)

BALANCE_FIELDS = (
    Field("day", "Day", "date", required=True, lo=366),
    Field("alone_minutes", "Time alone (minutes)", "int", required=True, lo=0, hi=1440),
    Field("connected_minutes", "Time connected (minutes)", "int", required=True, lo=0, hi=1440),
    Field("solitude_met", "My need for time alone was met", "maybe", choices=YES_NO),
    Field("closeness_met", "My need for closeness was met", "maybe", choices=YES_NO),
    Field("note", "Note"),
)

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


def boundary_evidence(respected: bool, non_negotiable: bool) -> tuple[bool, str]:
    """A respected boundary builds trust; crossing a non-negotiable one costs the most."""
    if respected:
        return True, "significant"
    return False, "major" if non_negotiable else "significant"


def i_statement(feel: str, when: str, because: str | None, need: str) -> str:
    """Assemble the sentence: I feel ... when ... because ... I need ..."""
    middle = f" because {because.rstrip('.')}" if because else ""
    return f"I feel {feel.rstrip('.')} when {when.rstrip('.')}{middle}. I need {need.rstrip('.')}."
