"""Speakers are found as a reader finds them, and never guessed."""

from __future__ import annotations

import time

import pytest

from bot.annotations import annotate, voices_of
from bot.mentions import is_body
from bot.statements import Statement, find_statements
from index.passages import Passage


def speakers(sentences: list[str]) -> list[str | None]:
    """The ``who`` stored for each sentence of an article made of them, one paragraph each."""
    text = "\n\n".join(sentences)
    passages, at = [], 0
    for sentence in sentences:
        passages.append(Passage(at, at + len(sentence)))
        at += len(sentence) + 2
    return [note.who for note in annotate(text, passages, None)]


def statement_with(text: str, words: str) -> Statement:
    found = [s for s in find_statements(text) if words in s.quote]
    assert len(found) == 1, find_statements(text)
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "“Recently, the US has been persistently spreading an unfounded ‘arms deal’ rumor between the DPRK and "
            "Russia,” North Korea’s deputy director for foreign military affairs at the defense ministry said in a "
            "statement, according to KCNA",
            "North Korea’s deputy director for foreign military affairs at the defense ministry",
        ),
        ("Kirby said the shipments are “a sign of Russia’s own shortage and need for defense items”.", "Kirby"),
        (
            "“North Korea is clearly using the Ukraine war to tighten its relations with Russia,” Victor Cha, of the "
            "U.S.-based Center for Strategic and International Studies, said in a statement.",
            "Victor Cha, of the U.S.-based Center for Strategic and International Studies",
        ),
        (
            "“We have never exported arms or ammunition to Russia, and we have no plans to export them,” a senior "
            "official at the ministry’s equipment bureau was quoted as saying by the state-controlled media.",
            "a senior official at the ministry’s equipment bureau",
        ),
        ("“The port will reopen,” said John Smith, a spokesman.", "John Smith, a spokesman"),
        ("These covert operations, according to Kirby, are being smuggled through middlemen.", "Kirby"),
        (
            "US intelligence suggests that North Korea is “covertly supplying shells,” Kirby told reporters.",
            "Kirby",
        ),
        ("SEOUL, South Korea — North Korea said on Tuesday it has never had arms dealings with Russia.", "North Korea"),
        ("Military experts suspected that the army could be short of shells for the winter.", "Military experts"),
        (
            "It was only in August that American intelligence circles announced that the drones had arrived.",
            "American intelligence circles",
        ),
        ("Kirby declined to say how the North Korean munitions are traveling.", "Kirby"),
        (
            "In a statement, the Defense Ministry in Pyongyang accused the United States of spreading rumors.",
            "the Defense Ministry in Pyongyang",
        ),
        (
            "KCNA cites a statement from a representative of the country’s defense ministry as saying that it objects.",
            "a representative of the country’s defense ministry",
        ),
        ("“Go register,” Trump implored.", "Trump"),
        ("“It was a wonderful night for all of us,” Clinton gushed.", "Clinton"),
        ("Limbaugh continued: “They are sending marching orders to every newsroom.”", "Limbaugh"),
        ("“We will not stop until we know,” said 9/11 widow Terry Strada.", "9/11 widow Terry Strada"),
        ("“We are ready for the vote,” Pence said on CNN’s “State of the Union.”", "Pence"),
        ("“Subpoenas are not optional,” panel Chairman Rep. Jane Roe (R-Utah) said after the hearing.", None),
        (
            "“The plan is an invasion of our domain,” Ann Lee, the attorney general of Ohio, one of the states "
            "suing, said at an event.",
            "Ann Lee, the attorney general of Ohio, one of the states suing",
        ),
        ("Democratic nominee Jane Doe, at a later press gaggle, said, “I have been briefed about it.”", None),
        ("“I am so ashamed of what was said tonight.” ― Maria Lopez", "Maria Lopez"),
        ("NKorea dismisses US claims of arms sales to Russia as ‘baseless’: state media", "NKorea"),
        ("The mayor rejects reports of a deal with the union.", "The mayor"),
        ("The union claims it was never asked.", "The union"),
        (
            "The surge does not surprise Republican pollster Dana Shore: “Late deciders break for the leader.”",
            "Dana Shore",
        ),
        ("TURNOUT WAS NOT LOW - Mark Lund and Jon Berg: “The count was simply early.”", "Mark Lund and Jon Berg"),
        ("According to HuffPo: “The senator has had a mixed record on the issue.”", "HuffPo"),
        ("“The report has our full attention,” said spokesman John Kirby, referring to it.", "spokesman John Kirby"),
        ("“The early states are very important,” campaign manager Robby Mook said.", "campaign manager Robby Mook"),
        ("Rep. Trey Gowdy (R-S.C.): “Who told you that?”", "Rep. Trey Gowdy"),
        ("“Let me thank the volunteers who worked so hard” for the victory, Sanders said.", "Sanders"),
        (
            "“I have been warning throughout this campaign,” the Florida senator and Republican presidential "
            "candidate said in a statement.",
            "the Florida senator and Republican presidential candidate",
        ),
        ("“Nothing truly prepares you for the office,” the two-term president will say.", "the two-term president"),
        (
            "“We will win this state,” said Ann Lee, a pastor in Des Moines, Iowa.",
            "Ann Lee, a pastor in Des Moines, Iowa",
        ),
        (
            "Alex Castellanos, a veteran media consultant who earlier in the season had tried unsuccessfully to "
            "organize an anti-Trump campaign, said, “A fantasy effort to stop Trump exists only as denial.”",
            "Alex Castellanos",
        ),
        (
            "Rep. Hakeem Jeffries (D-N.Y.) reacted to the news, saying: “The verdict is a disgrace.”",
            "Rep. Hakeem Jeffries",
        ),
        (
            "Sen. Bernie Sanders visited the show to discuss his remarks, saying “she would be far better.”",
            "Sen. Bernie Sanders",
        ),
        (
            "“Very good reporter,” Trump, the 2016 GOP presidential frontrunner nationally and current polling leader "
            "in South Carolina by a wide margin after winning the New Hampshire primaries, said.",
            "Trump, the 2016 GOP presidential frontrunner nationally and current polling leader in South Carolina by "
            "a wide margin after winning the New Hampshire primaries",
        ),
    ],
)
def test_a_sentence_names_its_own_speaker(sentence: str, speaker: str | None) -> None:
    found = speakers([sentence])[0]
    if speaker is None:
        # The speaker's name is longer than the test can spell out: it must hold the surname.
        assert found is not None and ("Roe" in found or "Jane Doe" in found)
    else:
        assert found == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Any arms aid would be a further sign of deepening ties between Moscow and Pyongyang.",
        "The bottlenecks are due to the international sanctions.",
        "He said the port would reopen.",
        "“We are ready,” the statement added.",
        "Translation: “We will not pay for the wall.”",
        "The message was clear: “We will not pay for the wall.”",
        "“We will see,” said reporters Tuesday.",
    ],
)
def test_nobody_is_guessed(sentence: str) -> None:
    assert speakers([sentence]) == [None]


def test_a_verb_opening_a_colon_attribution_is_not_part_of_the_name() -> None:
    found = speakers(["Roger Stone spoke on the radio.", "Continued Stone: “So I think it is a very real problem.”"])
    assert found[1] == "Roger Stone"


def test_a_pronoun_chain_resolves_to_the_person_named_first() -> None:
    sentences = [
        "Mayor Jane Doe said the bridge will close in March.",
        "She added that repairs would take a year.",
        "The council has not voted.",
        "“We have no choice,” she said.",
    ]
    assert speakers(sentences) == ["Mayor Jane Doe", "Mayor Jane Doe", None, "Mayor Jane Doe"]


def test_he_skips_organisations_and_finds_the_last_person() -> None:
    sentences = [
        "Kirby said the shipments were covert.",
        "The Defense Ministry denied the report.",
        "He said the United States would consult allies.",
    ]
    assert speakers(sentences)[2] == "Kirby"


def test_the_statement_resolves_to_whoever_made_it() -> None:
    sentences = [
        "“Recently, the US has been spreading a rumor,” the deputy director said in a statement.",
        "The statement said North Korea saw the “rumour” as hostile.",
        "“We make it clear once again that we have never had ‘arms deals’ with Russia,” the statement added.",
    ]
    assert speakers(sentences)[1:] == ["the deputy director", "the deputy director"]


def test_a_quote_spanning_sentences_takes_the_speaker_after_it_closes() -> None:
    text = "“We did nothing wrong. We will appeal,” the company’s lawyer said."
    passages = [Passage(0, 22), Passage(23, len(text))]
    assert [n.who for n in annotate(text, passages, None)] == ["the company’s lawyer"] * 2


def test_a_bare_surname_resolves_to_the_fullest_earlier_mention() -> None:
    text = "Rep. Michael Brown spoke on Sunday.\n\n“We are worried about the inquiry,” Brown said."
    found = statement_with(text, "worried")
    assert found.who == "Rep. Michael Brown"
    assert (found.who_start, found.who_end) == (0, len("Rep. Michael Brown"))


def test_a_second_quote_after_the_attribution_is_a_scare_quote() -> None:
    text = "“We are worried about the inquiry,” Brown said, though nobody says it is “reopening” the case."
    found = find_statements(text)
    assert [s.quote for s in found] == ["“We are worried about the inquiry,”"]
    assert found[0].who == "Brown" and found[0].cue == "said"


def test_a_quote_over_paragraphs_is_one_statement_of_the_speaker_named_after_it() -> None:
    text = (
        "The senator spoke for an hour.\n\n“This is the first paragraph of what she said.\n\n"
        "“And this is the second one, which ends the quotation,” Senator Ann Lee said."
    )
    found = statement_with(text, "first paragraph")
    assert found.quote.endswith("quotation,”") and "second one" in found.quote
    assert found.who == "Senator Ann Lee"


def test_a_quote_over_paragraphs_takes_the_speaker_named_before_it() -> None:
    text = "Ann Lee told the crowd:\n\n“We came here to win this fight.\n\n“And we will win it by November.”"
    assert statement_with(text, "came here").who == "Ann Lee"


@pytest.mark.parametrize("person", ["Army Capt. Ann Lee", "Kremlin spokesman Dmitry Peskov"])
def test_a_name_after_the_body_its_bearer_works_for_is_a_person_he_or_she_points_to(person: str) -> None:
    text = (
        "In a poll, 21 percent said they would not vote.\n\n"
        f"“They do not understand us,” said {person}, who said he would stay home. “It is far from us.”"
    )
    assert statement_with(text, "far from us").who == person


@pytest.mark.parametrize(
    ("words", "body"),
    [
        ("Army Capt. Christian Pardo", False),
        ("United States White House John Kirby", False),
        ("Victor Cha, of the U.S.-based Center", False),
        ("a defense ministry official", False),
        ("the Washington Post", True),
        ("CONGRESS HAS INVESTIGATED HIM", True),
        ("Korea Herald", True),
    ],
)
def test_a_body_is_told_from_a_person_working_for_one(words: str, body: bool) -> None:
    assert is_body(words) is body


def test_a_quote_without_attribution_continues_the_one_before_in_its_paragraph() -> None:
    text = "“The plan will fail,” Ann Lee said. “It has no money behind it and no votes.”"
    assert statement_with(text, "no money").who == "Ann Lee"


@pytest.mark.parametrize(
    ("sentence", "speaker", "quote"),
    [
        (
            "US authorities suspect that Russia could stock up on shells due to a shortage.",
            "US authorities",
            "Russia could stock up on shells due to a shortage",
        ),
        (
            "Some economists believe that the tariffs will raise prices.",
            "Some economists",
            "the tariffs will raise prices",
        ),
    ],
)
def test_a_plural_subject_reports_in_the_present(sentence: str, speaker: str, quote: str) -> None:
    assert [(s.who, s.quote) for s in find_statements(sentence)] == [(speaker, quote)]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # A plural possessive's apostrophe belongs to its word, wherever the phrase is.
        (
            "“The count is close,” Ana Ruiz, the Greens’ campaign manager, said on Monday.",
            "Ana Ruiz, the Greens’ campaign manager",
        ),
        (
            "“The count is close,” said Ana Ruiz, the Greens’ campaign manager.",
            "Ana Ruiz, the Greens’ campaign manager",
        ),
        ("The Greens’ campaign manager said: “The count is close.”", "The Greens’ campaign manager"),
        # An age is an aside of its own before the apposition.
        ("Ana Ruiz, 35, the Greens’ campaign manager, said on Monday, “The count is close.”", "Ana Ruiz"),
        # "Will" and "May" before a name are given names, not a new clause.
        ("“The count is close,” said Will Ruiz, a campaign manager.", "Will Ruiz, a campaign manager"),
        ("The count is close, campaign manager May Ruiz said: “We will win it.”", "campaign manager May Ruiz"),
        # The verb opening the sentence, the speaker after it.
        ("Said Ana Ruiz, who ran the Greens’ campaign, “The count is close.”", "Ana Ruiz"),
        # A party-and-state note between the name and the verb.
        ("Sen. Ana Ruiz (D-Ore.) said “the count is close, and we will win it.”", "Sen. Ana Ruiz"),
        ("In a statement, Rep. Tom Hale (R-Ky.) said: “The count is close.”", "Rep. Tom Hale"),
        # "asked" and "warned" come before their speaker after a quotation.
        ("“Is the count close?” asked Sen. Ana Ruiz of Oregon.", "Sen. Ana Ruiz"),
        ("“The count is close,” warned Hale.", "Hale"),
        # An adverb after an aside: the speaker is before the aside.
        ("Ana Ruiz, who ran twice, once said, “The count is close.”", "Ana Ruiz"),
        # "said" or "says" and the speaker end the sentence, after the writer's own words.
        (
            "“The count is close,” unlike in any race before, says Ana Ruiz, a county clerk.",
            "Ana Ruiz, a county clerk",
        ),
        # The cue's object before the quote is no cue of its own.
        ("Ana Ruiz told her supporters, “The count is close.”", "Ana Ruiz"),
        ("Ana Ruiz, who ran twice, tweeted this: “The count is close.”", "Ana Ruiz"),
        # A clause or an adverb opening the sentence is no speaker of its participle.
        ("When the polls closed, Ana Ruiz spoke to reporters, saying “the count is close.”", "Ana Ruiz"),
        (
            "Likewise, a memo from the county board had this to say: “The count is close.”",
            "a memo from the county board",
        ),
    ],
)
def test_speakers_past_notes_asides_and_openings(sentence: str, speaker: str) -> None:
    assert [s.who for s in find_statements(sentence)] == [speaker]


@pytest.mark.parametrize(
    "sentence",
    [
        "The claim that the port would reopen was false.",
        "Voters remained unconvinced by the report that the port would reopen.",
        "Officials hope to suspect that nothing is wrong, without proof.",
    ],
)
def test_a_reporting_noun_or_infinitive_is_no_plural_present(sentence: str) -> None:
    assert find_statements(sentence) == []


def test_scare_quotes_and_titles_are_not_statements() -> None:
    text = "The ministry called the report a “rumour” and quoted the “Art of the Deal” at length."
    assert [s.quote for s in find_statements(text) if "“" in s.quote] == []


def test_reported_speech_is_a_statement_without_the_attribution() -> None:
    found = find_statements("North Korea said Tuesday that it has never had arms dealings with Russia.", "2022-11-09")
    assert [(s.quote, s.who, s.cue) for s in found] == [
        ("it has never had arms dealings with Russia", "North Korea", "said")
    ]
    assert found[0].when is not None and found[0].when.date == "2022-11-08"


def test_every_statement_is_a_slice_of_the_text_and_so_is_its_speaker() -> None:
    text = (
        "Gov. Ann Lee of Ohio arrived late.\n\n“We will sue,” Lee said. She added that the rule was unlawful.\n\n"
        "According to the ministry, the talks failed."
    )
    found = find_statements(text)
    assert len(found) == 3
    for statement in found:
        assert text[statement.start : statement.end] == statement.quote
        assert statement.who_start is not None and statement.who_end is not None
        assert text[statement.who_start : statement.who_end] == statement.who


def test_attribution_time_is_linear_whatever_the_content() -> None:
    text = "a, b said c " * 4000 + '"'
    started = time.perf_counter()
    passages = [Passage(0, len(text))]
    annotate(text, passages, None)
    find_statements("“x,” said " * 5000)
    assert time.perf_counter() - started < 2


def test_only_a_passage_with_several_speakers_keeps_their_voices() -> None:
    one = "“The count is close,” Ana Ruiz said. “We will win it,” she added."
    two = "“The count is close,” Ana Ruiz said. “We will win it,” added Tom Hale."
    for text, voices in [(one, []), (two, [("Ana Ruiz", "The count is close"), ("Tom Hale", "We will win it")])]:
        (annotation,) = annotate(text, [Passage(0, len(text))], None)
        found = voices_of(annotation.note())
        assert [(v.who, text[v.start : v.end].strip("“”,. ")) for v in found] == voices
        assert annotation.who == "Ana Ruiz"


def test_a_plural_cue_after_a_determiner_ending_the_sentence_before_is_a_noun() -> None:
    text = (
        "“Israel was sold out,” Trump said in August, referring to John Kerry, the chief negotiator in the talks. "
        "“You cannot let Iran have a nuclear weapon.”"
    )
    assert statement_with(text, "cannot let Iran").who == "Trump"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Christie bristled at the suggestion, saying, “the advice I give to Donald is to Donald.” "
            "He also said the campaign would not change.",
            "Christie",
        ),
        ("“We will win this state and then the next one.” Trump said on Tuesday.", "Trump"),
        ("“We will win this state and then the next one.” Trump told reporters.", "Trump"),
    ],
)
def test_a_sentence_reporting_on_after_a_quote_that_ended_its_own_is_not_its_attribution(text: str, who: str) -> None:
    assert statement_with(text, "the next one" if "next one" in text else "advice").who == who
