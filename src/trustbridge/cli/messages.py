"""Every sentence the command line shows a person, in one place: calm, kind and plain.

Help texts for commands and options live here too, so the voice stays the same everywhere.
Strings with ``{placeholders}`` are filled in with ``str.format``; in a ``Counted`` one,
``{n:promise|promises}`` gives the word that agrees with the count.
"""

from __future__ import annotations

from trustbridge.domain.words import Counted

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
    "promise": "Promises to myself and with others, and follow-through.",
    "empathy": "Guided self-empathy in five gentle steps.",
    "affirm": "Affirmations in your own words, one a day.",
    "habit": "Log sleep, movement, food and creative time.",
    "pause": "A mindful pause: a quiet breathing countdown.",
    "person": "Your trust circle: people and the evidence so far.",
    "evidence": "Note a moment that built or cost trust.",
    "ladder": "Vulnerability ladder: small steps of openness.",
    "bridge": "A bridge plan for rebuilding one relationship.",
    "gut": "Gut checks, and how well your instincts match.",
    "boundary": "Your boundaries, and when they are respected.",
    "istatement": "Build an I-statement: I feel ... when ... I need ...",
    "balance": "Time alone and together, and gentle signals.",
    "partner-checkin": "Partner check-ins: a short regular talk, and when the next is due.",
    "ritual": "Rituals of connection, and how often you kept them.",
    "appreciation": "Appreciation log: what you value in someone.",
    "goal": "Shared goals, with reviews now and then.",
    "win": "Wins: moments worth celebrating.",
    "support": "Your support map: who helps with what.",
    "safety-plan": "Your safety plan for hard moments.",
    "report": "Make a report for your therapist, with only what you choose.",
    "search": "Search everything you wrote, with the matches marked.",
    "reminders": "Reminders for your calendar app: a file, or a feed to subscribe to.",
    "program": "The stages, your progress, and a suggestion.",
    "insights": "How things have moved over time, in plain words.",
    "help-now": "Crisis support: helplines and grounding.",
    "serve": "Open Trustbridge in your browser.",
    "open": "Open the running Trustbridge in another browser.",
    "export": "Export everything: a full JSON copy or readable Markdown.",
    "import": "Import a Trustbridge export, or from jrnl, Daylio or FreeCBT.",
    "backup": "Back up your entries, check backups, restore one.",
    "delete-everything": "Delete all your entries and backups, for good.",
    "hosted": "For operators: run Trustbridge for many people on a PostgreSQL server.",
}

# --- errors -----------------------------------------------------------------------------------

STOPPED = "Stopped. Anything not confirmed as saved was not saved."
NOTHING_SAVED = "Nothing was saved. You can fix this and try again."
MISSING_HINT = "To fill it in, add {flags}, or run the command in a terminal to be asked."
NOT_FOUND_HINT = "The list command shows the numbers of your entries."
PERSON_NOT_FOUND_HINT = "trustbridge person list shows everyone in your circle, with their numbers."
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
NOT_A_CHOICE = "Please choose {what}: type one of the numbers or names shown."

SAVED = "Saved your {noun} (number {id}). Thank you for taking the time."

# --- crisis -----------------------------------------------------------------------------------

CRISIS_INTRO = "Your entry is safely saved."
CRISIS_NOT_SAVED = "Before you try again:"
CRISIS_REACH = "If you would like to talk to someone now:"
CRISIS_EMERGENCY = "If you are in danger right now, call your local emergency number ({numbers})."
CRISIS_MORE = "For what to do right now and more helplines, run: trustbridge help-now"
CRISIS_GENTLE = "If any of this is close to home right now, support is here: trustbridge help-now"
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
J_WORDS_HELP = "What is on your mind, written straight after the command (the same as --body)."
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

PROMISE_HELP = (
    "Promises. Small commitments to yourself and how often you keep them, and promises "
    "made with people in your circle (with --person)."
)
PR_TEXT_HELP = "What is promised, in a few words."
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
OVERDUE_COUNT = Counted(
    "{n} open {n:promise is|promises are} past the date. You can still keep "
    "{n:it|them}, or let {n:it|them} go."
)

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
PAUSE_RANGE = "A pause can be from 10 seconds to 60 minutes long."
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
SERVE_START = (
    "Trustbridge is running on this computer. This link opens it, once, in one browser:\n"
    "  {link}\n"
    "Another browser later? `trustbridge open` gives a new link. Press Ctrl-C to stop."
)
SERVE_NOT_LOCAL = (
    "Note: listening on {host} lets other devices on your network reach this server. They "
    "still need a one-time link, but everything, the link included, crosses the network "
    "unencrypted."
)
OPEN_HELP = (
    "Open the running Trustbridge in your browser, with a new one-time link. "
    "Start it first with `trustbridge serve`."
)
OPEN_PRINT_HELP = "Print the link instead of opening a browser."
OPEN_NOT_RUNNING = (
    "Trustbridge is not running for this store, so there is nothing to open. "
    "Start it with `trustbridge serve` (or `make run`)."
)
OPEN_LINK = "This link opens Trustbridge, once, in one browser:\n  {link}"
OPEN_OPENING = "Opening Trustbridge in your browser."
OPEN_NO_BROWSER = (
    "No browser could be started from here. Open this page in your browser instead (it works "
    "once):\n  {page}\nOr run `trustbridge open --print` for a link to paste."
)
LOCKED_SERVER = "Trustbridge in your browser is locked too."
PORT_IN_USE = (
    "Port {port} is already in use; Trustbridge may already be running there. "
    "You can open it in your browser, or choose another port with --port {other}."
)
SERVE_STOPPED = "Trustbridge has stopped. Take care."

# --- stages 5-7: shared -----------------------------------------------------------------------

PERSON_OPT_HELP = "Who it is with: their name or number, as in your circle."
PERSON_ARG_HELP = "Their name or number, as in your circle."
WHEN_HELP = "When it happened: a date like 2024-03-31, or today, yesterday, -3 (default: today)."
YES_NO_HELP = "yes or no."
NO_PEOPLE = "No one in your circle yet. When you are ready: trustbridge person add"
NOT_A_VERDICT = (
    "This is the evidence you have noted so far, not a verdict on {name}. "
    "People and relationships can change."
)
OVERALL = "Overall"
BUILT_TRUST = "built trust"
COST_TRUST = "cost trust"
EVIDENCE_WHAT = "{what} ({weight})"
PERSON_NUMBERS_HINT = "The numbers behind these estimates: trustbridge person show {name} --json"

# --- trust circle -----------------------------------------------------------------------------

PERSON_HELP = (
    "Your trust circle. The people in your life, and what the evidence you note about them "
    "says so far."
)
PN_NAME_HELP = "Their name or an alias. Only you will see it."
PN_WORDS_HELP = "Their name or an alias, written straight after the command (the same as --name)."
PN_KIND_HELP = "How they are related to you: partner, family, friend, colleague or other."
PN_SUPPORT_HELP = "The support they give: listening, practical help, fun, advice..."
PN_NOTES_HELP = "Anything you want to remember about them."
PERSON_ADD_HELP = "Add someone to your circle. You are asked for anything you leave out."
PERSON_ADDED = "Added {name} to your circle (number {id})."
PERSON_ADDED_NEXT = "When something happens that builds or costs trust: trustbridge evidence add"
PERSON_LIST_HELP = "Show the people in your circle with the overall evidence so far."
ALL_HELP = "Include people you have archived."
PERSON_COLUMNS = ("#", "Name", "Relationship", "Evidence so far", "Moments")
ARCHIVED_MARK = "{name} (archived)"
PERSON_SHOW_HELP = (
    "Show one person: each trust estimate with its range, what moved it, and recent moments. "
    "Add --full for promises, ladder steps, the bridge plan and gut checks."
)
FULL_HELP = "Also show promises, ladder steps, the bridge plan and gut checks."
SHOW_JSON_HELP = "Print everything about them as JSON."
PERSON_HEADER = "{name} (number {id}): {kind}, in your circle since {since}"
PERSON_ARCHIVED = "Archived: kept for your records, not in your active circle."
PERSON_SUPPORT = "Support they give: {support}"
PERSON_NOTES = "Notes"
EVIDENCE_COUNT = "Moments noted: {n}"
ESTIMATES_TITLE = "What the evidence says so far (the bar shows the likely range)"
MOVED_MOST = "Moved most by:"
RECENT_TITLE = "Recent moments"
NO_EVIDENCE = (
    "Nothing noted about {name} yet. When you are ready: trustbridge evidence add --person {name}"
)
PERSON_FULL_HINT = "For promises, ladder steps, the bridge plan and gut checks: trustbridge person show {name} --full"
PROMISES_TITLE = "Promises"
PROMISE_LINE = "  {id}. {text} ({by}, due {due}): {status}"
MADE_BY_THEM = "they promised"
MADE_BY_ME = "I promised"
PROMISE_STATUS = {
    "open": "open",
    "kept": "kept",
    "broken": "not kept",
    "renegotiated": "renegotiated",
}
RUNGS_TITLE = "Ladder steps"
RUNG_PLANNED = "  {id}. {action} (risk {risk}/100): planned"
RUNG_DONE = "  {id}. {action} (risk {risk}/100): done {day}, they were {response}"
BRIDGE_TITLE = "Bridge plan"
GUT_TITLE = "Gut checks"
GUT_OPEN_LINE = "  {id}. {sense} ({confidence}% sure): not resolved yet"
GUT_DONE_LINE = "  {id}. {sense} ({confidence}% sure): {outcome}"
CAME_TRUE = "it came true"
DID_NOT = "it did not"
NONE_YET = "  None yet."
ARCHIVE_HELP = "Archive someone: their history stays, and they leave your active circle."
UNDO_HELP = "Bring an archived person back into your active circle."
ARCHIVED = (
    "{name} is archived. Their history stays, and they are no longer in your active circle. "
    "To bring them back: trustbridge person archive {arg} --undo"
)
UNARCHIVED = "{name} is back in your active circle."
DELETE_PERSON_HELP = "Delete someone and everything noted about them. This cannot be undone."
YES_HELP = "Delete without asking first (needed when no one is at the terminal)."
DELETE_CONFIRM = "Delete {name} and everything noted about them, everywhere? This cannot be undone"
DELETE_NEEDS_YES = (
    "Deleting {name} removes everything noted about them and cannot be undone. "
    "To go ahead, add --yes. To keep their history instead: trustbridge person archive {arg}"
)
PERSON_DELETED = "Deleted {name} and everything noted about them."
NOT_DELETED = "Nothing was deleted."

# --- evidence ---------------------------------------------------------------------------------

EVIDENCE_HELP = "Evidence log. Note a moment that built or cost trust with someone in your circle."
EVIDENCE_ADD_HELP = (
    "Note a moment that built or cost trust with someone. You are asked for anything you leave out."
)
EV_DIMENSION_HELP = (
    "What it says something about: keeps_promises, respects_boundaries, validates_feelings, "
    "reciprocates_support or responds_to_openness."
)
EV_DIRECTION_HELP = "Did it build or cost trust: positive or negative."
EV_WEIGHT_HELP = "How much it mattered: small (default), significant or major."
EV_NOTE_HELP = "What happened, briefly."
EVIDENCE_SAVED = "Saved this moment (number {id}). To see what the evidence says so far: trustbridge person show {person}"
EVIDENCE_DELETE_HELP = "Delete one moment noted by mistake."
EVIDENCE_DELETED = "Deleted moment number {id}."
EVIDENCE_LIST_HELP = (
    "Show the moments noted, newest first, with their numbers (for evidence edit and delete)."
)
EVIDENCE_PERSON_HELP = "Only the moments about this person: their name or number."
EVIDENCE_COLUMNS = ("#", "When", "Who", "What it says", "From", "Note")
NOTED_BY_YOU = "noted by you"
NO_EVIDENCE_LISTED = "No moments noted yet. When something happens: trustbridge evidence add"

# --- vulnerability ladder ---------------------------------------------------------------------

LADDER_HELP = (
    "Vulnerability ladder. Plan small steps of openness, take them when ready, and reflect."
)
LADDER_ADD_HELP = (
    "Plan a small step of openness with someone. You are asked for anything you leave out."
)
LD_ACTION_HELP = "What you will share or ask."
LD_RISK_HELP = "How risky it feels, from 0 (not at all) to 100 (very)."
LD_PLANNED_HELP = "When you plan to do it: a date like 2024-04-30, or today, tomorrow, +3."
LADDER_SAVED = "Saved ladder step {id}. When you have taken it: trustbridge ladder done {id}"
LADDER_DONE_HELP = "Reflect on a step you took: fear before, how they responded, what you learned."
LD_FEAR_HELP = "How afraid you were before, from 0 to 100."
LD_RESPONSE_HELP = "How they responded: supportive, neutral, dismissive or hurtful."
LD_FEELING_HELP = "How you felt after."
LD_LEARNED_HELP = "What you learned."
LD_WHEN_HELP = "When you did it (default: today)."
LADDER_REFLECTED = (
    "Thank you for reflecting on step {id}. How {name} responded is now part of the evidence "
    "about them (responds well to openness)."
)
RESPONSE_NOTES = {
    "supportive": "It went well. You took a risk, and it was met with care.",
    "neutral": "A lukewarm response is still information. You were brave to try.",
    "dismissive": "Being brushed aside can sting. It says more about the moment than about you.",
    "hurtful": (
        "That sounds like it hurt. How they responded is about them, not about your worth. "
        "Be gentle with yourself today."
    ),
}
LADDER_NEXT_HINT = "For a suggested next step: trustbridge ladder next"
LADDER_LIST_HELP = "Show your ladder steps: planned ones first, then the ones you took."
LADDER_COLUMNS = ("#", "With", "Step", "Risk", "Planned", "Done", "Response")
NO_RUNGS = "No ladder steps yet. When you are ready: trustbridge ladder add"
LADDER_NEXT_HELP = "Suggest a next step from how your steps so far have gone."
NEXT_WITH = "A next step to consider: something around {risk}/100 risk, with {name}."
NEXT_ALONE = "A next step to consider: something around {risk}/100 risk, at your own pace."
NEXT_ONLY_IF = "Only if and when it feels right. To plan it: trustbridge ladder add"

# --- promises with people ---------------------------------------------------------------------

PR_PERSON_HELP = (
    "Someone in your circle, for a promise between you (leave out for one to yourself)."
)
PR_BY_HELP = "With --person: who made the promise, me or them."
RENEGOTIATED_HELP = "Mark a promise as renegotiated: changed openly, by agreement."
PROMISE_SAVED = (
    "Saved promise {id}. When it is settled: trustbridge promise done {id} "
    "(or broken, or renegotiated)"
)
PROMISE_RENEGOTIATED = (
    "Promise {id} is marked as renegotiated. Changing a promise openly is a way of keeping faith."
)
THEIR_PROMISE = {
    "kept": "Promise {id} is marked as kept. It counts as evidence that {name} keeps promises.",
    "broken": (
        "Promise {id} is marked as not kept. It counts as one moment of evidence about {name}, "
        "not a verdict on them."
    ),
    "renegotiated": (
        "Promise {id} is marked as renegotiated. Talking it through openly counts a little "
        "in {name}'s favour."
    ),
}
PROMISE_PERSON_HELP = "Show the promises between you and one person in your circle."
PERSON_PROMISE_COLUMNS = ("#", "Promise", "Who made it", "Due", "Status")
NO_PERSON_PROMISES = "No promises with {name} yet."

# --- bridge plan ------------------------------------------------------------------------------

BRIDGE_HELP = (
    "A bridge plan for one relationship: what broke, what each of you expects, the steps you "
    "agreed, and regular check-ins. Without options it shows the plan."
)
BR_BROKE_HELP = "What broke between you."
BR_MINE_HELP = "What you expect."
BR_THEIRS_HELP = "What they expect."
BR_STEPS_HELP = "The steps you agreed on."
BR_CADENCE_HELP = "How often to check in, in days (1-365)."
BR_NEXT_HELP = "The next check-in: a date, or today, tomorrow, +7 (default: from the cadence)."
BR_EDIT_HELP = "Go through every part of the plan, with what is there now as the default."
BRIDGE_HEADER = "Bridge plan with {name}"
BRIDGE_SAVED = "Saved your bridge plan with {name}."
NO_BRIDGE = (
    'No bridge plan with {name} yet. To start one: trustbridge bridge {arg} --what-broke "..." '
    '--steps "..." --cadence-days 14 (or --edit to be asked)'
)
CHECKIN_DUE = "The next check-in is due."

# --- gut checks -------------------------------------------------------------------------------

GUT_HELP = (
    "Gut checks. Note an instinct about someone and how sure you are, record what happened, "
    "and see how well your instincts match."
)
GUT_ADD_HELP = "Note an instinct about someone, and how sure you are."
GT_SENSE_HELP = "What your gut tells you, like 'They will call back this week'."
GT_CONFIDENCE_HELP = "How sure you are, from 50 to 100 (percent)."
GUT_SAVED = (
    "Noted gut check {id}. When you know how it turned out: "
    "trustbridge gut resolve {id} --came-true yes (or no)"
)
GUT_RESOLVE_HELP = "Record how a gut check turned out."
GT_CAME_TRUE_HELP = "Did it turn out as you sensed: yes or no."
GT_WHAT_HELP = "What happened."
GUT_RESOLVED = (
    "Thank you. Gut check {id} is resolved. Each one shows a little more about how far your "
    "instincts can be trusted."
)
GUT_CALIBRATION_HELP = "How well your instincts have matched what happened, overall and per person."
CALIBRATION_TITLE = "How well your instincts have matched what happened"
CALIBRATION_COUNT = "{name}: {tally}."
CALIBRATION_NUMBERS_HINT = (
    "For the numbers behind this (the Brier score and more): trustbridge gut calibration --json"
)
BAND_COLUMNS = ("How sure", "Gut checks", "Average sureness", "Came true")
BAND = "{low}-{high}%"
PERCENT = "{n:.0%}"
OVERALL_TITLE = "All gut checks"
OPEN_CHECKS = "Still open (resolve them when you know):"
NO_GUT_CHECKS = "No gut checks yet. When you are ready: trustbridge gut add"
GUT_LIST_HELP = "Show your gut checks, newest first, with their numbers and how they turned out."
GUT_COLUMNS = ("#", "Noted", "About", "I sensed", "How sure", "How it turned out")
GUT_NOT_YET = "not known yet"

# --- boundaries and I-statements --------------------------------------------------------------

BOUNDARY_HELP = (
    "Boundaries. Write down your boundaries, note when they are respected or crossed, and "
    "review them."
)
BOUNDARY_ADD_HELP = "Write down a boundary. You are asked for anything you leave out."
BD_STATEMENT_HELP = "The boundary, in your own words."
BD_KIND_HELP = "What kind: emotional, physical, digital, time, material or other."
BD_NON_NEGOTIABLE_HELP = "Mark it as non-negotiable."
BD_REVIEW_HELP = "When to review it: a date, or +30 for a month from now."
BOUNDARY_SAVED = "Saved boundary {id}. Saying what you need is not selfish; it is care."
BOUNDARY_EVENT_HELP = "Note a time a boundary was respected or crossed, and by whom."
BE_BOUNDARY_HELP = "The boundary's number, as in trustbridge boundary list."
BE_OUTCOME_HELP = "Was it respected or crossed?"
BE_RESPONSE_HELP = "How you responded."
BOUNDARY_RESPECTED = (
    "Noted: boundary {boundary} was respected. It counts as evidence that {person} respects "
    "your boundaries."
)
BOUNDARY_CROSSED = (
    "Noted: boundary {boundary} was crossed. It counts as evidence about {person}. "
    "Noticing it matters, and it was not your fault."
)
BOUNDARY_LIST_HELP = (
    "Show your boundaries, how often each was respected or crossed, and reviews due."
)
BOUNDARY_COLUMNS = ("#", "Boundary", "Kind", "Respected", "Crossed", "Review")
NON_NEGOTIABLE = "{statement} (non-negotiable)"
REVIEW_DUE = "{day}, due"
NO_BOUNDARIES = "No boundaries yet. When you are ready: trustbridge boundary add"
BOUNDARY_EVENTS_HELP = "Show the times your boundaries were respected or crossed."
BOUNDARY_EVENT_COLUMNS = ("#", "When", "Boundary", "Who", "Outcome", "How I responded")
NO_BOUNDARY_EVENTS = "Nothing noted yet. When it happens: trustbridge boundary event"
RESPECTED_WORDS = {True: "respected", False: "crossed"}
REPORT_HELP = (
    "Make a report for your therapist or coach. Choose the tools to include and the dates; "
    "nothing else goes in. Writes Markdown or PDF to the file you name."
)
ISTATEMENT_HELP = (
    "I-statement builder. Put a feeling and a need into words: I feel ... when ... "
    "because ... I need ... Prints the sentence and saves it."
)
IS_FEEL_HELP = "What you feel, like 'anxious'."
IS_WHEN_HELP = "When it happens, like 'plans change at the last minute'."
IS_BECAUSE_HELP = "Why it matters to you (optional)."
IS_NEED_HELP = "What you need, like 'a message when plans change'."
IS_BOUNDARY_HELP = "The number of a boundary this is for (optional)."
IS_LIST_HELP = "Show your saved I-statements instead (with --limit, --json)."
ISTATEMENT_SAVED = "Saved as I-statement number {id}. You can say it in your own way, too."
ISTATEMENT_COLUMNS = ("#", "Saved", "I-statement", "Boundary")
NO_ISTATEMENTS = "No I-statements yet. Try: trustbridge istatement --feel ... --when ... --need ..."
ISTATEMENT_LIST_HELP = "Show your saved I-statements with their numbers (for istatement edit)."

# --- balance ----------------------------------------------------------------------------------

BALANCE_HELP = (
    "Balance log. Time alone and time with others, whether your needs were met, and gentle "
    "signals of drifting toward isolation or leaning too much on others."
)
BALANCE_ADD_HELP = "Log a day's time alone and with others, and whether your needs were met."
BL_DAY_HELP = "Which day (default: today)."
BL_ALONE_HELP = "Minutes spent alone."
BL_CONNECTED_HELP = "Minutes spent connected with others."
BL_SOLITUDE_HELP = "Was your need for time alone met: yes or no."
BL_CLOSENESS_HELP = "Was your need for closeness met: yes or no."
BL_NOTE_HELP = "A short note."
BALANCE_SAVED = "Saved your balance log for {day} (number {id})."
BALANCE_REPORT_HELP = "Your balance over the last few weeks, with gentle signals."
WEEKS_HELP = "How many weeks to look back (1-52)."
BALANCE_TITLE = Counted(
    "Your balance over the last {weeks} {weeks:week|weeks}: {days} {days:day|days} logged"
)
BALANCE_NONE = Counted(
    "Nothing logged in the last {weeks} {weeks:week|weeks} yet. When you are ready: "
    "trustbridge balance add"
)
BALANCE_TIME = "On average each day: {alone} alone, {connected} with others."
BALANCE_MET = "Your need for {need} was met on {share:.0%} of the days you answered."
NEED_SOLITUDE = "time alone"
NEED_CLOSENESS = "closeness"
SIGNALS_TITLE = "Worth noticing:"
NO_SIGNALS = "No signals of drifting toward isolation or leaning too much on one person."
SIGNALS_NOTE = "These are invitations to notice, never a diagnosis."
HOURS_MINUTES = "{h} h {m} min"
BALANCE_LIST_HELP = "Show the days you logged, latest first, with their numbers (for balance edit)."
BALANCE_COLUMNS = ("#", "Day", "Alone", "Connected", "Time alone met", "Closeness met", "Note")
NO_BALANCE_LOGS = "No days logged yet. When you are ready: trustbridge balance add"

# --- export and import ------------------------------------------------------------------------

EXPORT_HELP = (
    "Export what you have written. JSON is a complete copy that Trustbridge can bring back "
    "exactly; Markdown is for reading, printing or sharing. Both hold private writing."
)
EXPORT_JSON_HELP = (
    "Write a complete copy of everything to a JSON file that only you can read. "
    "Import it again with: trustbridge import json FILE"
)
EXPORT_MARKDOWN_HELP = (
    "Print everything (or one stage) as readable Markdown, or write it to a file with --out."
)
EXPORT_OUT_HELP = "Where to write the file (default: trustbridge-export-DATE.json here)."
EXPORT_MD_OUT_HELP = "Write to this file (readable only by you) instead of printing."
EXPORT_STAGE_HELP = "Only this stage, 1-8 (9 is support)."
FORCE_HELP = "Replace the file if it already exists."
EXPORT_JSON_NAME = "trustbridge-export-{day}.json"
EXPORTING = "Exporting"
EXPORTED = Counted("Exported {count} {count:record|records} to {path}.")
EXPORTED_MARKDOWN = "Wrote your Markdown copy to {path}."
EXPORT_PRIVATE = "Only you can read this file. It holds private writing, so keep it somewhere safe."
FILE_EXISTS = "{path} already exists. Choose another file with --out, or add --force to replace it."
NO_SUCH_STAGE = "There is no stage {n}. Stages go from 1 to 9."

IMPORT_HELP = (
    "Import a Trustbridge JSON export, or entries from jrnl, Daylio or FreeCBT. You see what "
    "would be created first; then everything in the file is imported, or nothing."
)
IMPORT_JSON_HELP = (
    "Bring back a full Trustbridge JSON export, exactly as it was. Only into an empty Trustbridge."
)
IMPORT_JRNL_HELP = (
    "Import a jrnl journal (made with: jrnl --format json > FILE) as journal entries."
)
IMPORT_DAYLIO_HELP = "Import a Daylio CSV export as check-ins (moods 1-5, notes and activities)."
IMPORT_FREECBT_HELP = "Import thoughts exported from FreeCBT (CSV or JSON) as thought records."
IMPORT_FILE_HELP = "The exported file to import."
EXPORT_FILE_HELP = "Where to write the file (the same as --out)."
EXPORT_TWO_FILES = "Please name one file: --out {out} and {named} are two different ones."
DRY_RUN_HELP = "Only show what would be imported; import nothing."
YES_HELP = "Import without asking (needed when not at a terminal)."
DAYLIO_MOOD_HELP = "What a renamed Daylio mood means, 1-5, like sleepy=2 (can be repeated)."
GIVEN_TWICE = (
    "Please give it once: either with {flag} or as words after the command. Nothing was saved."
)
MOOD_FORMAT = "--mood should look like NAME=1-5, for example sleepy=2"
CANNOT_READ = "Could not read {path}: {reason}"
PREVIEW_TITLE = "From {source} ({file}), Trustbridge would create:"
IMPORTED_TITLE = "From {source} ({file}), Trustbridge created:"
PREVIEW_COUNT = "  {tool}: {count}"
PREVIEW_NOTHING = "  nothing (the file has no entries)"
PREVIEW_MAPPINGS = "How it is brought in:"
PREVIEW_WARNINGS = "Worth knowing first:"
PREVIEW_ITEM = "  - {text}"
DRY_RUN_DONE = "This was a dry run: nothing was imported."
NOTHING_TO_IMPORT = "There is nothing to import."
CONFIRM_IMPORT = "Import all of this?"
IMPORT_CANCELLED = "Nothing was imported."
NEEDS_YES = (
    "Nothing was imported. To import without a question, add --yes (or --dry-run to only look)."
)
IMPORTING = "Importing"
IMPORTED = Counted(
    "Imported {count} {count:record|records} from {source}. "
    "{count:It is|They are} in your history with {count:its|their} own dates."
)
NOTHING_IMPORTED = "Nothing was imported. You can fix the file and try again."
NOT_EMPTY_HINT = (
    "Nothing was imported. To bring it back, set up a new Trustbridge in another folder "
    "(trustbridge --home NEW-FOLDER init) and import it there "
    "(trustbridge --home NEW-FOLDER import json FILE)."
)

# --- backups ----------------------------------------------------------------------------------

BACKUP_HELP = (
    "Backups of everything you have written. One is made automatically when Trustbridge opens "
    "and the newest is a day old; the newest 7 are kept (set TRUSTBRIDGE_BACKUPS_KEEP to change "
    "that). Backups are kept in the backups folder inside your data folder."
)
BACKUP_NOW_HELP = "Make a backup of everything now."
BACKUP_LIST_HELP = "Show your backups: when each was made, its size and how much it holds."
BACKUP_JSON_HELP = "Print the backups as JSON instead of a table."
BACKUP_VERIFY_HELP = (
    "Check that a backup is whole and readable. Checks every backup when no name is given."
)
BACKUP_RESTORE_HELP = (
    "Replace everything in Trustbridge with what a backup holds. What is there now is kept "
    "as a backup first, so a restore can itself be undone."
)
BACKUP_NAME_HELP = "The backup's name, as shown by: trustbridge backup list"
RESTORE_WHICH = "Which one? Name it to restore it: trustbridge backup restore NAME"
BACKUP_VERIFY_NAME_HELP = "The backup to check; leave it out to check them all."
RESTORE_YES_HELP = "Restore without asking first (needed when no one is at the terminal)."
BACKUP_MADE = "Backup made: {name} ({size}, {holds})."
BACKUP_WHERE = "Your backups are in {folder}"
BACKUP_COLUMNS = ("Name", "Made", "Size", "Holds")
NO_BACKUPS = "No backups yet. To make one now: trustbridge backup now"
HOLDS_NOTHING = "nothing yet"
BACKUP_OK = "{name}: whole and readable."
BACKUP_BAD = "{name}: has a problem: {problems}"
BACKUP_BAD_HINT = (
    "Please do not restore from a backup with a problem. Other backups are not affected."
)
RESTORE_CONFIRM = (
    "Replace everything in Trustbridge with backup {name}, made {when}? "
    "What is there now is kept as a backup first"
)
RESTORE_NEEDS_YES = (
    "Restoring {name} replaces everything in Trustbridge (what is there now is kept as a "
    "backup first). To go ahead, add --yes."
)
RESTORED = "Restored backup {name}. What was there before is kept as backup {kept}."
RESTORED_INTO_EMPTY = "Restored backup {name}."
NOT_RESTORED = "Nothing was changed."
NOT_RESTORED_BAD = (
    "Backup {name} did not pass its check, so it was not restored ({problems}). "
    "Nothing was changed."
)
NO_SUCH_BACKUP = "There is no backup called {name!r}. To see your backups: trustbridge backup list"
STORE_IN_USE = (
    "Trustbridge is open somewhere else (a browser window or another terminal). Please close "
    "it and try again. Nothing was changed."
)
NOT_SQLITE = (
    "Your entries are kept in a {kind} database, not in Trustbridge's own file, so this "
    "cannot be done here; please use that database's own tools."
)
NOTHING_TO_BACK_UP = "There is nothing to back up yet."
BACKUP_FAILED = "That did not work ({reason}). Nothing was changed."

# --- deleting everything ----------------------------------------------------------------------

DELETE_EVERYTHING_HELP = (
    "Delete everything you have written, everyone in your circle and every backup, for good. "
    "You are shown what will go and asked to type a word first. This cannot be undone."
)
DELETE_EVERYTHING_YES_HELP = "Delete without asking (needed when no one is at the terminal)."
DELETE_EVERYTHING_WHAT = "This deletes, for good and with no way back:"
DELETE_EVERYTHING_ITEM = "  - {what}"
DELETE_EVERYTHING_EMPTY = "your store (it holds no entries yet)"
DELETE_EVERYTHING_BACKUPS = "  - {n} {backups}"
DELETE_EVERYTHING_FOLDER = "All of it is in {folder}"
DELETE_EVERYTHING_NOTHING = "There is nothing to delete in {folder}."
CONFIRM_WORD = "delete"
DELETE_EVERYTHING_PROMPT = "To delete all of this, type {word} (anything else keeps it)"
DELETE_EVERYTHING_NEEDS_YES = (
    "Deleting everything cannot be undone. To go ahead without a terminal, add --yes. "
    "Backups are deleted too, so to keep a copy, export first."
)
DELETED_EVERYTHING = Counted("Deleted everything: {n} {n:file|files} removed from {folder}.")

# --- encryption: first run, unlock, lock, passphrase ------------------------------------------

PASSPHRASE_FILE_HELP = (
    "Read the store's passphrase from this file (first line), for scripts. "
    "TRUSTBRIDGE_PASSPHRASE works too."
)
INIT_HELP = (
    "Set up a new store, encrypted with a passphrase. Asks for one at a terminal; scripts can "
    "give it with --passphrase-file or TRUSTBRIDGE_PASSPHRASE."
)
INIT_NO_ENCRYPTION_HELP = "Keep entries unencrypted on this computer (not recommended)."
UNLOCK_HELP = "Unlock your store for a while, so commands do not ask for the passphrase each time."
UNLOCK_MINUTES_HELP = (
    "How many minutes to keep it unlocked (default: TRUSTBRIDGE_KEY_CACHE_MINUTES or 15)."
)
UNLOCK_RECOVERY_HELP = "Use your recovery key instead of the passphrase."
LOCK_HELP = (
    "Lock your store now, here and in the browser: the next command, and the page, ask for "
    "the passphrase again."
)
ENCRYPT_HELP = "Turn on encryption for a store that is kept unencrypted, backups included."
PASSPHRASE_HELP = "Change your passphrase. Your entries are not rewritten."
NEW_PASSPHRASE_FILE_HELP = "Read the new passphrase from this file (first line), for scripts."
RECOVERY_KEY_HELP = "Make a new recovery key. The old one stops working."

SHORT.update(
    {
        "init": "Set up a new store, with a passphrase.",
        "unlock": "Unlock your store for a while.",
        "lock": "Lock your store now.",
        "encrypt": "Turn on encryption for an unencrypted store.",
        "passphrase": "Change your passphrase.",
        "recovery-key": "Make a new recovery key.",
    }
)

SETUP_INTRO = (
    "Trustbridge keeps what you write on this computer. With a passphrase it is encrypted, "
    "so nobody who gets hold of this computer or a backup can read it without the passphrase."
)
PASSPHRASE_CHOOSE = "Choose a passphrase (at least 8 characters; Enter alone for none)"
PASSPHRASE_AGAIN = "Type it again"
PASSPHRASE_MISMATCH = "Those two were not the same. Let's try again."
PASSPHRASE_NEW = "New passphrase (at least 8 characters)"
PASSPHRASE_ASK = "Passphrase for your Trustbridge store"
RECOVERY_ASK = "Recovery key"
NO_ENCRYPTION_WARNING = (
    "Without a passphrase your entries are stored unencrypted: anyone who can open files on "
    "this computer, or gets a copy of a backup, can read them. You can turn encryption on "
    "later with `trustbridge encrypt`."
)
NO_ENCRYPTION_CONFIRM = "Keep your entries unencrypted?"
STORE_MADE_ENCRYPTED = "Your store is ready and encrypted, in {folder}."
STORE_MADE_PLAIN = "Your store is ready, unencrypted, in {folder}."
RECOVERY_SHOW = (
    "Your recovery key. Write it down now and keep it somewhere safe, away from this "
    "computer. It opens your store if you forget the passphrase, and it is shown only this "
    "once:\n\n    {code}\n"
)
RECOVERY_WARNING = (
    "Without the passphrase or this key nobody, including us, can open your entries again."
)
STORE_EXISTS = "There is already a Trustbridge store in {folder}. Nothing was changed."
NO_STORE = (
    "There is no Trustbridge store in {folder} yet. Set one up with `trustbridge init` "
    "(it asks for a passphrase), or run this command in a terminal."
)
INIT_NEEDS_PASSPHRASE = (
    "`trustbridge init` needs a passphrase: run it in a terminal, give one with "
    "--passphrase-file PATH or TRUSTBRIDGE_PASSPHRASE, or choose --no-encryption."
)
STORE_LOCKED = (
    "Your store is locked. Run this in a terminal to be asked for the passphrase, run "
    "`trustbridge unlock` first, or give it with --passphrase-file PATH or "
    "TRUSTBRIDGE_PASSPHRASE."
)
PASSPHRASE_FILE_EMPTY = "The passphrase file {path} is empty."
PASSPHRASE_FILE_UNREADABLE = "Trustbridge could not read the passphrase file {path}: {reason}"
UNLOCKED_FOR = "Unlocked for {minutes} minutes. `trustbridge lock` locks it sooner."
UNLOCK_NOT_KEPT = "Unlocked for this command only ({reason})."
NOT_ENCRYPTED = (
    "This store is not encrypted, so there is nothing to unlock. "
    "`trustbridge encrypt` turns encryption on."
)
LOCKED_NOW = "Locked. The next command will ask for your passphrase."
WAS_NOT_UNLOCKED = "It was already locked."
ENCRYPTING = "Encrypting your store and its backups..."
ENCRYPTED_DONE = Counted("Done: your store and {n} backup {n:file|files} are encrypted.")
PASSPHRASE_CHANGED = (
    "Your passphrase is changed. Your entries, backups and recovery key stay as they were."
)
RECOVERY_REPLACED = "The old recovery key no longer works."
CANNOT_DECRYPT = (
    "Your store could not be opened with its key. Either the file is damaged, or it does not "
    "belong with the keys file in {folder}. Nothing was changed. Your backups are in "
    "{folder}/backups; `trustbridge backup verify` checks them."
)
CACHE_MINUTES_BAD = (
    "TRUSTBRIDGE_KEY_CACHE_MINUTES must be a whole number of minutes from 0 to 1440."
)
NEW_PASSPHRASE_NEEDED = (
    "Give the new passphrase with --new-passphrase-file PATH, or run this in a terminal."
)
RECOVERY_NEEDS_TERMINAL = "The recovery key is asked for at a terminal; run this command in one."
IDLE_LOCK_HELP = (
    "Lock an encrypted store after this many minutes without use; 0 never "
    "(default: TRUSTBRIDGE_IDLE_LOCK_MINUTES or 15)."
)
ENCRYPT_NEEDS_PASSPHRASE = (
    "`trustbridge encrypt` needs a passphrase: run it in a terminal, or give one with "
    "--passphrase-file PATH or TRUSTBRIDGE_PASSPHRASE."
)

# --- a full disk ------------------------------------------------------------------------------

DISK_FULL = (
    "This computer's disk is full, so nothing was saved. Free up some space (for example, by "
    "removing files you no longer need), then run the command again. What you saved before "
    "is safe."
)
