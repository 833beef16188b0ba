"""What ``trustbridge insights`` says, in one place."""

from __future__ import annotations

INSIGHTS_HELP = (
    "Insights over time: mood, self-checks, beliefs, trust, the ladder, thinking traps, "
    "balance, promises, gut checks and the stages, in plain words."
)
PERIOD_HELP = "How far back to look: week, month or year."
JSON_HELP = "Print everything as JSON, the numbers and tables included."
BAD_PERIOD = "The period must be week, month or year, not {given!r}."
TITLE = "Your insights, {words} ({first} to {last})"
EMPTY = (
    "Nothing to show for {words} yet, and that is fine. As you check in and use the tools, "
    "what you note will gather here."
)
QUIET = "Nothing noted yet: {titles}."
MORE = "The web page has the charts and tables: trustbridge serve, then Insights. Add --json for the numbers."
