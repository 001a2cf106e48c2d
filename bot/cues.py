"""The words that introduce a statement: speech, writing and reporting verbs.

Reporters use an open class of verbs for attribution ("said", "tweeted",
"implored", "gushed", "quipped" …), so no list is complete. ``LEXICON`` is a
prior: the verb forms that introduce at least three attributions in PolNeAR's
training articles (annotated cues, lower-cased, nouns and verbs of plain action
left out). A word missing from it is still taken as a cue where its place and
form say so (``looks_like_cue``): a past-tense or -s word right after a
quotation's speaker, followed by the end of the clause ("“Go register,” Trump
implored."). ``REPORTING`` is the narrower set that makes a sentence without
quotation marks reported speech ("North Korea said Tuesday that …").
"""

from __future__ import annotations

import re

from bot.tokens import word_set

LEXICON = word_set(
    """
    accused accuses accusing acknowledged acknowledges acknowledging acquiesced added adding addressed
    addressing adds admits admitted admitting advising advocated advocates agreed agrees alleged alleges
    alleging alluding angered announced announces announcing answered answering apologized appeared
    appears applauded argued argues arguing articulated asked asking asks assailed asserted asserting
    assumed assured attacked attacking attributed authorized balked believed believes believing bemoaned
    billed blamed blames blaming blasted blasting blasts boasted boasts bragged brushed called calling
    calls cautioned celebrated celebrating challenged challenging championed chanted chanting chants
    characterized charged charges cheered chided chiding cited cites citing claimed claiming claims
    clarified coined commented commenting compared comparing complained conceded conceding concluded
    concludes condemned condemning confirmed confirming congratulated congratulating considered
    considering considers contends continued continues continuing contradicted contrasting convinced
    credited crediting criticized criticizes criticizing debated declared declares declaring declined
    decried decrying deemed defended defending defends delivered delivering demanded demanding
    demonstrated denied denies denounced denouncing derided described describes describing detailing
    determining disavowed disclosed discovered discussed discussing dismissed dismisses dismissing
    displayed disputed distanced documented downplayed dubbed dwelled echoed echoing elaborated emailed
    embraced embracing emerged emphasized emphasizing encouraged endorsed endorses endorsing engaged
    envisioned estimated estimates expected expects explained explaining explains exposed expressed
    expressing favored favors fearing feel feeling felt followed follows framed gave goes hailed hear
    heard highlighted highlighting hinted hints hoped hopes hoping identified ignored imagined implied
    implying indicated indicates insisted insisting insists insulted intended interjected interpreted
    invoked issued joked jokes joking knew know knowing knows labeled lambasted lamented lamenting
    laments lashed leaning likened likes listed listing lists maintained making measured mentioned
    mentioning mentions mocked mocking mulling mused noted notes noticed noting observed opined opposed
    opposes opposing outlined outlining painting paints persuaded pitches pleaded pledged pledges
    pledging pointed pointing points portrayed portraying posed posted posts praised praises praising
    predicted predicting predicts preferred prefers presented pressed pressing proclaimed projected
    promised promises promising promotes promoting pronounced proposed proposes proposing protesting put
    puts questioned questioning quoted quotes quoting railed rattled reacted read reads reaffirmed
    realized rebuffed rebuked recalled recalling recognized recognizes recognizing recommended recounted
    referenced references referencing referred referring refers reflecting refused refuses refusing
    regarded reiterated rejected rejecting relying remarked remarking remembered remembers reminded
    reminding renewed repeated repeating replied reported reporting reports requested required resisted
    resonated responded responding responds restricting retweeted revealed reveals revered said say
    saying says seemed seems shot shouted shouting shrugged signaled slammed slamming slams sounded
    speak speaking speaks speculated spoke stated stating stressed stressing suggested suggesting
    suggests suspected talked talking talks tell telling tells testified think thinking thinks thought
    threatened threatening thrilled titled told touted touting touts trumpeting tweeted tweeting
    underscored underscores understands unleashed urged urges urging uttered viewed voiced vouched vowed
    vowing vows warned warning weighed welcomed wondered wondering worked worrying write writes writing
    wrote yelled
    """
)

REPORTING = word_set(
    """
    said says say told tells added adds stated announced announces argued argues claimed claims insisted insists
    warned warns noted notes explained explains wrote writes reported reports suggested suggests denied denies
    acknowledged admitted admits confirmed confirms declared declares predicted predicts believes believed thinks
    thought suspected estimated estimates testified alleged alleges asserted maintained contends recalled revealed
    disclosed agreed complained conceded stressed emphasized indicated hinted pledged promised vowed concluded
    observed replied responded accused accuses dismissed dismisses rejected rejects rebuffed rebuffs refuted
    refutes tweeted posted
    """
)
# Reporting verbs that are also plural nouns: before "of" they are the noun ("US claims
# of arms sales", "reports of a deal").
PLURAL_NOUNS = word_set("claims reports notes estimates")

# Words that may stand between a speaker and the verb ("Trump later said", "she has said",
# "the president will say" of a speech released ahead of time).
BETWEEN = word_set(
    "also later then again has had have will would once further previously repeatedly reportedly just already still "
    "earlier first recently quickly simply finally"
)

# What may follow a verb taken by its form alone: the end of the clause, or the
# start of the words that place it ("said on CNN", "gushed Tuesday").
_CLAUSE_AFTER = word_set(
    "on in at to during after before about of from with via when while as then later again earlier today "
    "yesterday tonight monday tuesday wednesday thursday friday saturday sunday last this"
)
_VERB_FORM = re.compile(r"[a-z]{2,}(?:ed|[^su]s)")
_CLAUSE_END = frozenset('.,;:!?—–\n“”"')


def is_cue(word: str) -> bool:
    """A verb of the lexicon, written in lower case as verbs are."""
    return word in LEXICON


def looks_like_cue(word: str, following: str | None) -> bool:
    """A verb by its form and place: lower case, past tense or -s, then the end of
    the clause or the words placing it; ``following`` is the next token (None at the end)."""
    if word in LEXICON:
        return True
    if not _VERB_FORM.fullmatch(word):
        return False
    return (
        following is None or following in _CLAUSE_END or following.lower() in _CLAUSE_AFTER or following.endswith("ly")
    )
