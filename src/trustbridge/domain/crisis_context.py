"""Whether crisis wording in a clause is told at a distance: past, someone else's, a topic.

The crisis check has two answers when wording about suicide, self-harm or danger turns up:
*urgent* (full crisis resources at once) and *gentle* (a quiet "support is here" link). The
gentle answer is for wording told at a distance from the writer's present: a past they came
through ("two years ago I tried..."), someone else's story ("my friend's overdose"), a
subject ("a documentary about suicide prevention"), or a plain denial ("not suicidal"). A
cue that brings it back to now ("again", "tonight", "still") after the wording keeps it
urgent.

Text reaches these functions as the crisis check reduces it: lower case, plain ASCII, words
one space apart, apostrophes kept (``i'm``) or dropped (``im``) as the person typed them.
"""

from __future__ import annotations

from trustbridge.domain.regex_cache import compiled

#: a clause ends at sentence punctuation or a line end (made into ". " by the check), and a
#: "but" starts a new one: "i used to want to die, but now..." is two thoughts
CLAUSE_BREAK = compiled(r"[.!?;]+(?=[ \n]|$)|\n|,? but ")
#: where a sentence ends: a clause break other than "but" (kept with the sentence before it)
SENTENCE_BREAK = compiled(r"(?<=[.!?;])(?=[ \n]|$)|\n")

_PAST = compiled(
    r" (?:(?:\w+ )?(?:years?|yrs?|decades?) (?:ago|since|later|clean|free|on)"
    r"|(?:\w+ )?months? (?:clean|free)"
    r"|used to|back (?:then|when|in)|when i was (?:a |an |younger|little|small|\d|in )"
    r"|as a (?:kid|child|teen|teenager|student)|in (?:my )?(?:teens|twenties|childhood)"
    r"|in (?:19|20)\d\d|survived|survivor|recovered|recovery|anniversary|looking back"
    r"|in the past|the old (?:me|pull|urge|habit)|it passed|once upon|re ?read\w*|old entries"
    r"|old diar\w+|last (?:spring|summer|autumn|fall|winter|year))\b"
)
_TOPIC = compiled(
    r" (?:documentar\w*|film|movie|book|novel|article|podcast|news|episode|series|tv|lecture"
    r"|course|training|class|workshop|seminar|webinar|awareness|prevention|research|statistics"
    r"|stats|study|studies|volunteer\w*|hotline|helpline|charity|fundraiser|campaign|essay"
    r"|thesis|paper|song|lyrics|character|play|talk about|module|exam|leaflet|poster|question"
    r"|storyline|story|support group|loss|bereavement|dissertation|chapter|workbook|survey"
    r"|grief|grieving|bereaved|inquest|memorial)\b"
)
_OTHERS = compiled(
    r" (?:he|she|they|his|her|their|him|them|someone|somebody|people|a friend|friends?'?s?"
    r"|(?:my|our|a|his|her|their) (?:\w+ )?(?:friend|mate|brother|sister|mum|mom|mother|dad"
    r"|father|son|daughter|uncle|aunt|cousin|partner|husband|wife|boyfriend|girlfriend|bf|gf"
    r"|colleague|coworker|client|student|patient|grand\w*|nephew|niece|neighbou?r|classmate"
    r"|teacher|boss|ex|kid|child|children|teen|teenager|gp|doctor|therapist)s?'?s?)\b"
)
_NEGATED = compiled(
    r" (?:not|never|no longer|(?:do|did|is|was|won|would|have|has|are|were)n'?t)"
    r"(?: going to| gonna)?(?: \w+)?$"
)
#: a denial of thoughts or intent right before the wording: "no intention of hurting myself",
#: "haven't had any thoughts of suicide", "not that i'd ever hurt myself"
_DENIED = compiled(
    r"(?: no| not|n't)(?: had| have| having)?(?: any)? (?:thoughts?|intentions?|urges?)"
    r" (?:of|to|about)$| not that i'?d(?: ever)?$"
)
#: before words that name the subject only ("suicide", "self harm"): "no self harm since
#: march", "without those old suicidal thoughts"
_NONE_OF = compiled(r" (?:no|without(?: \w+){0,2})$")
#: after such words: "self harm free", "three years suicide free"
_FREE_OF = compiled(r"^ ?(?:free|clean)\b")
#: the wording is said of the writer: "i feel suicidal", "been self harming"
_OWN = compiled(
    r" (?:i|i'?m|i am|feel|feels|feeling|felt|i'?ve been|been|i get|getting|so|really|very|still)$"
)
_NOW = compiled(
    r" (?:again|tonight|right now|now|still|these days|lately|today|this week|soon|tomorrow"
    r"|any ?more|can'?t stop|cannot stop)\b"
)
#: words that name the subject without saying whose it is
_TOPIC_WORD = compiled(r"suicid|overdos|self ?(?:harm|injur)|unaliv|\bsh\b")
_FIRST_PERSON = compiled(r" (?:i|i'?m|i'?ve|i'?d|i'?ll|me|my|myself|mine)\b")


def clause_spans(plain: str) -> list[tuple[int, int]]:
    """The (start, end) of each clause in reduced text, in order, covering all of it."""
    spans, start = [], 0
    for found in CLAUSE_BREAK.finditer(plain):
        spans.append((start, found.end()))
        start = found.end()
    spans.append((start, len(plain)))
    return spans


def at_a_distance(plain: str, clause: tuple[int, int], match: tuple[int, int]) -> bool:
    """Whether the wording at ``match`` is told as past, as someone else's, as a topic, or denied.

    Someone else's story and topics only distance wording that does not name the writer
    ("suicide", "overdosed", "self-harm") and is not said of the writer ("i feel suicidal");
    "kill myself" is the writer's whoever else is in the clause. After that, anything that
    brings the wording back to now ("again", "tonight") keeps it urgent, even in a past told.
    """
    start, end = clause
    before, words, after = (
        plain[start : match[0]],
        plain[match[0] : match[1]],
        plain[match[1] : end],
    )
    if _NEGATED.search(before.rstrip()) or _DENIED.search(before.rstrip()):
        return True
    if own_wish(plain, clause, match):  # "dinner was fine and i want to die" is not a past
        return False
    whole = f" {before} {after} "
    neutral = bool(_TOPIC_WORD.search(words)) and not _FIRST_PERSON.search(f" {words} ")
    if neutral and (_NONE_OF.search(before.rstrip()) or _FREE_OF.search(after)):
        return True
    neutral = neutral and not _OWN.search(f" {before.rstrip()}")
    if neutral and (_TOPIC.search(whole) or _OTHERS.search(whole)):
        return True
    if _NOW.search(after + " "):
        return False
    return bool(_PAST.search(whole))


#: a clause of fewer words than this holds too little besides an urgent wording to take it
#: back: "i'm not safe." or "i want to die." stands as said
PINNED_BELOW_WORDS = 8


#: the writer's own wish or intent to die, said outright and in the present: an alarm on
#: this wording is never talked away by a model, however ordinary the rest of the entry
#: ("long day, the bus was late again, and i want to die"); past ("i wanted to"), denied
#: ("i don't want to die") and distanced wording never matches or is never urgent here
_OWN_WISH = compiled(
    r"\bi (?:(?:just|really|honestly|only|still|so|truly|actually|kind of|kinda) )*"
    r"(?:want|wish|need) to (?:die|be dead|kill myself|end (?:my life|it all|it)"
    r"|not (?:be alive|exist|wake up|be here))\b"
    r"|\bi(?:'?m| am) (?:going|gonna) (?:to )?(?:kill myself|end (?:my life|it all))\b"
    r"|\bi(?:'?ll| will) kill myself\b"
)


def pinned(plain: str, clause: tuple[int, int], match: tuple[int, int]) -> bool:
    """Whether the wording at ``match`` (found urgent) is an alarm nothing may talk away: its
    clause is short (:data:`PINNED_BELOW_WORDS`), something after the wording in it ties it to
    now ("feel suicidal again", "want to die tonight"), or it is the writer's own wish to die
    said outright (:data:`_OWN_WISH`)."""
    return (
        len(plain[clause[0] : clause[1]].split()) < PINNED_BELOW_WORDS
        or bool(_NOW.search(plain[match[1] : clause[1]] + " "))
        or own_wish(plain, clause, match)
    )


def own_wish(plain: str, clause: tuple[int, int], match: tuple[int, int]) -> bool:
    """Whether the wording at ``match`` is part of the writer's own wish to die said outright
    and now (:data:`_OWN_WISH`) in its clause."""
    return any(
        clause[0] + found.start() < match[1] and match[0] < clause[0] + found.end()
        for found in _OWN_WISH.finditer(plain[clause[0] : clause[1]])
    )


def told_at_a_distance(clause: str) -> bool:
    """Whether a whole clause (spaced at both ends) is past, a topic, or only about others.

    For a clause the semantic check found close to crisis talk, where no wording marks a
    spot: someone else's story distances it only when the writer is not in it at all
    ("my kids would be better off without me" is the writer's).
    """
    if _TOPIC.search(clause):
        return True
    if _OTHERS.search(clause) and not _FIRST_PERSON.search(clause):
        return True
    return not _NOW.search(clause) and bool(_PAST.search(clause))
