"""Words the stage 8 commands show: partner check-ins, rituals, appreciation, goals and wins."""

from __future__ import annotations

PC_HELP = "Short, regular talks with your partner: what went well, what was hard, what to try."
PC_ADD_HELP = "Write down a check-in you just had."
PC_LIST_HELP = "Show your check-ins and when the next one comes round."
PC_EVERY_HELP = "Choose how many days apart your check-ins come round (7 to start with)."
PC_EVERY_SAVED = "Check-ins now come round every {days} days."
PC_SAVED = "Check-in {id} saved. Thank you for making the time."
PC_NEXT = "Next check-in: {day}."
PC_DUE = "Next check-in: whenever you are both ready, it has come round."
NO_CHECKINS = "No check-ins yet. Add one with: trustbridge partner-checkin add"
PC_COLUMNS = ("No.", "Day", "With", "Went well", "To try")

RITUAL_HELP = "Small habits of connection, and how often you keep them."
RITUAL_ADD_HELP = "Start a ritual: daily, weekly or on chosen days."
RITUAL_DONE_HELP = "Mark a ritual kept, today or on another day."
RITUAL_LIST_HELP = "Show your rituals and how they are going."
RITUAL_ASIDE_HELP = "Set a ritual aside for now (--back brings it back)."
RITUAL_SAVED = "Ritual {id} saved. Mark it kept with: trustbridge ritual done {id}"
RITUAL_KEPT = "Kept on {day}. {progress}."
RITUAL_ALREADY = "That day is already marked as kept, so nothing changed."
RITUAL_ASIDE = "Ritual {id} is set aside. Its history stays."
RITUAL_BACK = "Ritual {id} is back in your list."
NO_RITUALS = "No rituals yet. Start one with: trustbridge ritual add"
RITUAL_COLUMNS = ("No.", "Ritual", "How often", "With", "How it is going")
CADENCE_OPT = "How often: daily, weekly or days (then give --days)."
DAYS_OPT = "For chosen days: the days of the week, like mon,thu."
DAY_OPT = "The day it was kept: a date, today, yesterday or -3 (default: today)."
ARCHIVED_OPT = "Show rituals you set aside instead."
BACK_OPT = "Bring a set-aside ritual back."

APPRECIATION_HELP = "Notice what you appreciate in someone, and whether you said it."
APPRECIATION_ADD_HELP = "Write down something you appreciate."
APPRECIATION_LIST_HELP = "Show what you have appreciated."
APPRECIATION_SAVED = "Appreciation {id} saved."
NO_APPRECIATIONS = "Nothing here yet. Add one with: trustbridge appreciation add"
APPRECIATION_COLUMNS = ("No.", "Day", "For", "What", "Said it")
SAID_OPT = "You said it out loud."
NOT_SAID_OPT = "You kept it to yourself, for now."

GOAL_HELP = "Goals you share, and the times you look at them again together."
GOAL_ADD_HELP = "Set a shared goal."
GOAL_REVIEW_HELP = "Look at a goal again: is it still yours, how is it going, what next."
GOAL_LIST_HELP = "Show your shared goals."
GOAL_SAVED = "Goal {id} saved."
GOAL_REVIEWED = "Goal {id} looked at again. Thank you for checking in on it."
NO_GOALS = "No shared goals yet. Add one with: trustbridge goal add"
GOAL_COLUMNS = ("No.", "Goal", "With", "Status", "Look again")
REVIEW_DUE = "{day} (time to look again)"
STILL_OURS_OPT = "It is still yours."
NOT_OURS_OPT = "It no longer fits."
STATUS_OPT = "Change the status: active, reached or set_aside."
NEXT_REVIEW_OPT = "When to look at it again: a date, or +30 for thirty days ahead."

WIN_HELP = "Moments worth celebrating, like meeting a trigger with grace."
WIN_ADD_HELP = "Write down a win."
WIN_LIST_HELP = "Show your wins."
WIN_SAVED = "Win {id} saved. Well done."
NO_WINS = "No wins written down yet. Add one with: trustbridge win add"
WIN_COLUMNS = ("No.", "Day", "Win", "Kind", "From")
FROM_OPT = "The entry it came from, as TOOL:NUMBER, like thought_record:12."
KIND_OPT = "What kind of win: a number or name from the list."
