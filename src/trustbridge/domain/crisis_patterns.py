"""The wording the crisis check looks for, as regex tables in four categories (see ``crisis``).

Text reaches these patterns lower-cased, with straight apostrophes, hyphens and underscores
turned into spaces, and exactly one space before every word. Each pattern opens with plain
words, which the check uses both to skip text quickly and to merge patterns into a trie.
"""

from __future__ import annotations


def _each(openings: str, rest: str) -> tuple[str, ...]:
    """One pattern per "|"-separated opening; "don'?t" stands for "don't" and "dont"."""
    spellings = {w.replace("'?", mark) for w in openings.split("|") for mark in ("'", "")}
    return tuple(sorted(spelling + rest for spelling in spellings))


_ME = r"(?:my ?self|meself)"
_ANYMORE = r"(?: any ?more| any longer)"
_END = r" ?$|[.,;:!?)\"']"  # the end of a clause (the text ends in a space)
_CLAUSE_END = rf"(?={_END})"
_GAP = r"\S*+(?: \S++){0,10}? "  # up to ten words, for wording that only counts nearby
# Wording about dying that makes "I have a plan" or "I wrote a note" worrying when it is
# close by. "Dead", "died", "funeral", "pills" and "rope" are left out: grief, medication
# routines and climbing trips use them too often, and the clearer cases are caught anyway.
_DYING = (
    "die|dying|end it|end it all|end my life|kill myself|killing myself|hang myself|jump off"
    "|not be here|in case i'?m dead|when i'?m dead|when i'?m gone|after i'?m gone|once i'?m gone"
)
_DEATH = rf"(?:{_DYING})\b"
_WISH = (
    "want|wants|wanted|wanting|wanna|wish|wishes|wished|wishing|would like|hope|hopes|hoped|hoping"
)
_NOT = "don'?t|do not|didn'?t|did not|doesn'?t|does not|never|no longer"
_CANT = "can'?t|cannot|can not|couldn'?t|could not"
_IM = "i'?m|i am"
_TAKE = "take|takes|taking|took|taken"
_GIVE = "give|gives|giving|gave|given"
_WHO = (
    r"my (?:ex |former |step ?)?(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|fiancee?"
    r"|dad|father|mum|mom|mother|parents?|brother|sister|son|daughter|uncle|aunt|cousin|family"
    r"|landlord|flatmate|roommate|housemate|neighbou?r|boss|carer|ex)"
)
_HARMS_ME = (  # after "he", "she", "they" or "my partner" and the like
    r"(?:(?:'(?:ll|d|s going to|re going to|s gonna)| (?:will|would|is going to|are going to"
    r"|is gonna|gonna|might|could|may|threatened to|threatens to|keeps threatening to"
    r"|is threatening to|tried to|has tried to|wants to|said (?:he|she|they)(?:'d| would|'ll"
    r"| will)|says (?:he|she|they)(?:'ll| will|'d| would)|swore (?:he|she|they)(?:'d| would)))"
    r"(?: \w++)? (?:kill|murder|hurt|beat|strangle|choke|stab|shoot|harm|attack|rape|hit)"
    r" (?:me|us|the kids|the baby|my (?:kids|children|baby|son|daughter))\b"
    r"|(?: \w++)? (?:hits|beats|chokes|strangles|punches|slaps|kicks|rapes|abuses|attacks"
    r"|threatens) me\b(?! (?:at|in|to|up|out|off|on points|by)\b)"
    r"|(?:'s| is| keeps| kept| has been| have been|'re| are| was| were) (?:\w++ )?(?:hitting"
    r"|beating|choking|strangling|punching|slapping|kicking|abusing|threatening|attacking"
    r"|raping|stalking) me\b(?! (?:at|in|to|up|out|off|on points|by)\b)"
    r"| (?:locks|locked|keeps|kept) me (?:in|inside|locked)\b"
    r"| (?:hit|beat|choked|strangled|punched|slapped|kicked|attacked|raped|stabbed|burned)"
    r" me (?:again|today|tonight|last night|this (?:morning|evening|week)|yesterday)\b(?! at\b))"
)
_NOT_WAKING = (
    r"(?! (?:up )?(?:until|till|before|at|for|when|early|late|in time|on time|the|my|him|her"
    r"|them|once)\b)"
)

# Wording about ending one's life, with plans and means. "Suicide" counts wherever it appears,
# about oneself or anyone else, except in a few fixed idioms.
SUICIDAL_PATTERNS = (
    r"suicid(?<!career suicid)(?<!political suicid)(?<!social suicid)(?<!commercial suicid)"
    r"(?<!ran suicid)(?<!run suicid)(?<!running suicid)(?<!do suicid)(?<!doing suicid)"
    r"\w*+(?! squad| doors?\b| sprints?\b| runs?\b| drills?\b)",
    r"unaliv\w*+",
    rf"kill(?:s|ed|ing)? {_ME}(?! laughing)",
    r"end(?:s|ed|ing)? (?:my (?:own )?life|it all|my (?:own )?existence)\b",
    *_each(_TAKE, r" my own life"),
    *_each(_TAKE, r" my life\b(?! (?:back|in|into|to|forward|seriously|one|with)\b)"),
    *_each(
        f"{_WISH}|ready",
        r"(?: to)?(?: just| simply| really)? (?:die|be dead)\b(?<!heart and hope to die)"
        r"(?! (?:my|her|his|the|it) (?:hair|clothes|shirt|fabric|beard)\b"
        r"| of (?:embarrassment|shame|laughter|boredom|cringe|envy|jealousy|happiness)\b"
        r"| laughing\b)",
    ),
    r"wish(?:es|ed|ing)? (?:that )?i(?: was| were|'d| had| could| would)?(?: just)? (?:dead|die"
    r"|died|never been born|never born|been dead)\b",
    r"i (?:deserve|ought|should just|should|need) to die\b",
    r"i (?:should|might as well|may as well) (?:just )?die\b(?! (?:of|from|laughing)\b)",
    *_each(
        "think|thinking|thought|fantasi[sz]e|fantasi[sz]ing|dream|dreaming",
        r" about (?:dying|being dead|my (?:own )?death|killing myself|not waking up"
        r"|not being here|jumping (?:off|from|in front of))\b",
    ),
    *_each(
        "thinking about|thought about|want to|going to|gonna|ready to|plan to|planning to"
        "|decided to",
        rf" end(?:ing)? it(?:{_CLAUSE_END}| tonight| today| now| soon| for good)",
    ),
    r"planning my (?:own )?funeral",
    *_each("bought|buying|got", rf" (?:a |the |some )?rope{_CLAUSE_END}"),
    r"better off dead",
    *_each(
        f"{_NOT}|not",
        rf" (?:really |even |actually )?(?:want|wanna|wish|feel like|care)(?: to)? (?:be alive"
        rf"|exist|existing|stay alive|keep living|go on living|be here{_ANYMORE}|wake up"
        rf"(?:{_ANYMORE}| again| ever again)?{_CLAUSE_END}|live{_ANYMORE}?(?! (?:in|at|near|on"
        r"|there|here|abroad|together|next|close|far|alone|by myself|with (?:him|her|them|you"
        r"|my|a|an|roommates|flatmates))\b))",
    ),
    *_each("tired|sick|weary", r" of (?:living|being alive|existing|life itself)\b"),
    *_each(
        "life|living",
        r" (?:is not|isn't|is no longer|no longer feels|doesn't feel|not) worth (?:living|it)\b",
    ),
    r"no reasons? (?:left )?(?:to|for) (?:live|living|be alive|being alive|stay alive|exist)\b",
    r"nothing (?:left )?to live for",
    *_each(
        "have|got|made|making|make|came up with|worked out",
        rf" (?:a|the|my) plan\b{_GAP}{_DEATH}",
    ),
    *_each(
        "wrote|written|writing|write|left|leaving|leave",
        rf" (?:a|my|the|some) (?:last |final )?(?:notes?|letters?)\b{_GAP}{_DEATH}",
    ),
    *_each(
        _DYING,
        rf"\b{_GAP}(?:(?:i )?(?:have|got|made|make|making) (?:a|the|my) plan"
        r"|(?:wrote|written|writing|write) (?:a|my|the|some) (?:notes?|letters?))\b",
    ),
    *_each(  # a plan with nothing after it, close to a means
        "pills|tablets|rope|a gun|the gun|the bridge",
        rf"\b{_GAP}(?:i )?(?:have|got|made) (?:a|the|my) plan{_CLAUSE_END}",
    ),
    *_each("goodbye|farewell", r" (?:notes?|letters?|messages?|videos?)\b"),
    *_each(
        "hang|hanging|hanged|drown|drowning|drowned|shoot|shooting|shot|poison",
        rf" {_ME}(?! (?:in|with|at|to)\b)",
    ),
    r"slit (?:my|both) (?:wrists?|throat)",
    *_each(
        "i'll|i will|i want to|i wanna|i could|i might|i'?m going to|i'?m gonna|i am going to"
        "|thinking about|thought about|planning to",
        r" (?:just )?jump(?:ing)? (?:off|from|in front of)\b",
    ),
)

# Hurting oneself on purpose, and overdoses. Accidents named right after the words do not count.
SELF_HARM_PATTERNS = (
    r"self ?(?:harm|injur|mutilat)\w*+",
    *_each(
        "hurt|hurts|hurting|harm|harms|harmed|harming|injure|injured|injuring|mutilate"
        "|mutilated|mutilating",
        rf" {_ME}(?! (?:playing|running|lifting|skiing|training|exercising|working out"
        r"|at (?:the )?gym|at work|falling|by accident|accidentally)\b)",
    ),
    rf"cut(?:s|ting)? {_ME}(?! (?:a|an|some|another|off|out|short|loose|free|slack|shaving|while"
    r"|by accident|accidentally|on (?:a|an|the|some|broken|my|his|her|their|that|this)"
    r"|peeling|chopping|opening)\b)",
    rf"burn(?:s|ed|t|ing)? {_ME}(?! (?:out|cooking|baking|ironing|on|in the sun"
    r"|with (?:a|the|hot|boiling|some)|by accident|accidentally)\b)",
    rf"starv(?:e|es|ed|ing) {_ME}(?! (?:until|till|before|for (?:the|a))\b)",
    r"cutting (?:again|my (?:arms?|wrists?|legs?|thighs?|skin|stomach))\b",
    r"cut (?:deep|deeper|too deep|again tonight)\b",
    *_each("sh|self harm|selfharm", r" (?:tonight|again|right now|now)\b"),
    *_each(
        "urge|urges|want|wants|wanted|need|needed|itch|craving",
        r" to (?:cut|burn|hurt) (?:again|my (?:arms?|wrists?|legs?|thighs?|skin))\b",
    ),
    # "overdosed on netflix" is a figure of speech; "overdosed on my meds" is not
    r"overdos\w*+(?! on (?!(?:my|his|her|their|the|some|a|an|all|pills|tablets|meds|drugs"
    r"|heroin|painkillers|paracetamol|insulin|sleeping|medication|opioids|fentanyl)\b))",
    *_each(
        f"{_TAKE}|swallow|swallowed|swallowing",
        r" (?:all|every one|a whole|the whole|a bottle|a handful|a box|a packet)(?: of)?"
        r"(?: bottle| box| pack| packet)?(?: of)?(?: my| the| those| these)? (?:sleeping pills"
        r"|pills|tablets|meds|medication|painkillers)\b",
    ),
    *_each(
        f"{_TAKE}|swallow|swallowed|swallowing",
        rf" (?:the|a) whole (?:bottle|box|pack){_CLAUSE_END}",
    ),
    *_each("pills|tablets|meds", r" (?:saved up|stashed|stockpiled|hoarded)\b"),
    *_each(
        "stockpil|hoard",
        r"\w*+ (?:up )?(?:my |the )?(?:pills|tablets|meds|medication|painkillers)\b",
    ),
)

# Indirect wording: hopelessness, feeling a burden, quiet goodbyes.
NO_WAY_OUT_PATTERNS = (
    r"better off without me\b",
    *_each(
        "better|happier|easier",
        r"(?: off)?(?: for (?:everyone|everybody|them|all of them|my family|you))? (?:if|when)"
        r" i(?:(?:'m| am| was| were|'d be| would be)?(?: just| simply)?"
        r" (?:gone|dead|not (?:here|around|alive)|no longer (?:here|around|alive)|never born"
        r"|disappeared|died|disappear|to die|to disappear)| (?:wasn't|weren't|was not|were not"
        r"|didn't exist|did not exist|had never been born|was never born))\b",
    ),
    *_each(
        "no one|noone|nobody|no body|not one person|not a single person",
        r"(?: would| will|'d|'ll| is going to| gonna)?(?: even| really| ever)? (?:miss|notice"
        r"|care about|care) (?:me\b(?! (?:at|in|on|during|from|for)\b)|(?:if|when) i(?:'m| am)?"
        r" (?:was gone|were gone|gone|wasn't here|weren't here|disappeared|vanished|died|dead"
        r"|was dead|were dead|didn't exist|killed myself|left for good|wasn't around"
        r"|weren't around)\b)",
    ),
    *_each(
        "no one|noone|nobody",
        r" (?:really |even )?cares? (?:if|whether) i (?:live|die|lived|died|exist|was gone"
        r"|were gone)\b",
    ),
    *_each("won'?t|wouldn'?t|will not|would not", r" (?:even )?be missed\b"),
    *_each(
        "would|will|does",
        r" (?:anyone|anybody) (?:even |really )?(?:miss me|notice|care) if i (?:was gone"
        r"|were gone|disappeared|died|wasn't here|weren't here|was dead|killed myself)\b",
    ),
    r"i (?:just )?(?:wasn't|weren't|was not|were not|won't be|will not be) (?:here|around|alive)"
    r"(?: any ?more| much longer| for much longer| for long)\b",
    *_each(
        f"{_NOT}|{_CANT}",
        r" see (?:the|any) point(?: in \w++| of \w++)?(?: any ?more| any longer)",
    ),
    *_each(_IM, r" in (?:a )?(?:mental health )?crisis\b"),
    *_each(
        _CANT,
        rf" (?:go on|keep going|carry on|keep fighting|hold on)(?={_END}| like this| any ?more"
        r"| any longer| living| with (?:life|my life|everything)| and(?! on\b)| but| because"
        r"| i\b| no more| much longer| for much longer)",
    ),
    *_each(
        _CANT,
        r" (?:do|take|handle|bear|stand|cope with|deal with|live with|face|keep doing"
        r"|keep living) (?:this|it|any of this|life|anything|this life|the pain|living like this)"
        r"(?: any ?more| any longer| much longer)",
    ),
    *_each(_CANT, rf" cope{_ANYMORE}"),
    r"no way out\b(?! of (?:the|this|that|a|an|my) (?:contract|lease|deal|car park|parking"
    r"|maze|building|traffic|meeting|subscription|level|room|cave|queue)\b)",
    *_each("see|find|there'?s|there is|is", r" no (?:escape|hope left|way forward)\b"),
    *_each(_CANT, r" see (?:a|any) (?:way out|way forward|point)\b"),
    *_each("i have|i'?ve|i'?ve got|i have got", r" no (?:hope|future)\b"),
    *_each("lost|given up", r" all hope\b"),
    *_each(
        "everything|life|it all",
        r" (?:is|feels|seems) (?:so |completely |totally |utterly |just )?(?:hopeless|pointless"
        r"|meaningless)\b",
    ),
    *_each(
        f"i feel|feeling|{_IM}",
        r" (?:so |completely |totally |utterly |just )?hopeless\b(?! (?:at|with|when it comes to"
        r"|about)\b)",
    ),
    *_each(
        _WISH,
        r"(?: that)?(?: i(?: could| would|'d| can)?)?(?: to)?(?: just| simply| really)?(?: to)?"
        rf" (?:(?:disappear|vanish|fade away|be gone){_CLAUSE_END}|(?:disappear|vanish"
        r"|fade away|go away|be gone)(?: forever| for good| permanently| for ever"
        r"| and never come back| from (?:this|the) world| from existence)\b)",
    ),
    *_each(
        _WISH,
        r"(?: that)?(?: i(?: could| would|'d)?)?(?: to)?(?: just| simply)? (?:stop existing"
        r"|cease to exist|not exist|never have existed|never have been born|wasn't born"
        r"|was never born|had never been born|didn't exist)\b",
    ),
    *_each(
        "sleep|asleep|close my eyes",
        r"(?: \S++){0,3}? (?:and )?(?:never|not|don't|didn't|wouldn't|won't) wake(?: up)?+"
        + _NOT_WAKING,
    ),
    *_each(
        _WISH,
        r"(?: that)? i(?: would| could|'d| will|'ll)? (?:never|not|don't|didn't|wouldn't|won't)"
        r" wake up\b" + _NOT_WAKING,
    ),
    *_each(
        "no|the|any",
        r" point (?:in |to |of )?(?:living|life|being alive|going on|carrying on|anything"
        r"|any of it|it all|existing|being here|me being here)\b(?! insurance)",
    ),
    rf"no point (?:in )?(?:trying|anything|any ?more){_CLAUSE_END}",
    *_each(
        "won'?t|will not|wouldn'?t|not going to",
        r" be (?:a |your |their |anyone's )?burden(?: (?:to|on|for) \w++(?: \w++)?)?(?: for)?"
        r" (?:much |any |very )?longer\b",
    ),
    *_each(
        f"{_IM}|i feel like|i feel|i'?ve become|i have become",
        r"(?: such| just| only| nothing but| always)? (?:a|such a|the) burden\b",
    ),
    *_each(
        "say|says|saying|said",
        r"(?: my)? (?:goodbyes?|farewells?|bye) to (?:everyone|everybody|all of you|you all"
        r"|people|the world|this world|all my (?:friends|family|loved ones|people)"
        r"|the people i love|my family|my loved ones)\b"
        r"(?! (?:at|in|on|before)\b)",
    ),
    *_each("say|saying|said|write|writing|wrote", r"(?: my)? (?:final|last) goodbyes?\b"),
    rf"this is (?:my )?(?:final )?goodbye{_CLAUSE_END}",
    *_each(
        _GIVE,
        r" away (?:all )?(?:of )?(?:my|all my) (?:things|stuff|belongings|possessions|savings"
        r"|treasured \w++)\b(?! (?:before|because) (?:the|my|our|i|we|i'm|we're) (?:move"
        r"|moving)\b)",
    ),
    *_each(_GIVE, r" (?:everything|all my (?:things|stuff|belongings)) away\b"),
    *_each(
        f"{_IM}|i feel|i'?ve",
        r"(?: so| just| really| completely| totally| officially)? (?:done|finished|through)"
        r" with (?:(?:life|living|it all|this life|this world|being alive|existing|all of it)\b"
        rf"(?! (?:on|in|for|at|admin)\b)|everything(?:{_CLAUSE_END}| and everyone))",
    ),
    *_each(_GIVE, r" up on (?:life|living|everything)\b"),
    *_each(
        "want|wish|need",
        rf" (?:it all|everything) to (?:stop|end)(?:{_CLAUSE_END}| forever| for good"
        r"| permanently| now)",
    ),
)

# Someone else putting the person at risk, now or soon. Old hurts told as history are left
# to the journal: they are the work of the program, not an emergency.
IN_DANGER_PATTERNS = (
    *_each("he|she|they", _HARMS_ME),
    _WHO + _HARMS_ME,
    *_each(
        "afraid|scared|fear|fearful|fearing|terrified|frightened|worried",
        r" (?:for|of losing) my (?:life|safety)\b",
    ),
    *_each("afraid|scared|terrified|frightened", r" (?:to go|of going) (?:back )?home\b"),
    *_each(
        "afraid|scared|terrified|frightened",
        rf" of (?:him|her|them|what (?:he|she|they)(?:'ll| will| might| could) do){_CLAUSE_END}",
    ),
    *_each(f"{_IM}|i feel|we'?re|we are", rf" (?:not|never) safe(?:{_CLAUSE_END}| anywhere)"),
    *_each(
        "i don'?t feel|i do not feel|i never feel|i no longer feel",
        rf" safe(?:{_CLAUSE_END}| anywhere)",
    ),
    *_each(
        "not safe|unsafe|never safe|don'?t feel safe|do not feel safe|never feel safe"
        "|no longer feel safe",
        r" (?:at home|in (?:my|our|this) (?:own )?(?:home|house|flat|apartment|room|bed)"
        r"|around (?:him|her|them|my \w++)|with (?:him|her|them|my \w++)|here|any ?more)\b",
    ),
    *_each(
        f"{_IM}|i feel|we'?re|we are|i might be|i could be|my life is",
        r" (?:in )?(?:real |serious |immediate |grave )?danger\b(?! (?:of|zone)\b)",
    ),
    *_each(_IM, r" being (?:followed|stalked|threatened|abused|beaten)\b(?! on\b)"),
    r"stalk(?:s|ed|ing) me\b",
    *_each(
        "has|had|got|pulled|pointed|held|waved|grabbed",
        r" (?:a |his |her |their )?(?:gun|knife|weapon|blade) (?:at|to|on) (?:me|my)\b",
    ),
    r"threaten(?:s|ed|ing)? me with (?:a|his|her|their) (?:gun|knife|weapon|blade)\b",
    *_each(
        "won'?t|will not|doesn'?t|does not",
        r" let me (?:leave|out of) (?:the |my |our )?(?:house|home|flat|apartment|room)\b",
    ),
)
