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
SEARCH_LIMIT_HELP = "How many of the best matches to show on a page."
SEARCH_PAGE_HELP = "Which page of matches to show: 2 shows the next best after the first page."
SEARCH_JSON_HELP = "Print the matches as JSON instead of a list."
EMPTY_SEARCH = (
    "There is nothing to search for yet: give a word or two, such as: trustbridge search walk"
)
NO_MATCHES = "Nothing you wrote matches {words}. Try fewer words, or the start of a word."
NO_MATCHES_IN_TOOL = "Nothing in {tool} matches {words}. Try without --tool to look everywhere."
FOUND_ONE = "1 match for {words}:"
FOUND_ALL = "{n} matches for {words}:"
FOUND_PAGE = "{total} matches for {words}, best first. These are {first} to {last}:"
FOUND_ABOUT = (
    "About {total} entries match {words}. These are {first} to {last} of the best of the "
    "newest {ranked}:"
)
NEXT_PAGE = "Next page: {command}"
OLDER = (
    "Those were the best of the newest matches. To reach older ones, add a word, or look in "
    "one tool with --tool."
)
RESULT_HEAD = "{label} · {day}"
RESULT_TITLED = "{head} · {title}"
RESULT_OPEN = "  open: {link}"
