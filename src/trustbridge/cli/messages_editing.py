"""What the command line says about editing and backdating entries."""

from __future__ import annotations

EDIT_HELP = (
    "Change {thing} number ID. Give only the flags you want to change; at a terminal, every "
    "other answer is asked for with what is there now as its default (press Enter to keep it)."
)
EDIT_FIELD_HELP = "Change {what}."
EDIT_CHOICES_HELP = "One of: {keys}."
EDIT_MANY_HELP = "Separate several with commas."
EDITED = "Saved your changes to {noun} number {id}."
DATE_HELP = (
    "The day this is about, if not today: yesterday, -3 (three days ago) or 2026-03-14. "
    "Not in the future."
)
DELETE_HELP = "Delete {thing} number ID for good (asks first)."
DELETE_YES_OPT = "Delete without asking first (needed when no one is at the terminal)."
DELETE_NEEDS_YES = "To delete {what} {id} without a question, add --yes."
DELETE_CONFIRM = "Delete {what} {id} for good?"
DELETED = "Deleted {what} {id}."
NOT_DELETED = "Nothing was deleted."
