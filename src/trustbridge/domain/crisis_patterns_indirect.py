"""Indirect and informal crisis wording: method questions, means kept ready, plans with a time,
goodbyes in deeds, shorthand (see ``crisis_patterns`` for how the patterns are read).

Written for the kinds of line the tuning half of tests/data/crisis missed
(docs/crisis-check.md), as constructions rather than as those lines.
"""

from __future__ import annotations

from trustbridge.domain.crisis_patterns import _CLAUSE_END, _GAP, _IM, _WISH, _each

_WAYS_TO_DIE = (
    r"(?:drown|fall|jump|die|dying|be fatal|fatal|lethal|kill (?:me|you|someone)|overdose"
    r"|bleed out|hang|not wake up|stop breathing|freeze to death)\b"
)
INDIRECT_SUICIDAL = (
    *_each(
        "how long|how high|how deep|how far|how cold|how much|how many", rf"\b{_GAP}{_WAYS_TO_DIE}"
    ),
    *_each(
        "quickest|easiest|fastest|least painful|painless|surest|simplest|cleanest",
        r" ways? (?:to (?:die|go|end it|do it|kill myself|not wake up)|out)\b",
    ),
    *_each("ways|methods|how", r" to (?:die|kill myself|end it all|end my life)\b"),
    *_each(_IM, rf" checking out(?: for good| tonight| now| soon)?{_CLAUSE_END}"),
    *_each("kms|kys|ctb|sewerslide|sewer slide|self delete|selfdelete", r"\b"),
    *_each("catch|catching|caught", r" the bus\b(?= (?:tonight|soon|for good|if you know))"),
    r"big sleep\b",
    # means and methods named outright, in the writer's own deed
    *_each("tied|tying|made|making|bought|hung|hanging|got", r" (?:a|the|my) noose\b"),
    *_each(
        "drank|drunk|drinking|swallowed|swallowing",
        r" (?:some |the |a bottle of )?(?:bleach|antifreeze|weedkiller|rat poison)\b",
    ),
    *_each(_IM, rf" (?:about|going|gonna) to jump{_CLAUSE_END}"),
    r"do something (?:stupid|drastic|permanent)(?: tonight| to myself| soon| now)\b",
    *_each("wrote|written|writing|finished|left", r" the (?:note|letter)\b"),
    *_each(
        "letter|letters|note|notes",
        r" for (?:each of )?(?:the kids|my kids|everyone|my family|all of them|each of them"
        r"|them all)\b",
    ),
    r"where (?:they'?ll|they will|someone will|somebody will|he'?ll|she'?ll) find (?:them|it|me)\b",
    *_each("then", rf" (?:{_IM}|i'?ll be) (?:out|done|gone|finished)(?: for good)?{_CLAUSE_END}"),
    r"then that'?s it(?: for me)?\b",
    *_each("after", rf"\b(?: \S+){{1,4}}? (?:{_IM}) (?:done|out|gone)(?: for good)?{_CLAUSE_END}"),
    *_each(
        "thinking about|think about|urge to|want to|going to|gonna|need to",
        r" (?:burning|burn|cutting|cut|scratching|scratch|hurting|hurt) (?:my|myself)"
        r"(?: \w+)?(?: (?:skin|arms?|wrists?|legs?|thighs?|stomach))?\b",
    ),
    *_each("roof|bridge|cliff|ledge|balcony|window|top floor", rf"\b{_GAP}to jump\b"),
    *_each(
        "pills|tablets|meds|painkillers",
        rf"\b{_GAP}(?:take|taking|swallow|swallowing) (?:them|it|the lot) all\b",
    ),
    r"yeet(?:ing)? myself\b",
    *_each("she'?d|he'?d|they'?d|would|could|might|will", rf" (?:try to )?stop me{_CLAUSE_END}"),
    *_each("nobody|no one|noone|nothing", rf" (?:can|could|will) stop me{_CLAUSE_END}"),
    r"plan'?s (?:made|set|ready)\b",
    *_each("felt|feels|feel", r" like (?:the|a|my) (?:last|final) (?:one|time|goodbye|message)\b"),
    rf"insurance\b{_GAP}(?:than i|without me|better off|instead of me|than me)\b",
    *_each(
        "blade|blades|razor|razors",
        r" (?:are |is )?(?:hidden |tucked |stashed |ready )?(?:under|in) my"
        r" (?:pillow|mattress|bag|drawer|pocket|room|hand)\b",
    ),
    *_each("sharpened|hid|hidden|stashed|bought", r" (?:the |some |a )?(?:blades?|razors?)\b"),
    *_each(
        "don'?t think|do not think|not sure",
        r" (?:i'?ll|i will|i'?m going to|i can) make it(?: through)? (?:tonight|the night|until"
        r"|till|til|to)\b",
    ),
)

INDIRECT_NO_WAY_OUT = (
    *_each("carry on|go on|manage|cope|be fine|move on|be better|be happier", r" without me\b"),
    *_each("no one|noone|nobody|no body", r" (?:even |really )?needs me\b"),
    *_each(f"{_IM}|i feel", r"(?: just)? (?:a|such a) (?:weight|drain|waste of space)\b"),
    *_each("removing|remove|erasing|erase", r" myself\b"),
    r"let go for good\b",
    *_each("not|won'?t|never", r" (?:be )?(?:around|here) (?:for )?(?:much longer|long now)\b"),
    r"none of (?:this|it) will matter(?: to me)?\b",
    *_each(_WISH, r" (?:i could |to )?(?:sleep|fall asleep) (?:forever|for ever|and not)\b"),
    *_each("rather|prefer to", r" not (?:be here|exist|be alive|wake up)\b"),
    *_each(
        _WISH, r" (?:a|the) (?:bus|car|train|lorry|truck) (?:would |will )?(?:just )?hits? me\b"
    ),
    *_each("run out of|no more|got no", r" reasons(?: to (?:stay|live|keep going))?\b"),
    *_each("only way|one way", r" (?:out|i know)\b(?! of (?:the|this|that|a|an|my)\b)"),
)

INDIRECT_DANGER = (
    *_each(
        f"{_IM}|i am",
        r" hiding (?:from (?:him|her|them)|in the (?:bathroom|wardrobe|closet)"
        r"|under the bed)\b",
    ),
    *_each(
        "broke|broken|breaking",
        r" in\b(?! (?:my|the|new|these|those|his|her) (?:shoes|boots|jeans|horse))",
    ),
    *_each("coming", r" (?:back )?(?:for me|to get me|at me|back up|back to (?:hurt|finish))\b"),
    *_each(
        "says|said|saying|texted|texting|threatened|messaged",
        rf"\b{_GAP}(?:i'?m dead|i'?ll pay|i will pay|i'?ll regret|nobody will (?:ever )?find"
        r"|no one will (?:ever )?find|finish the job|pay for it)\b",
    ),
    *_each(
        "has|got|holding|pulled",
        r" (?:a|the|his|her) (?:gun|knife|bat|weapon|blade)(?: out)?\b"
        r"(?! (?:for|at the range|collection|licen[cs]e|drawer)\b)",
    ),
    *_each("gun|knife|bat|weapon", r" out\b"),
    *_each(
        "he|she|they",
        r" (?:just )?(?:pushed|shoved|threw|dragged|grabbed|choked|strangled)"
        r" me\b(?= (?:down|again|and|into|out|across|by)|$|[.,!])",
    ),
    *_each("followed|following", r" me (?:home|off|out|from)\b"),
)
