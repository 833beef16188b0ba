"""Crisis check: wording that must bring up support, look-alikes that must not, long texts."""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trustbridge.domain.crisis import (
    CATEGORIES,
    IN_DANGER,
    NO_WAY_OUT,
    SELF_HARM,
    SUICIDAL_THOUGHTS,
    CrisisSignal,
    check_text,
)

MUST_FLAG = [
    # explicit wording about ending one's life
    ("I have been thinking about suicide a lot lately.", SUICIDAL_THOUGHTS),
    ("Honestly I feel suicidal tonight.", SUICIDAL_THOUGHTS),
    ("I want to kill myself.", SUICIDAL_THOUGHTS),
    ("Sometimes I just want to end my life.", SUICIDAL_THOUGHTS),
    ("I keep thinking I should take my own life.", SUICIDAL_THOUGHTS),
    ("I want to die.", SUICIDAL_THOUGHTS),
    ("I don't want to be alive anymore.", SUICIDAL_THOUGHTS),
    ("i dont want to live any more", SUICIDAL_THOUGHTS),
    ("There is no reason to live.", SUICIDAL_THOUGHTS),
    ("I wish I was dead.", SUICIDAL_THOUGHTS),
    ("I have a plan for how I would die.", SUICIDAL_THOUGHTS),
    ("I wrote a note to my sister in case I'm dead by Friday.", SUICIDAL_THOUGHTS),
    ("The pills are in the drawer. I have a plan.", SUICIDAL_THOUGHTS),
    ("I've got the pills, I have a plan", SUICIDAL_THOUGHTS),
    ("Been thinking about unaliving myself.", SUICIDAL_THOUGHTS),
    ("I keep thinking about jumping off the bridge.", SUICIDAL_THOUGHTS),
    # told at a distance, then brought back to now: urgent again
    ("I tried to kill myself years ago and I want to try again tonight.", SUICIDAL_THOUGHTS),
    ("My friend's suicide made me feel suicidal again.", SUICIDAL_THOUGHTS),
    ("i used to cut. but i cut myself again last night", SELF_HARM),
    # self-harm
    ("I self-harmed again last night.", SELF_HARM),
    ("I hurt myself on purpose.", SELF_HARM),
    ("I cut myself again.", SELF_HARM),
    ("I keep harming myself when things get bad.", SELF_HARM),
    ("I took an overdose last year and I'm scared of doing it again.", SELF_HARM),
    ("I have the urge to cut again.", SELF_HARM),
    ("I've been stockpiling my pills.", SELF_HARM),
    # indirect wording
    ("They would all be better off without me.", NO_WAY_OUT),
    ("Everyone would be better off if I were gone.", NO_WAY_OUT),
    ("I can't go on like this.", NO_WAY_OUT),
    ("I can't go on.", NO_WAY_OUT),
    ("i cant go on", NO_WAY_OUT),
    ("I can't do this anymore.", NO_WAY_OUT),
    ("There's no way out.", NO_WAY_OUT),
    ("I want to disappear forever.", NO_WAY_OUT),
    ("I wish I could sleep and never wake up.", NO_WAY_OUT),
    ("I hope I don't wake up tomorrow.", NO_WAY_OUT),
    ("There's no point in living.", NO_WAY_OUT),
    ("There's no point in anything anymore.", NO_WAY_OUT),
    ("What's the point of living?", NO_WAY_OUT),
    ("I won't be a burden much longer.", NO_WAY_OUT),
    ("I feel like such a burden to everyone.", NO_WAY_OUT),
    ("I've been saying goodbye to everyone.", NO_WAY_OUT),
    ("I started giving away my things.", NO_WAY_OUT),
    ("Nobody would miss me.", NO_WAY_OUT),
    ("I'm done with life.", NO_WAY_OUT),
    ("I wish I didn't exist.", NO_WAY_OUT),
    ("I don't see the point anymore.", NO_WAY_OUT),
    ("It'd be easier for everyone if I was gone.", NO_WAY_OUT),
    # being in danger
    ("He will kill me if I leave.", IN_DANGER),
    ("I am afraid for my life.", IN_DANGER),
    ("I'm not safe at home.", IN_DANGER),
    ("My ex-husband threatened to kill me.", IN_DANGER),
    ("He hits me when he drinks.", IN_DANGER),
    ("She said she'd hurt the kids.", IN_DANGER),
    ("I think I'm in danger.", IN_DANGER),
    ("I don't feel safe around him anymore.", IN_DANGER),
    ("He's hitting me again.", IN_DANGER),
    ("I'm not safe.", IN_DANGER),
    # the same words however they are typed
    ("I WANT TO DIE", SUICIDAL_THOUGHTS),
    ("i   want\tto \n\n die", SUICIDAL_THOUGHTS),
    ("I don\u2019t want to live anymore", SUICIDAL_THOUGHTS),
    ("\u201cI can\u2019t go on,\u201d I wrote.", NO_WAY_OUT),
    ("sometimes i want to k1ll mys3lf", SUICIDAL_THOUGHTS),
    ("thinking about su1c1de again", SUICIDAL_THOUGHTS),
    ("feeling $uicidal", SUICIDAL_THOUGHTS),
    ("I want to d13", SUICIDAL_THOUGHTS),
    ("I want to k*ll myself", SUICIDAL_THOUGHTS),
    ("sui\u200bcide", SUICIDAL_THOUGHTS),
    ("\uff53\uff55\uff49\uff43\uff49\uff44\uff45", SUICIDAL_THOUGHTS),
    ("su\u00edcide", SUICIDAL_THOUGHTS),
    ("some days I want to k\u0456ll myself and nobody knows", SUICIDAL_THOUGHTS),
    ("self\u2011harm", SELF_HARM),
    ("ok.i want to die", SUICIDAL_THOUGHTS),
    ("(I want to die)", SUICIDAL_THOUGHTS),
    (
        "Work was long again and I forgot to eat lunch. Sam texted about the weekend and I "
        "said yes, then felt anxious about it for an hour. The thought record helped a bit. "
        "If I am honest, though, everyone would be better off if I were gone, and I keep "
        "coming back to that. Tomorrow I will try the mindful pause before the meeting.",
        NO_WAY_OUT,
    ),
]

MUST_NOT_FLAG = [
    "This workout is killing me.",
    "I could kill for a coffee right now.",
    "My feet are killing me after that hike.",
    "The deadline is killing me.",
    "I died laughing at his joke.",
    "I'm dying to see the film.",
    "She's killing it at work.",
    "The battery died on the way home.",
    "The plant died while I was away.",
    "I'd die of embarrassment if he read this.",
    "Bored to death in the meeting again.",
    "We watched Suicide Squad last night.",
    "That move would be career suicide.",
    "Can you kill the lights?",
    "Killing time before the appointment.",
    "I finally cut my hair short.",
    "I cut myself a slice of cake.",
    "I cut myself some slack today.",
    "I burned myself on the kettle.",
    "I killed the spider in the bathroom.",
    "I nearly killed myself laughing at the film.",
    "I shot myself in the foot by missing the meeting.",
    "I drowned myself in paperwork this week.",
    "I'm hopeless at maths.",
    "I'm hopeless with names, as my sister reminds me.",
    "I can't go on the trip next week.",
    "The show can't go on without the lead actor.",
    "There's no point in arguing with him about the dishes.",
    "There's no way out of this contract before March.",
    "I'm in danger of missing the deadline.",
    "I'm not at home right now.",
    "Cross my heart and hope to die.",
    "He beat me at chess again.",
    "I fell asleep on the sofa and didn't wake up until noon.",
    "I hope I don't wake up the baby.",
    "I'm saying goodbye to everyone at work on Friday.",
    "I want to die my hair blue.",
    "I'm done with everything on my to-do list.",
    "I'm so done with this report.",
    "I don't want to live in London.",
    "I'm giving away my old clothes.",
    "Life is good and I want to live it fully.",
    "We talked about how to rebuild trust after the affair.",
    "Nobody will miss me at the meeting.",
    "My emotions are a burden to others, or so I learned.",
    "I wrote a letter to my late father, who died last spring.",
    "We made a plan for the holidays. Grandma's funeral is next week.",
    "I'm being followed on Instagram by a lot of new people.",
    "I have a plan to remember my pills.",
    "I bought new rope for climbing and I have a plan for the route.",
    "We ran suicides at basketball practice.",
    "I feel safe at home now.",
    # hurt told as history or as feelings is the work of the program, not an emergency
    "He hurt me deeply when he lied about the money.",
    "My father hit me when I was small.",
]


#: the subject told at a distance: the quiet link, not the full alarm
GENTLE = [
    ("We talked about my friend's suicide attempt years ago and how I supported her.",
     SUICIDAL_THOUGHTS),
    ("I am not suicidal, just tired.", SUICIDAL_THOUGHTS),
    ("I would never hurt myself.", SELF_HARM),
    ("We watched a documentary about suicide prevention.", SUICIDAL_THOUGHTS),
    ("Two years ago I overdosed. Today I ran 5k and felt proud.", SELF_HARM),
    ("My brother self-harmed when he was at school.", SELF_HARM),
]  # fmt: skip


@pytest.mark.parametrize(("text", "reason"), GENTLE)
def test_wording_told_at_a_distance_gets_the_gentle_link(text: str, reason: str) -> None:
    signal = check_text(text)
    assert (signal.flagged, signal.gentle, signal.level) == (False, True, "gentle")
    assert reason in signal.reasons


def test_a_line_break_ends_a_clause_so_distance_does_not_leak_across_lines() -> None:
    assert check_text("my friend told me years ago\ni want to kill myself").flagged


@pytest.mark.parametrize(("text", "reason"), MUST_FLAG)
def test_crisis_wording_is_flagged(text: str, reason: str) -> None:
    signal = check_text(text)
    assert signal.flagged
    assert reason in signal.reasons


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_everyday_figures_of_speech_are_not_flagged(text: str) -> None:
    assert check_text(text) == CrisisSignal(flagged=False, reasons=())


def test_nothing_to_check_is_not_flagged() -> None:
    empty = CrisisSignal(flagged=False, reasons=())
    assert check_text() == empty
    assert check_text(None) == empty
    assert check_text("") == empty
    assert check_text(" \n\t ") == empty
    assert check_text(None, "", None) == empty


def test_one_worrying_text_among_several_is_enough() -> None:
    signal = check_text("Lovely walk by the river.", None, "", "Nobody would miss me.")
    assert signal == CrisisSignal(flagged=True, reasons=(NO_WAY_OUT,))


def test_reasons_from_several_texts_are_merged_in_a_fixed_order() -> None:
    signal = check_text("He will kill me.", "I cut myself again.", "I want to die.")
    assert signal.reasons == (SUICIDAL_THOUGHTS, SELF_HARM, IN_DANGER)


def test_texts_are_checked_separately() -> None:
    # "I have a plan" only counts near words about dying, and not across two fields
    assert not check_text("I have a plan for the garden.", "The roses died.").flagged


@given(st.lists(st.one_of(st.none(), st.text()), max_size=4))
def test_any_text_gets_a_well_formed_answer_and_the_same_one_twice(
    texts: list[str | None],
) -> None:
    signal = check_text(*texts)
    assert signal == check_text(*texts)
    assert (signal.flagged or signal.gentle) == bool(signal.reasons)
    assert not (signal.flagged and signal.gentle)
    assert signal.reasons == tuple(r for r in CATEGORIES if r in signal.reasons)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=40), st.integers(min_value=1_000, max_value=50_000))
def test_very_long_text_never_breaks_the_check(piece: str, times: int) -> None:
    signal = check_text(piece * times)
    assert signal == check_text(piece * times)


# sentences that end in punctuation, so nothing appended can turn them into an idiom
WHOLE_SENTENCES = [text for text, _ in MUST_FLAG if text[-1] in ".?!)"]


@given(st.text(), st.text(), st.sampled_from(WHOLE_SENTENCES))
# a past word on the line above once lent the sentence its past: the match's first space
# was taken as the end of the line before
@example("REC0VERY", "", "He hits me when he drinks.")
@example("survivor", "", "He hits me when he drinks.")
def test_a_worrying_sentence_shows_whatever_surrounds_it(
    before: str, after: str, sentence: str
) -> None:
    assert check_text(f"{before}\n{sentence}\n{after}").flagged


@given(st.text(), st.text())
def test_several_texts_give_the_reasons_of_each_together(first: str, second: str) -> None:
    both = set(check_text(first).reasons) | set(check_text(second).reasons)
    assert check_text(first, second).reasons == tuple(r for r in CATEGORIES if r in both)


ORDINARY = [
    "Today I went for a long walk by the river and it helped me feel calmer.",
    "My feet are killing me after the hike, but I\u2019m proud of myself.",
    "I could kill for a coffee; the meeting ran until 10:30am.",
    "He said he would call at 7pm and he did, which felt good.",
    "I\u2019m dying to see the new film with Sam on Friday.",
    "We talked about trust \u2014 what broke and how we might rebuild it step by step.",
    "The battery died on my phone so I read a book instead.",
    "I\u2019d die of embarrassment if anyone read my old diary.",
    "She\u2019s killing it at work, and I told her so.",
    "I cut my hair and cut myself a slice of cake to celebrate.",
    "It\u2019s 2024-05-01 and I\u2019ve saved \u00a345.99 for the course.",
    "I felt anxious when he didn\u2019t reply, then I noticed the thought and let it pass.",
    "There\u2019s no point in arguing with him about the dishes.",
    "My therapist asked what I would tell a friend in my place.",
    "I want to live more honestly and say \u201cno\u201d without guilt.",
    "I can\u2019t go on the trip next week, money is tight.",
]


def test_five_megabytes_of_ordinary_text_pass_and_one_crisis_line_in_them_is_found() -> None:
    """How long the check takes on 5 MB is measured by ``bench/checks.py``, not asserted here."""
    rng = random.Random(2026)
    sentences: list[str] = []
    size = 0
    while size < 5_000_000:
        sentences.append(rng.choice(ORDINARY))
        size += len(sentences[-1]) + 1
    middle = len(sentences) // 2
    buried = [*sentences[:middle], "Some nights I want to end my life.", *sentences[middle:]]
    # one check of the whole 5 MB (each takes seconds): the one line is found and nothing in
    # the ordinary lines adds a reason of its own; the same lines, 500 kB of them, raise nothing
    assert check_text("\n".join(buried)).reasons == (SUICIDAL_THOUGHTS,)
    assert not check_text("\n".join(sentences[: len(sentences) // 10])).flagged
