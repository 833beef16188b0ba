"""Words the support-layer commands say: the support map, the safety plan, crisis notes."""

from __future__ import annotations

SUPPORT_HELP = "Your support map: who helps you with what, and how to reach them."
SUPPORT_ADD_HELP = "Add someone or something that helps: a person, a group, a coach, a line."
SUPPORT_LIST_HELP = "List your support map, with gentle hints where no one helps yet."
SUPPORT_DELETE_HELP = "Remove one entry from your support map, for good."
SP_NAME_HELP = "Their name: a person, a group, a service."
SP_KIND_HELP = "person, group, coach, therapist, crisis_line or other."
SP_PERSON_HELP = "Someone from your circle, by name or number (optional)."
SP_HELPS_HELP = "What they help with, comma-separated: listening, practical, advice, company, hard_moments, growth."
SP_REACH_HELP = "How to reach them: a number, a place, a time."
SUPPORT_SAVED = "Added to your support map as number {id}."
NO_SUPPORT = "Your support map is empty so far. Add someone with: trustbridge support add"
SUPPORT_COLUMNS = ("No.", "Name", "Who or what", "Helps with", "How to reach")
GAPS_TITLE = "Where there is room for more:"
SUPPORT_DELETE_CONFIRM = "Remove {name} from your support map? This cannot be undone"
SUPPORT_DELETE_NEEDS_YES = "To remove number {id}, add --yes (nobody is at the terminal to ask)."
SUPPORT_DELETED = "Removed {name} from your support map."
#: what ``support edit`` calls one entry: "Saved your changes to support map entry number 2."
SUPPORT_THING = "support map entry"
NOT_DELETED = "Nothing was removed."
YES_HELP = "Remove without asking first (needed when no one is at the terminal)."
ID_HELP = "The entry's number, as the list shows it."

SAFETY_PLAN_HELP = "Your safety plan: what helps you through a hard moment, written on a calm day."
PLAN_SHOW_HELP = "Show your safety plan."
PLAN_EDIT_HELP = "Write or change your safety plan. At a terminal it goes part by part; Enter keeps what is there."
PLAN_DELETE_HELP = "Delete your safety plan and any copy kept outside the encryption."
KEEP_OUTSIDE_HELP = (
    "Keep a copy Help now can read while Trustbridge is locked. This copy is not encrypted: "
    "anyone who can open files on this computer could read it."
)
PLAN_TITLE = "Your safety plan"
NO_PLAN = "You have no safety plan yet. On a calm day, start one with: trustbridge safety-plan edit"
PLAN_INTRO = "Take each part slowly. Any part can stay empty for now."
PLAN_CURRENT = "Now: {text}"
PLAN_KEEP_HINT = "Press Enter to keep it, or type - to clear it."
PLAN_SAVED = "Your safety plan is saved. Help now shows it first."
PLAN_OUTSIDE_ON = (
    "A copy is kept outside the encryption, so Help now can show it while locked: {path}"
)
PLAN_OUTSIDE_OFF = "No copy is kept outside the encryption."
PLAN_CALM_NOTE = (
    "Writing a plan can bring things up. If today feels heavy, help is here: trustbridge help-now"
)
PLAN_DELETE_CONFIRM = "Delete your safety plan? This cannot be undone"
PLAN_DELETE_NEEDS_YES = "To delete your safety plan, add --yes (nobody is at the terminal to ask)."
PLAN_DELETED = "Your safety plan is deleted."
PLAN_NONE_TO_DELETE = "There was no safety plan to delete."
PLAN_DELETE_YES_HELP = "Delete without asking first (needed when no one is at the terminal)."

HELP_NOW_PLAN = "Your safety plan"
HELP_NOW_PLAN_LOCKED = (
    "If you have a safety plan, it shows here once Trustbridge is unlocked (trustbridge unlock)."
)

IMPORT_CRISIS_NOTE = (
    "{count} of the imported entries {verb} like things have been very hard. If that is true "
    "today, help is here: trustbridge help-now"
)
#: after a restore, only the recent entries were checked (docs/crisis-check.md)
IMPORT_CRISIS_NOTE_RECENT = (
    "{count} of the entries written in the last {days} days {verb} like things have been very "
    "hard. If that is true today, help is here: trustbridge help-now"
)
