"""A claim and its speaker as a follow-up's reading names them.

"When did he say that?" is asked again as "When did John Kirby say North Korea
secretly sends a significant amount?": the speaker by the name the article gives
(not the whole description, "Spokesman for the National Security Council of the
United States White House John Kirby"), the claim by a few of its own words, the
reported clause after its speech verb. Those words are never quote-marked and
stay shorter than a copied run (``bot.quote_lookup.COPIED_RUN_WORDS``): they stand
for the claim in a question, which a quotation lookup would pin to the claim's own
passage ("Did North Korea deny that?" asks for the denial, not for the claim again).
"""

from __future__ import annotations

import re

from bot.cues import BETWEEN, PLURAL_NOUNS, REPORTING, is_cue
from bot.dates import mentions_time
from bot.mentions import is_body
from bot.person_names import TITLES
from bot.quote_lookup import COPIED_RUN_WORDS
from bot.tokens import word_set

CLAIM_WORDS = COPIED_RUN_WORDS - 1
"""The most words of a claim a reading holds: one fewer than a quotation lookup's run."""
FOLLOWING_WORDS = 5
"""A speech verb followed by fewer words ("…,” Kirby told reporters on Wednesday") ends the claim, not starts it."""

QUOTED_WORDS = 4
"""A quotation this long is the speaker's claim in their own words; a shorter one is a scare quote."""
LEAD_WORDS = 3
"""Words of the reported clause kept before its quotation ("North Korea is “covertly supplying…”")."""

_QUOTATION = re.compile(r"“[^”]+”|\"[^\"]+\"")
_WORD = re.compile(r"[^\W_]+(?:['’.\-‑][^\W_]+)*")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.\-]*(?: +[A-Z][\w’'.\-]*)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’']?\s+(?=[“\"‘']?[A-Z])")
_DATELINE = re.compile(r"^[^—–]{0,40}\s[—–]\s")
# Words a cut may leave at the end that belong to what was cut away.
_DANGLING = word_set("a an the of to in on at for by with from and or but that as its their his her our which who")
# Words that place or introduce a reported clause, skipped before its own words.
_LEAD_IN = (
    word_set(
        "that last this next week month year on in at to reporters journalists the press earlier recently "
        "yesterday today however meanwhile but and also"
    )
    | BETWEEN
)


def person_name(who: str) -> str | None:
    """The person a speaker's description names ("John Kirby" from "The communications
    director of the National Security Council, John Kirby"), or None when it names
    nobody: "A North Korean defense ministry official", "Tuesday's statement"."""
    for part in who.split(","):
        # A name ends its part of the description: a capitalised run before more
        # words ("A North Korean defense ministry official") is a modifier.
        ending = [m.group() for m in _CAPITALISED_RUN.finditer(part) if not part[m.end() :].strip(" .’'")]
        for run in ending:
            words = [word for word in run.split() if word not in ("A", "An", "The")]
            # A person's name follows the body they work for in a run of capitals.
            cut = max((at + 1 for at, word in enumerate(words) if is_body(word)), default=0)
            name = [word for word in words[cut:] if word.lower().rstrip(".") not in TITLES]
            if name and not is_body(" ".join(name)):
                return " ".join(name)
    return None


def speaker_name(who: str) -> str:
    """How a reading names a speaker: the person's name, else the description as the
    article gives it, its leading article lower-cased to sit inside a question."""
    name = person_name(who)
    if name:
        return name
    first, _, rest = who.strip().partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") and rest else who.strip()


def claim_words(quote: str, who: str | None) -> str:
    """A few words of the claim ``quote`` makes, as a reading puts them: the speaker's
    own quoted words, else the reported clause after the speech verb; without the
    speaker, marks or time words."""
    named = _claim_sentence(quote, who)
    sentence = _without_speaker(named, who)
    words = _WORD.findall(sentence)
    start = _claim_start(sentence, words, _speaker_at(named, who))
    kept = words[start : start + CLAIM_WORDS]
    while len(kept) > 1 and kept[-1].lower() in _DANGLING:
        kept.pop()
    return " ".join(kept)


def _claim_sentence(quote: str, who: str | None) -> str:
    """The quote's sentence that names its speaker, else its first of four words or more;
    without a dateline ("SEOUL, South Korea —")."""
    sentences = [s for s in _SENTENCE_END.split(_DATELINE.sub("", quote.strip())) if len(_WORD.findall(s)) >= 4]
    if not sentences:
        return quote
    name = (person_name(who) or who) if who else None
    return next((s for s in sentences if name and name.split()[-1] in s), sentences[0])


def _without_speaker(sentence: str, who: str | None) -> str:
    if not who:
        return sentence
    name = person_name(who)
    for spoken in filter(None, (who, name, name and name.split()[-1])):
        sentence = sentence.replace(spoken, " ")
    return sentence


def _speaker_at(sentence: str, who: str | None) -> int | None:
    """How many words come before the speaker's name in ``sentence``; None when it is not there."""
    if not who:
        return None
    name = person_name(who)
    places = [
        at for spoken in filter(None, (who, name, name and name.split()[-1])) if (at := sentence.find(spoken)) >= 0
    ]
    return len(_WORD.findall(sentence[: min(places)])) if places else None


def _claim_start(sentence: str, words: list[str], speaker: int | None) -> int:
    """The word the claim starts at: its reported clause, unless a quotation of its own
    begins further on (the speaker's words are the claim), or the sentence opens with one."""
    clause = _past_lead_in(words, _reported_clause(words, speaker))
    quotation = max(_QUOTATION.finditer(sentence), key=lambda m: len(m.group()), default=None)
    if quotation is None or len(_WORD.findall(quotation.group())) < QUOTED_WORDS:
        return clause
    at = len(_WORD.findall(sentence[: quotation.start()]))
    return clause if clause <= at <= clause + LEAD_WORDS else _past_lead_in(words, at)


def _past_lead_in(words: list[str], start: int) -> int:
    while start < len(words) - 1 and (words[start].lower() in _LEAD_IN or mentions_time(words[start])):
        start += 1
    return start


def _reported_clause(words: list[str], speaker: int | None) -> int:
    """Where the reported clause starts: after the speaker's speech verb, the first after
    the word ``speaker`` where their name stood; else after the last speech verb that has
    a clause after it ("officials said … that North Korea is …"), else at the first word.
    A sentence may report others after its speaker ("…, after the United States said …")."""
    verbs = [at for at, word in enumerate(words) if _is_verb(word.lower()) and len(words) - at - 1 >= FOLLOWING_WORDS]
    theirs = next((at for at in verbs if speaker is not None and at >= speaker), None)
    if theirs is not None:
        return theirs + 1
    return verbs[-1] + 1 if verbs else 0


def _is_verb(word: str) -> bool:
    """A speech verb; "claims" and "reports" are nouns as often, and left out."""
    return (word in REPORTING or is_cue(word)) and word not in PLURAL_NOUNS
