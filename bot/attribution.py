"""Find the words that attribute a statement: its speaker and its cue.

News copy attributes in a few shapes, learnt from PolNeAR's annotated training
articles (nine in ten direct quotations are attributed right after they close):

- after the quotation: ``“…,” NP VERB`` or ``“…,” VERB NP`` ("“…,” Pence said on
  CNN", "“…,” said 9/11 widow Terry Strada, a lawyer."), the speaker possibly in
  apposition ("“…,” Victor Cha, of the CSIS, said");
- before it: ``NP VERB …[,:] “…”`` ("Limbaugh continued: “…”", "Kirby said the
  shipments are “…”"), ``…, saying “…”`` (the clause's subject), "according to NP";
- reported speech without marks: ``NP VERB (that) …`` ("North Korea said Tuesday
  that …"), "according to NP, …", "…, NP said."

The verb is any word of the cue lexicon, or a word whose form and place make it
one (``bot.cues.looks_like_cue``). Every search walks a bounded number of tokens
from where it starts, so the whole article is attributed in linear time.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.cues import BETWEEN, PLURAL_NOUNS, REPORTING, is_cue, looks_like_cue
from bot.tokens import CLOSERS, OPENERS, Tokens, word_set

_MAX_NP = 14
# An apposition between commas may run longer ("Trump, the 2016 GOP presidential
# frontrunner nationally and current polling leader in South Carolina …, said").
_MAX_APPOSITION = 24
_WINDOW = 45
_DETERMINERS = word_set(
    "the a an his her their its our one another some many several two three four five most both each this that "
    "these those former"
)
PRONOUNS = word_set("he she they it we i you him her them")
# Words that end a speaker's noun phrase: a new clause starts there.
_BOUNDARY = word_set(
    "that which who whom whose where when while because if but and or as than is are was were be been being "
    "will would could should can may might must do does did not no so yet though although whether said says"
)
_LEADING = word_set("but and so yet still however meanwhile then also")
_MODAL_NAMES = word_set("Will May")
# Words that open a clause or an adverbial before the subject, up to its comma ("When I
# began to speak, …", "Likewise, a paper …", "Here in Columbia, Sanders …").
_OPENING_CLAUSE = word_set(
    "when whenever while as once if unless although though because since until likewise similarly here there "
    "instead indeed now later finally"
)
_PREPOSITIONS = word_set(
    "in on at during after before since for with from by of to under over via about within amid despite"
)
_TIME = word_set(
    "today yesterday tonight monday tuesday wednesday thursday friday saturday sunday last this next week "
    "month year morning afternoon evening night earlier later recently"
)
# Lower-case words that cannot be part of a title before a name.
_NOT_TITLES = _BOUNDARY | _PREPOSITIONS | _DETERMINERS | PRONOUNS | _TIME
# Words before which a reporting verb's base form is a noun or an infinitive ("the claim that", "to suspect that").
_NOT_SUBJECTS = _DETERMINERS | _PREPOSITIONS
# Verbs whose next noun phrase is their object, not their speaker ("told reporters").
_OBJECT_VERBS = word_set("told tells tell asked asks urged reminded assured thanked warned")
# Of those, the ones that also come before their speaker after a quotation ("“…?” asked
# Sen. Mikulski", "warned Clinton"); "told" there has no speaker after it.
_INVERTED_OBJECT_VERBS = word_set("asked asks urged warned")
_PUNCTUATION_BEFORE_QUOTE = frozenset(",:")
_PASSIVE = word_set("was were is are")
# What follows a cue outside the reporting set when it reports ("boasted that", "spoke of").
_CLAUSE = word_set("that of about")
_CITING = word_set("cites cited quotes quoted quoting citing")
_STAND_INS = word_set("statement report letter")
# "“…” ― Pamela Padilla": a dash signs a quotation with its speaker's name.
_DASHES = frozenset("―—–")
# Lower-case tokens a title before a name may take ("anti - terrorist prosecutor").
_TITLE_TOKENS = 5
# A verb after these has its speaker at the head of the clause ("… and joked", "went on to say").
_SUBJECT_ELSEWHERE = word_set("and but to")
_SAID = word_set("said says")


@dataclass(frozen=True, slots=True)
class Attribution:
    """Token indexes of the speaker's first and last words and of the cue."""

    first: int
    last: int
    cue: int


def after_quotation(tokens: Tokens, k: int) -> Attribution | None:
    """The attribution starting at token ``k``, right after a closing mark."""
    words = tokens.words
    if k < len(words) and words[k] == ",":
        k += 1
    if k < len(words) and words[k] in _DASHES:
        found = _np_after(tokens, k + 1)
        return Attribution(found[0], found[1], k) if found and tokens.is_capitalised(found[0]) else None
    if not tokens.is_word(k):
        return None
    word = words[k]
    if word == "according" and k + 1 < len(words) and words[k + 1] == "to":
        found = _np_after(tokens, k + 2)
        return Attribution(found[0], found[1], k) if found else None
    # A participle after the quote ("…,” promising the Friends of Abe will …") has the
    # sentence's subject as its speaker, and what follows it is what was said.
    inverted = word not in _OBJECT_VERBS or word in _INVERTED_OBJECT_VERBS
    if word.islower() and is_cue(word) and inverted and not word.endswith("ing"):
        found = _np_after(tokens, k + 1)
        return Attribution(found[0], found[1], k) if found else None
    attribution = _np_then_verb(tokens, k)
    if attribution is not None and words[k - 2 : k - 1] == ["."] and _reports_on(tokens, attribution.cue):
        # The quotation ended its sentence: "He also said Trump's evolution …" is a new one.
        return None
    return attribution or _said_at_the_end(tokens, k)


def _reports_on(tokens: Tokens, cue: int) -> bool:
    """Whether the cue at ``cue`` opens a clause of its own ("said that …", "said it
    was", "said Trump's …", "said the campaign …"), rather than ending its sentence or
    saying when and where; after "told" a noun phrase is whom it was told to."""
    words = tokens.words
    after = cue + 1
    if after >= len(words) or not tokens.is_word(after):
        return False
    lower = words[after].lower()
    subject = lower in _DETERMINERS and words[cue].lower() not in _OBJECT_VERBS
    return lower == "that" or lower in PRONOUNS or subject or (tokens.is_capitalised(after) and lower not in _TIME)


def _said_at_the_end(tokens: Tokens, k: int) -> Attribution | None:
    """ "“…,” in sharp contrast to earlier years, says Dante Scala, a political
    scientist." or "“…” for the victory, Sanders said.": the sentence the quotation
    opens ends in "said" or "says" and its speaker, after a phrase of the writer's own
    from ``k`` on."""
    words = tokens.words
    comma = says = None
    j = k
    while j < len(words) and j - k < _WINDOW and not tokens.ends_sentence(j) and words[j] != "\n":
        if words[j] in OPENERS:
            return None
        if words[j] == ",":
            comma = j
            if j + 1 < len(words) and words[j + 1] in _SAID:
                says = j
        j += 1
    if says is not None:
        found = _np_after(tokens, says + 2)
        return Attribution(found[0], found[1], says + 1) if found and found[1] >= j - 1 else None
    ended = j < len(words) and (tokens.ends_sentence(j) or words[j] == "\n")
    if comma is None or not ended or words[j - 1] not in _SAID:
        return None
    found = _np_before(tokens, j - 1)
    return Attribution(found[0], found[1], j - 1) if found and found[0] == comma + 1 else None


def before_quotation(tokens: Tokens, opener: int) -> Attribution | None:
    """The attribution ending right before the quotation opening at ``opener``:
    the cue nearest it in the same sentence, or in a paragraph ending in a colon just before."""
    words = tokens.words
    j = _end_before(tokens, opener)
    if j is None:
        return None
    lo = _sentence_start(tokens, j)
    for v in range(j, lo - 1, -1):
        word = words[v]
        if word.lower() == "according" and v + 1 <= j and words[v + 1] == "to":
            found = _np_after(tokens, v + 2)
            return Attribution(found[0], found[1], v) if found else None
        if not _is_cue_before(tokens, v, j):
            continue
        if word == "saying" and v > lo and words[v - 1] == "as":
            cited = _cited_as_saying(tokens, lo, v)
            if cited is not None:
                return cited
        found = _speaker_of_cue(tokens, lo, v)
        return Attribution(found[0], found[1], v) if found else None
    opening = words[lo]
    if opening.istitle() and is_cue(opening.lower()) and not opening.endswith(("s", "ing")):
        # "Said Dorothy Poynter, who grew up with Ali, “…”": the verb opens the sentence
        # ("Estimates …" and "Telling …" open with a noun or a participle).
        found = _np_after(tokens, lo + 1)
        if found is not None:
            return Attribution(found[0], found[1], lo)
    return _name_before_colon(tokens, lo, j)


def _name_before_colon(tokens: Tokens, lo: int, j: int) -> Attribution | None:
    """A name introducing the quotation with a colon and no verb ("Republican pollster
    Daron Shaw: “…”", "- Mark Blumenthal and Jon Cohen: “…”"): the capitalised words
    right before the colon at ``j``, the colon standing for the cue. A lone capitalised
    word opening the sentence ("Translation:", "Update:") is no name."""
    words = tokens.words
    if words[j] != ":":
        return None
    first = last = _before_brackets(tokens, j)
    if last < j:
        # The note's points ("R-S.C.") may read as a sentence's end.
        lo = _sentence_start(tokens, last - 1)
    while first - 1 >= lo and j - first < _MAX_NP:
        before = first - 1
        joins = words[before] == "and" and tokens.is_capitalised(before - 1) and tokens.is_capitalised(first)
        if not (tokens.is_capitalised(before) or tokens.is_abbreviation_point(before) or joins):
            break
        first = before
    while first < last and is_cue(words[first].lower()):
        first += 1
    if first == last or (first == lo and last - first == 1):
        return None
    return Attribution(first, last - 1, j)


def _end_before(tokens: Tokens, opener: int) -> int | None:
    """The last token before the quotation opening at ``opener``; across line breaks
    only from a paragraph ending in a colon."""
    words = tokens.words
    j = opener - 1
    if j >= 0 and words[j] == "\n":
        while j >= 0 and words[j] == "\n":
            j -= 1
        if j < 0 or words[j] != ":":
            return None
    return j


def _is_cue_before(tokens: Tokens, v: int, j: int) -> bool:
    """Whether the word at ``v`` is a speech cue: a known one, or one by its form
    right before the punctuation that introduces the quotation (at ``j``)."""
    words = tokens.words
    word = words[v]
    if not word.islower():
        return False
    following = words[v + 1] if v + 1 < len(words) else None
    # After a determiner an -s or -ed word is a noun or an adjective, the object of the
    # cue before it ("Clinton told her supporters, “…”"), not a cue; nor is "this".
    noun = (v > 0 and words[v - 1].lower() in _DETERMINERS) or word in _DETERMINERS
    if noun and word.endswith("s"):
        # A known cue too: "in the talks. “…”" holds no speaker.
        return False
    return is_cue(word) or (
        v == j - 1 and words[j] in _PUNCTUATION_BEFORE_QUOTE and not noun and looks_like_cue(word, following)
    )


def _cited_as_saying(tokens: Tokens, lo: int, v: int) -> Attribution | None:
    """ "KCNA cites a representative of the ministry as saying “…”": the one cited,
    whose "as saying" is at ``v``."""
    words = tokens.words
    citing = next((m for m in range(v - 2, max(lo, v - _MAX_NP) - 1, -1) if words[m] in _CITING), None)
    cited = _np_after(tokens, citing + 1) if citing is not None else None
    if cited is not None and cited[1] == v - 2:
        return Attribution(_past_stand_in(tokens, cited), cited[1], citing or v)
    return None


def _before_brackets(tokens: Tokens, j: int) -> int:
    """The opening bracket of a short note ending right before ``j`` ("Rep. Trey Gowdy
    (R-S.C.):"), else ``j``."""
    words = tokens.words
    if j == 0 or words[j - 1] != ")":
        return j
    opening = next((m for m in range(j - 2, max(j - 9, -1), -1) if words[m] in "(\n"), None)
    return opening if opening is not None and words[opening] == "(" else j


def _speaker_of_cue(tokens: Tokens, lo: int, v: int) -> tuple[int, int] | None:
    """The speaker of the cue at ``v`` in the sentence from ``lo``: the sentence's
    subject for a participle or a second verb, else the phrase before the cue, else
    the one after it."""
    words = tokens.words
    word = words[v]
    if word.endswith("ing") or (v > lo and words[v - 1].lower() in _SUBJECT_ELSEWHERE):
        return _subject(tokens, lo, v)
    found = _np_before(tokens, v)
    if found is None and word not in _OBJECT_VERBS:
        found = _np_after(tokens, v + 1)
    return found


def reported(tokens: Tokens, lo: int, hi: int) -> tuple[Attribution, int, int] | None:
    """Reported speech in the sentence of tokens ``lo`` to ``hi`` (inclusive): its
    attribution and the first and last tokens of what was reported."""
    words = tokens.words
    for v in range(lo, hi + 1):
        word = words[v].lower()
        if word in _CITING:
            found = _reported_citing(tokens, v, hi)
        elif word == "according" and v < hi and words[v + 1] == "to":
            found = _reported_according(tokens, lo, v, hi)
        elif _is_reporting_verb(tokens, v, hi):
            found = _reported_by_verb(tokens, lo, v, hi)
        else:
            continue
        if found is not None:
            return found
    return None


def _reported_citing(tokens: Tokens, v: int, hi: int) -> tuple[Attribution, int, int] | None:
    """ "KCNA cites a representative of the ministry as saying that …", cited at ``v``."""
    words = tokens.words
    found = _np_after(tokens, v + 1)
    if found is not None and found[1] + 2 <= hi and words[found[1] + 1 : found[1] + 3] == ["as", "saying"]:
        first = _content_start(tokens, found[1] + 3, hi)
        if first is not None:
            return Attribution(_past_stand_in(tokens, found), found[1], v), first, hi
    return None


def _reported_according(tokens: Tokens, lo: int, v: int, hi: int) -> tuple[Attribution, int, int] | None:
    """ "… according to NP" (reported before) or "According to NP, …" (after), at ``v``."""
    found = _np_after(tokens, v + 2)
    if found is None:
        return None
    if v > lo + 2:
        return Attribution(found[0], found[1], v), lo, v - 1
    after = found[1] + 1
    while after < hi and not tokens.is_word(after):
        after += 1
    return Attribution(found[0], found[1], v), after, hi


def _is_reporting_verb(tokens: Tokens, v: int, hi: int) -> bool:
    """A verb that reports speech: a reporting verb, or a cue opening a clause, not a
    plural noun ("claims of")."""
    words = tokens.words
    word = words[v].lower()
    if not words[v].islower():
        return False
    if word not in REPORTING and not (is_cue(word) and v < hi and words[v + 1] in _CLAUSE):
        return _plural_present(tokens, v, hi)
    return not (word in PLURAL_NOUNS and v < hi and words[v + 1] == "of")


def _plural_present(tokens: Tokens, v: int, hi: int) -> bool:
    """ "US authorities suspect that …", "officials believe that …": the plural present
    of a reporting verb, which PolNeAR's cues hold in their -s or past forms only. Only
    before "that" and not after a determiner, where the word is a noun ("the claim that")."""
    words = tokens.words
    word = words[v]
    if v == 0 or v >= hi or words[v + 1] != "that" or words[v - 1].lower() in _NOT_SUBJECTS:
        return False
    return any(form in REPORTING for form in (word + "s", word + "es", word + "ed", word + "d"))


def _reported_by_verb(tokens: Tokens, lo: int, v: int, hi: int) -> tuple[Attribution, int, int] | None:
    """The speaker before the reporting verb at ``v`` and what follows it (or, for
    "…, the ministry said", what comes before)."""
    words = tokens.words
    # "Kirby declined to say …": the speaker is the subject of the verb before.
    found = _np_before(tokens, v - 2 if v - 2 > lo and words[v - 1] == "to" else v)
    if found is None or found[0] < lo:
        return None
    attribution = Attribution(found[0], found[1], v)
    first = _content_start(tokens, v + 1, hi)
    if first is not None:
        return attribution, first, hi
    if found[0] > lo + 3 and words[found[0] - 1] == ",":
        return attribution, lo, found[0] - 2
    return None


def _sentence_start(tokens: Tokens, j: int) -> int:
    """The first token of the sentence ending at ``j``, within the window; a scare
    quote of a few words inside it ("as pure “rumour”, declaring") is passed over."""
    words = tokens.words
    lo = j
    while lo > 0 and j - lo < _WINDOW:
        before = words[lo - 1]
        if before in CLOSERS and before not in OPENERS:
            opener = next((m for m in range(lo - 2, max(lo - 7, -1), -1) if words[m] in OPENERS), None)
            if opener is not None and (opener == 0 or not tokens.ends_sentence(opener - 1)):
                lo = opener
                continue
        if before == "\n" or before in OPENERS or before in CLOSERS or tokens.ends_sentence(lo - 1):
            break
        lo -= 1
    return lo


def _content_start(tokens: Tokens, k: int, hi: int) -> int | None:
    """Where reported words begin after their verb: past "that", an object such
    as "reporters" and time words; None when the sentence ends first."""
    words = tokens.words
    for m in range(k, min(hi, k + 6) + 1):
        if words[m] == "that":
            return m + 1 if m < hi else None
    m = k
    while m <= hi and (words[m].lower() in _TIME or words[m] == "," or words[m].lower() in _PREPOSITIONS):
        m += 1
    return m if hi - m >= 3 else None


def _past_brackets(tokens: Tokens, j: int) -> int:
    """The token after a short bracketed note ("(R-Utah)") opening at ``j``, else ``j``."""
    words = tokens.words
    if words[j] != "(":
        return j
    for m in range(j + 1, min(len(words), j + 8)):
        if words[m] == ")":
            return m + 1
        if words[m] == "\n":
            break
    return j


def _past_stand_in(tokens: Tokens, found: tuple[int, int]) -> int:
    """Where the speaker starts in "a statement from a representative of …"."""
    words = tokens.words
    start = found[0]
    if start + 3 <= found[1] and words[start + 1] in _STAND_INS and words[start + 2] == "from":
        return start + 3
    return start


def _is_name(tokens: Tokens, i: int) -> bool:
    """A capitalised word that is not a possessive: where a name ends its phrase
    ("Pence" in "Pence on CNN", not "Korea’s" in "North Korea’s deputy for …")."""
    return tokens.is_capitalised(i) and not tokens.words[i].endswith(("’s", "'s", "’"))


def _starts_np(tokens: Tokens, i: int) -> bool:
    word = tokens.words[i]
    lower = word.lower()
    return tokens.is_capitalised(i) or lower in _DETERMINERS or lower in PRONOUNS or word[0].isdigit()


def _may_name_speaker(tokens: Tokens, k: int) -> bool:
    """Whether a speaker may be named from token ``k`` on, before the cue."""
    return _starts_np(tokens, k) or tokens.is_capitalised(k + 1) or _titled_name(tokens, k)


def _titled_name(tokens: Tokens, i: int) -> bool:
    """Whether a name follows a few lower-case words of title or role at ``i``
    ("spokesman John Kirby", "campaign manager Robby Mook", "anti-terrorist prosecutor
    Marc Trévidic"), which take no article in news style."""
    words = tokens.words
    for m in range(i, min(i + _TITLE_TOKENS, len(words))):
        if tokens.is_capitalised(m):
            return m > i and words[m].lower() not in _TIME
        word = words[m]
        if word == "-":
            continue
        if not (tokens.is_word(m) and word.islower()) or word in _NOT_TITLES or is_cue(word):
            return False
    return False


def _np_after(tokens: Tokens, i: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``i`` (a speaker named after the verb):
    a description runs on through its prepositions ("a senior official at the
    ministry"), a name stops before them ("Pence on CNN"); an apposition that
    closes the sentence stays ("John Smith, a spokesman.")."""
    words = tokens.words
    n = len(words)
    if i >= n or not tokens.is_word(i) or not (_starts_np(tokens, i) or _titled_name(tokens, i)):
        return None
    last = -1
    named = False
    j = i
    while j < n and j - i < _MAX_NP:
        word = words[j]
        if tokens.is_abbreviation_point(j):
            j += 1
            continue
        if word == "," and last >= 0:
            end = _apposition(tokens, j + 1)
            return (i, end if end is not None else last)
        if word == "(" and last >= 0:
            after = _past_brackets(tokens, j)
            if after == j:
                break
            last = after - 1
            j = after
            continue
        if not tokens.is_word(j):
            break
        if _ends_description(word, named=named, started=last >= 0) and not _given_name(tokens, j):
            break
        named = _is_name(tokens, j)
        last = j
        j += 1
    return (i, last) if last >= 0 else None


def _ends_description(word: str, *, named: bool, started: bool) -> bool:
    """Whether ``word`` ends a speaker named after the cue: a boundary word, a phrase
    of place or time after a name, or another cue."""
    lower = word.lower()
    return lower in _BOUNDARY or (named and _places(lower)) or (word.islower() and started and is_cue(word))


def _apposition(tokens: Tokens, i: int) -> int | None:
    """The last token of an apposition starting at ``i`` that runs to the end of
    its sentence without a verb ("…, a spokesman."), else None."""
    words = tokens.words
    if i >= len(words) or not tokens.is_word(i) or words[i].lower() in _BOUNDARY:
        return None
    j = i
    while j < len(words) and j - i < _MAX_NP:
        if tokens.ends_sentence(j) or words[j] == "\n":
            return j - 1 if j > i else None
        if tokens.is_abbreviation_point(j) or _before_state(tokens, j):
            j += 1
            continue
        if not tokens.is_word(j) and not _inside_name(tokens, j):
            return None
        if words[j].lower() in _BOUNDARY or (words[j].islower() and is_cue(words[j])):
            return None
        j += 1
    return j - 1 if j >= len(words) else None


def _before_state(tokens: Tokens, j: int) -> bool:
    """Whether ``j`` is the comma of a place's state that ends the sentence ("in
    Alexandria, Va.", "of Des Moines, Iowa.")."""
    words = tokens.words
    if words[j] != "," or not tokens.is_capitalised(j + 1):
        return False
    after = j + 2
    return after >= len(words) or words[after] in ".\n"


def _np_then_verb(tokens: Tokens, k: int) -> Attribution | None:
    """``NP [adverbs] VERB`` starting at token ``k``, the speaker possibly followed by
    an apposition between commas ("Victor Cha, of the CSIS, said")."""
    words = tokens.words
    n = len(words)
    if not _may_name_speaker(tokens, k):
        return None
    last = -1
    named = placed = False
    j = k
    while j < n and j - k < _MAX_NP:
        word = words[j]
        if _inside_name(tokens, j):
            j += 1
            continue
        if word == "(" and last >= 0:
            after = _past_brackets(tokens, j)
            if after == j:
                return None
            if not placed:
                last = after - 1
            j = after
            continue
        if word == "," and last >= 0:
            return _cue_past_appositions(tokens, k, j)
        if not tokens.is_word(j):
            return None
        if last >= 0 and (found := _cue_after_speaker(tokens, k, last, j)) is not None:
            return found
        lower = word.lower()
        if _is_adverb(word):
            j += 1
            continue
        if lower == "and" and last >= 0 and not placed:
            # "the Florida senator and Republican presidential candidate said", "Trump and Cruz said".
            j += 1
            continue
        if lower in _BOUNDARY:
            return None
        # "Trump on Tuesday said": the name is the speaker, the rest places it.
        placed = placed or (named and _places(lower))
        if not placed:
            named = _is_name(tokens, j)
            last = j
        j += 1
    return None


def _cue_past_appositions(tokens: Tokens, k: int, comma: int) -> Attribution | None:
    """The cue after up to two appositions opened by the ``comma`` after the speaker
    starting at ``k``: "Scott Pruitt, the attorney general, one of …, said"."""
    words = tokens.words
    close: int | None = comma
    for _ in range(2):
        close = _closing_comma(tokens, close + 1) if close is not None else None
        if close is None:
            return None
        following = words[close + 2] if close + 2 < len(words) else None
        if tokens.is_word(close + 1) and looks_like_cue(words[close + 1], following):
            return Attribution(k, close - 1, close + 1)
    return None


def _cue_after_speaker(tokens: Tokens, k: int, last: int, j: int) -> Attribution | None:
    """The attribution when the word at ``j`` is the cue of the speaker ``k..last``."""
    words = tokens.words
    word = words[j]
    following = words[j + 1] if j + 1 < len(words) else None
    if word.islower() and looks_like_cue(word, following):
        # A plural noun looks like an -s verb ("foreign military affairs at"): by
        # form alone, an -s word is a verb only after a name or a pronoun.
        after_name = _is_name(tokens, last) or words[last].lower() in PRONOUNS
        if is_cue(word) or word.endswith("ed") or after_name:
            return Attribution(k, last, j)
    if word.lower() in _PASSIVE and following == "quoted":
        # "a senior official … was quoted as saying".
        return Attribution(k, last, j + 1)
    return None


def _inside_name(tokens: Tokens, j: int) -> bool:
    """A token that joins a name's words ("U.S.", "Jean-Luc", "Sanders’ campaign")."""
    return tokens.is_abbreviation_point(j) or tokens.words[j] == "-" or tokens.is_possessive_mark(j)


def _places(lower: str) -> bool:
    """A word that opens a phrase of place or time after a name ("on", "Tuesday")."""
    return lower in _PREPOSITIONS or lower in _TIME


def _is_adverb(word: str) -> bool:
    """A word that may stand between a speaker and the cue ("also", "repeatedly")."""
    return word.lower() in BETWEEN or (word.islower() and word.endswith("ly"))


def _closing_comma(tokens: Tokens, i: int) -> int | None:
    words = tokens.words
    j = i
    while j < len(words) and j - i < _MAX_APPOSITION:
        if words[j] == ",":
            return j
        if not (tokens.is_word(j) or _inside_name(tokens, j) or words[j] in "()"):
            return None
        j += 1
    return None


def _np_before(tokens: Tokens, v: int) -> tuple[int, int] | None:
    """The speaker right before the verb at ``v`` ("American intelligence circles
    announced"), over adverbs between them, without a leading "In a statement"."""
    words = tokens.words
    # "Rep. Hakeem Jeffries (D-N.Y.) said": the note is no part of the name.
    j = _before_brackets(tokens, v) - 1
    while j >= 0 and _is_adverb(words[j]):
        j -= 1
    if j >= 0 and words[j] == ",":
        aside = _aside_start(tokens, j + 1)
        if aside is None:
            return None
        if _is_name(tokens, aside + 1) and all(
            _is_name(tokens, m) or not tokens.is_word(m) for m in range(aside + 1, j)
        ):
            # "the White House’s spokesperson, John Kirby, boasted": the name belongs to the speaker.
            head = _np_before(tokens, aside) if aside > 0 and words[aside - 1] != "," else None
            return (head[0], j - 1) if head is not None else (aside + 1, j - 1)
        j = aside - 1
        if j > 0 and words[j].isdigit() and words[j - 1] == ",":
            # "Clinton, 35, the daughter of …, said": an age is an aside of its own.
            j -= 2
    while j >= 0 and _is_adverb(words[j]):
        j -= 1
    first = _np_start(tokens, j)
    if first is None:
        return None
    start = _past_preamble(tokens, first, j)
    if start is None or not (_starts_np(tokens, start) or _titled_name(tokens, start)):
        return None
    return start, j


def _aside_start(tokens: Tokens, v: int) -> int | None:
    """The comma opening the aside that the comma before the verb at ``v`` closes
    ("Hillary Clinton, at a later press gaggle, said": the speaker is before it)."""
    words = tokens.words
    aside = v - 2
    while (
        aside >= 0
        and v - aside < _MAX_APPOSITION
        and words[aside] != ","
        and (tokens.is_word(aside) or words[aside] in "'-." or tokens.is_possessive_mark(aside))
    ):
        aside -= 1
    if aside < 0 or words[aside] != "," or aside == v - 2:
        return None
    return aside


def _np_start(tokens: Tokens, last: int) -> int | None:
    """The first word of the noun phrase ending at ``last``, read backwards."""
    words = tokens.words
    first = None
    j = last
    while j >= 0 and last - j < _MAX_NP:
        if _inside_name(tokens, j):
            j -= 1
            continue
        if not tokens.is_word(j):
            break
        word = words[j]
        if word.lower() == "and" and tokens.is_capitalised(j - 1) and tokens.is_capitalised(j + 1):
            # "The United States and South Korea have warned": one speaker of two names.
            j -= 1
            continue
        if (word.lower() in _BOUNDARY and not _given_name(tokens, j)) or (word.islower() and is_cue(word)):
            break
        first = j
        j -= 1
    return first


def _given_name(tokens: Tokens, i: int) -> bool:
    """A modal that is also a given name, capitalised before a name inside a sentence
    ("said Will Doyle", "May Ruiz said"), not a question's start."""
    return (
        i > 0
        and tokens.words[i] in _MODAL_NAMES
        and not tokens.ends_sentence(i - 1)
        and tokens.words[i - 1] != "\n"
        and i + 1 < len(tokens)
        and _is_name(tokens, i + 1)
    )


def _past_preamble(tokens: Tokens, first: int, last: int) -> int | None:
    """Skip a phrase of time or place that opens the sentence ("On Tuesday Trump",
    "In a statement the ministry")."""
    words = tokens.words
    if words[first].lower() not in _PREPOSITIONS:
        return first
    for m in range(first + 2, last + 1):
        lower = words[m].lower()
        if (lower in _DETERMINERS or tokens.is_capitalised(m)) and lower not in _TIME:
            return m
    return None


def _past_opening(tokens: Tokens, lo: int, v: int) -> int | None:
    """Where the subject of the sentence from ``lo`` may start, before the cue at
    ``v``: past an opening phrase up to its comma and a leading "But"."""
    words = tokens.words
    first = lo
    opening = words[lo].lower()
    if _places(opening) or opening.endswith("ing") or opening in _OPENING_CLAUSE:
        commas = [m for m in range(lo, v) if words[m] == ","]
        if not commas:
            return None
        first = commas[0] + 1
    while first < v and words[first].lower() in _LEADING:
        first += 1
    return first if first < v else None


def _subject(tokens: Tokens, lo: int, v: int) -> tuple[int, int] | None:
    """The subject opening the sentence, for a participle cue ("Sanders …, saying")
    or a second verb ("Beck … and joked"), past an opening phrase ("Speaking on
    CNN, Trump …") and a leading "But"."""
    words = tokens.words
    first = _past_opening(tokens, lo, v)
    if first is None or not _starts_np(tokens, first):
        return None
    last = -1
    j = first
    while j < v and j - first < _MAX_NP:
        word = words[j]
        if tokens.is_abbreviation_point(j):
            j += 1
            continue
        if not tokens.is_word(j):
            break
        lower = word.lower()
        following = words[j + 1] if j + 1 < len(words) else None
        if (
            j > first
            and word.islower()
            and (
                lower in _BOUNDARY
                or lower in BETWEEN
                or looks_like_cue(lower, following)
                # A past tense right after a name is the subject's verb ("Sanders visited").
                or (lower.endswith("ed") and tokens.is_capitalised(j - 1))
            )
        ):
            break
        last = j
        j += 1
    return (first, last) if last >= first else None
