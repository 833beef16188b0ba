"""Every sentence the command line shows a person, in one place: calm, kind and plain.

Help texts for commands and options live here too, so the voice stays the same everywhere.
Strings with ``{placeholders}`` are filled in with ``str.format``.
"""

from __future__ import annotations

# --- the app ----------------------------------------------------------------------------------

APP_HELP = (
    "Trustbridge: a private companion for rebuilding trust, in yourself and in others.\n\n"
    "Everything you write stays on this computer. Trustbridge is a self-help companion, "
    "not therapy.\n\n"
    "\b\nIf you feel unsafe right now, run:  trustbridge help-now"
)
HOME_HELP = "Folder where your entries are kept (overrides TRUSTBRIDGE_HOME)."
NO_INPUT_HELP = "Never ask questions; stop with a message if something needed is missing."
VERSION_HELP = "Show the version and stop."
VERSION = "Trustbridge {version}"
JSON_HELP = "Print the entries as JSON instead of a table."
LIMIT_HELP = "How many of the newest entries to show."
ID_HELP = "The entry's number, as shown in the list."

#: one line per command for the list in ``trustbridge --help``
SHORT = {
    "checkin": "Quick daily check-in: mood, emotion, energy.",
    "journal": "Write freely about what is on your mind.",
    "hurt": "Hurt inventory: past hurts and what they left.",
    "beliefs-check": "Tick the learned beliefs that ring true.",
    "pattern": "Pattern journal: what you do when trust wobbles.",
    "thought": "Thought records: find a fairer view.",
    "belief": "Belief tracker: how true core beliefs feel.",
    "selfcheck": "Emotional-safety self-check, with a trend.",
    "promise": "Promises to myself, and how often I keep them.",
    "empathy": "Guided self-empathy in five gentle steps.",
    "affirm": "Affirmations in your own words, one a day.",
    "habit": "Log sleep, movement, food and creative time.",
    "pause": "A mindful pause: a quiet breathing countdown.",
    "program": "The stages, your progress, and a suggestion.",
    "help-now": "Crisis support: helplines and grounding.",
    "serve": "Open Trustbridge in your browser.",
}

# --- errors -----------------------------------------------------------------------------------

STOPPED = "Stopped. Anything not confirmed as saved was not saved."
NOTHING_SAVED = "Nothing was saved. You can fix this and try again."
MISSING_HINT = "To fill it in, add {flags}, or run the command in a terminal to be asked."
NOT_FOUND_HINT = "The list command shows the numbers of your entries."
FOLDER_PROBLEM = "Trustbridge could not use its data folder ({path}): {reason}"
UNEXPECTED = "Sorry, something went wrong inside Trustbridge ({kind}: {detail})."
UNEXPECTED_HINT = (
    "Your earlier entries are not affected. If this keeps happening, run the command again "
    "with TRUSTBRIDGE_DEBUG=1 set to see the details."
)
WEB_MISSING = "The browser interface is not available in this installation yet."

# --- forms and prompts ------------------------------------------------------------------------

SKIP_HINT = "(press Enter to skip)"
CHOICE_HINT = "Type a number or a name"
CHOICES_HINT = "Type one or more numbers or names, separated by commas"
DATE_HINT = "A date like 2024-03-31; 'today' and 'yesterday' work too"
YES_NO = "yes or no"
NOT_A_CHOICE = "{label}: please pick one of the numbers or names shown."

SAVED = "Saved your {noun} (number {id}). Thank you for taking the time."
DELETED = "Deleted {noun} number {id}."

# --- crisis -----------------------------------------------------------------------------------

CRISIS_INTRO = "Your entry is safely saved."
CRISIS_NOT_SAVED = "Before you try again:"
CRISIS_REACH = "If you would like to talk to someone now:"
CRISIS_EMERGENCY = "If you are in danger right now, call your local emergency number ({numbers})."
CRISIS_MORE = "For what to do right now and more helplines, run: trustbridge help-now"
HELPLINE_LINE = "  - {name} ({country}): {how}"

HELP_NOW_HELP = "Crisis support. What to do right now, grounding, and helplines."
HELP_NOW_COUNTRY_HELP = "Two-letter country code (such as GB or US) to show that country first."
HELP_NOW_TITLE = "Help now"
HELP_NOW_INTRO = (
    "You reached out, and that matters. Trustbridge is not a crisis service, "
    "but these people are there for you."
)
HELP_NOW_DO = "What you can do right now"
HELP_NOW_GROUNDING = "Grounding: come back to this moment"
HELP_NOW_LINES = "Helplines"
HELP_NOW_EMERGENCY = "Emergency numbers: {numbers}"
HELP_NOW_VERIFIED = "Numbers last checked on {date}. If one does not work, try findahelpline.com."
HELPLINE_COLUMNS = ("Where", "Service", "How to reach them", "Hours")

# --- check-in ---------------------------------------------------------------------------------

CHECKIN_HELP = "Save a quick daily check-in. Mood, emotion, energy, connection and a note."
MOOD_HELP = "How your mood is, from 1 (very low) to 5 (very good)."
EMOTION_HELP = "The main emotion you feel, in a word or two."
ENERGY_HELP = "Your energy, from 1 (drained) to 5 (full)."
CONNECTION_HELP = "How connected you felt today: connected, in_between or alone."
NOTE_HELP = "Anything else you want to remember about today."
CHECKIN_SAVED = "Check-in saved. Thank you for checking in with yourself."

# --- tools: shared ----------------------------------------------------------------------------

ADD_HELP = "Write a new {noun}. You are asked for anything you leave out."
LIST_HELP = "Show your newest {things}, as a table or as JSON."
SHOW_HELP = "Show one {thing} in full."
NO_ENTRIES = "Nothing here yet. When you are ready: trustbridge {command} add"
LIST_COLUMNS = ("#", "Saved", "Entry")
SHOW_HEADER = "{noun} {id}, saved {when}"
COMMANDS_TITLE = "Commands"
DID_YOU_MEAN = "Did you mean '{name}'?"
SCORE_SHORT = "{score}/100"
OUT_OF_FIVE = "{n}/5"
HOURS = "{n:g} h"
MINUTES = "{n} min"
CALL = "Call {number}."

# --- thought records --------------------------------------------------------------------------

THOUGHT_HELP = "Thought records. Slow down an upsetting thought and find a fairer view."
T_SITUATION_HELP = "What happened, briefly."
T_THOUGHT_HELP = "The thought that came up automatically."
T_EMOTION_HELP = "An emotion and how strong it was, 0-100, like anxious:70 (up to 3 times)."
T_RERATE_HELP = "How strong an emotion feels now, after thinking it through, like anxious:40."
T_DISTORTION_HELP = "A thinking trap you notice, like mind_reading (can be repeated)."
T_FOR_HELP = "Evidence that supports the thought."
T_AGAINST_HELP = "Evidence that does not support the thought."
T_FRIEND_HELP = "What you would tell a friend who had this thought."
T_BALANCED_HELP = "A more balanced way to see it."
EMOTION_FORMAT = "{flag} should look like NAME:INTENSITY, for example anxious:70"
TOO_MANY_EMOTIONS = "You can name up to {n} emotions in one thought record"
RERATE_UNKNOWN = "Re-rated emotion '{name}' is not one of the emotions you named"
EMOTIONS_LABEL = "Emotions"
PATTERN_COLUMN = "Pattern"
EMOTION_NOW = "{name}: {before} at the time, {after} after thinking it through"
EMOTION_THEN = "{name}: {before}"
EMOTION_SHORT = "{name} {before}"
EMOTION_SHORT_NOW = "{name} {before} -> {after}"

# --- journal, hurts, patterns -----------------------------------------------------------------

JOURNAL_HELP = "Journal. Write freely about what is on your mind."
J_TITLE_HELP = "A short title (optional)."
J_BODY_HELP = "What is on your mind."
HURT_HELP = "Hurt inventory. Write down past hurts and the beliefs they left behind."
H_WHAT_HELP = "What happened."
H_WHO_HELP = "Who was involved: a name, a role or an initial is enough."
H_WHEN_HELP = "Roughly when it happened, as a date like 2010-06-01."
H_KIND_HELP = "What kind of hurt: betrayal, rejection, abandonment, neglect or other."
H_IMPACT_HELP = "How it affected you."
H_BELIEF_HELP = "A belief it left you with."
PATTERN_HELP = "Pattern journal. Notice what you tend to do when trust feels shaky."
P_SITUATION_HELP = "What was happening."
P_PATTERN_HELP = "What you did out of habit, like withdraw or argue."
P_FEELING_HELP = "What you felt."
P_NEED_HELP = "What you needed underneath."

# --- beliefs ----------------------------------------------------------------------------------

BELIEF_HELP = "Belief tracker. Rate how true your core beliefs feel and watch them change."
B_STATEMENT_HELP = "The belief, in your own words."
B_BELIEVABILITY_HELP = "How true it feels, from 0 (not at all) to 100 (completely)."
B_NOTE_HELP = "What changed since last time (optional)."
RATE_HELP = "Rate how true a belief feels today."
RATED = "Noted: belief {id} feels {level}/100 true today. Beliefs shift slowly; every rating helps."
BELIEF_COLUMNS = ("#", "Belief", "Now", "First", "Trend")
BELIEF_RATINGS = "How true it has felt"
RATING_COLUMNS = ("Rated", "How true (0-100)", "Note")
TREND_LINE = "Trend: {trend}"
TREND_WORDS = {
    "rising": "rising",
    "falling": "falling",
    "steady": "steady",
    "too early": "too early to tell",
}

# --- learned beliefs checklist ----------------------------------------------------------------

BELIEFS_CHECK_HELP = "Learned-beliefs checklist. Tick the beliefs that ring true for you."
MARK_HELP = "A belief that rings true for you, by number or name (repeat for several)."
CLEAR_HELP = "Untick every belief."
BELIEFS_CHECK_INTRO = (
    "Beliefs people often pick up after being hurt. Ticking one is not a judgement; "
    "it is a place to start."
)
BELIEFS_CHECK_HINT = "To tick the ones that ring true: trustbridge beliefs-check --mark 1 --mark 4"
BELIEFS_CHECK_SAVED = "Saved. {n} of {total} ring true for you right now."
UNKNOWN_BELIEF = "There is no belief '{value}' in the list"

# --- emotional-safety self-check --------------------------------------------------------------

SELFCHECK_HELP = "Emotional-safety self-check. Ten signs, rated by how often they show up."
ANSWER_HELP = "An answer as KEY=0..4, like self_doubt=2 (0 never ... 4 almost always)."
HISTORY_HELP = "Show your earlier self-checks and how the score is moving (with --limit, --json)."
SELFCHECK_INTRO = (
    "How often has each of these been true for you lately? "
    "This is not a test and not a diagnosis; it is a snapshot."
)
ANSWER_FORMAT = "Answers look like KEY=0..4, for example self_doubt=2"
ANSWER_UNKNOWN = "There is no sign called '{key}'. The signs are: {keys}"
ANSWER_MISSING = "Please answer every sign. Still missing: {keys}"
SCORE = "Your emotional-safety score: {score}/100 (higher means you have felt safer inside)."
SCORE_PREVIOUS = "Last time ({when}) it was {score}/100."
SCORE_FIRST = "This is your first self-check. Take it again in a few weeks to see what changes."
TREND_LINES = {
    "rising": "Your score has been rising, about {slope:+.1f} points a month. Well done.",
    "falling": (
        "Your score has dipped lately, about {slope:+.1f} points a month. That is information, "
        "not a verdict; be gentle with yourself."
    ),
    "steady": "Your score has been steady.",
    "too early": "It is too early to see a trend yet.",
}
HISTORY_COLUMNS = ("#", "Taken", "Score")
NO_SELFCHECKS = "No self-checks yet. When you are ready: trustbridge selfcheck"

# --- promises ---------------------------------------------------------------------------------

PROMISE_HELP = "Promises to myself. Small commitments, and how often you keep them."
PR_TEXT_HELP = "What you promise yourself."
PR_DUE_HELP = "By when: a date like 2024-04-30, or today, tomorrow, or +7 for a week from now."
PROMISE_LIST_HELP = "Show open promises with their dates, and your follow-through."
DONE_HELP = "Mark a promise as kept."
BROKEN_HELP = "Mark a promise as not kept."
PROMISE_KEPT = "You kept promise {id}. That is real evidence you can rely on yourself."
PROMISE_BROKEN = (
    "Promise {id} is marked as not kept. That is okay. Noticing it is part of the work; "
    "maybe make the next one a little smaller."
)
PROMISE_COLUMNS = ("#", "Promise", "Due", "")
OVERDUE = "overdue"
DUE_TODAY = "due today"
NO_OPEN_PROMISES = "No open promises. When you are ready: trustbridge promise add"
FOLLOW_THROUGH = "You kept {kept} of the {settled} promises you settled ({rate:.0%})."
FOLLOW_THROUGH_NONE = "Once you mark promises as kept or not, your follow-through shows here."
OVERDUE_COUNT = "{n} open promise(s) are past their date. You can still keep them, or let them go."

# --- self-empathy -----------------------------------------------------------------------------

EMPATHY_HELP = "Guided self-empathy exercise. Five gentle steps when something hurts."
E_SITUATION_HELP = "What this is about, in a few words."
E_STEP_HELP = "Your answer for the '{name}' step."
EMPATHY_INTRO = (
    "Five short steps. Write as much or as little as you like; "
    "only the first step is needed. You can stop at any time with Ctrl-C."
)
EMPATHY_STEP = "Step {n} of {total}: {name}"
EMPATHY_DONE = "Thank you for being kind to yourself. Saved as exercise number {id}."

# --- affirmations, habits ---------------------------------------------------------------------

AFFIRM_HELP = "Affirmations. Kind words in your own voice, one shown each day."
A_TEXT_HELP = "The affirmation, in your own words."
TODAY_HELP = "Show today's affirmation."
STARTER_HINT = '(A starter. Write your own with: trustbridge affirm add --text "...")'
HABIT_HELP = "Habits log. Keep track of sleep, movement, food and creative time."
HB_DAY_HELP = "Which day (default: today)."
HB_SLEEP_HELP = "Hours of sleep, like 7.5."
HB_MOVE_HELP = "Minutes of movement."
HB_FOOD_HELP = "How well you ate, from 1 to 5."
HB_CREATIVE_HELP = "Minutes of creative time."
HB_NOTE_HELP = "A short note."
HABIT_COLUMNS = ("#", "Day", "Sleep", "Movement", "Food", "Creative", "Note")

# --- mindful pause ----------------------------------------------------------------------------

PAUSE_HELP = "Mindful pause. A quiet countdown to breathe and notice."
MINUTES_HELP = "How long, in minutes (from 10 seconds up to 60 minutes)."
PAUSE_RANGE = "The pause can be from 10 seconds to 60 minutes"
PAUSE_INTRO = "Sit comfortably. Breathe in gently, and out a little longer. Ctrl-C stops the pause."
PAUSE_BREATHE = ("Breathe in...", "Breathe out...")
TIME_LEFT = "{minutes}:{seconds:02d} left"
PAUSE_DONE = "Your pause is complete. Well done for giving yourself this time."
PAUSE_STOPPED = "Pause stopped. Nothing was logged, and that is fine."

# --- program, serve ---------------------------------------------------------------------------

PROGRAM_HELP = "The program map. Each stage, what you have done there, and a suggestion."
PROGRAM_COLUMNS = ("#", "Stage", "Done", "Tools")
PROGRAM_SUGGESTION = "A gentle suggestion: stage {number}, {title}"
PROGRAM_OPEN = "Every stage is open to you, in any order."
SERVE_HELP = "Open Trustbridge in your browser. It runs only on this computer."
HOST_HELP = "Address to listen on. Keep 127.0.0.1 so only this computer can reach it."
PORT_HELP = "Port to listen on."
NO_BROWSER_HELP = "Do not open a browser window."
SERVE_START = "Trustbridge is running at {url}\nPress Ctrl-C to stop."
SERVE_NOT_LOCAL = (
    "Note: listening on {host} may let other devices on your network reach your entries."
)
PORT_IN_USE = (
    "Port {port} is already in use; Trustbridge may already be running there. "
    "You can open it in your browser, or choose another port with --port {other}."
)
SERVE_STOPPED = "Trustbridge has stopped. Take care."
