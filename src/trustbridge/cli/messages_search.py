"""Words the search command says."""

from __future__ import annotations

SEARCH_HELP = (
    "Search everything you wrote, in every tool: best matches first, matching words marked.\n\n"
    "Each word finds words that start with it (walk finds walking), in any case and with or "
    "without accents (cafe finds café). Put words in double quotes to find them together: "
    '"my sister".'
)
SEARCH_TEXT_HELP = 'The words to look for; "words in double quotes" are found together.'
SEARCH_TOOL_HELP = (
    "Look only in one tool or page, such as journal, thought-record, people or evidence."
)
SEARCH_LIMIT_HELP = "How many of the best matches to show."
SEARCH_JSON_HELP = "Print the matches as JSON instead of a list."
EMPTY_SEARCH = (
    "There is nothing to search for yet: give a word or two, such as: trustbridge search walk"
)
NO_MATCHES = "Nothing you wrote matches {words}. Try fewer words, or the start of a word."
NO_MATCHES_IN_TOOL = "Nothing in {tool} matches {words}. Try without --tool to look everywhere."
FOUND = "{n} best matches for {words}:"
FOUND_ONE = "1 match for {words}:"
FOUND_ALL = "{n} matches for {words}:"
RESULT_HEAD = "{label} · {day} · {title}"
RESULT_OPEN = "  open: {link}"
