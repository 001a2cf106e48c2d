"""Speakers are found as a reader finds them, and never guessed."""

from __future__ import annotations

import pytest

from bot.attribution import attribute


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
        (
            "In a statement, the Defense Ministry in Pyongyang accused the United States of spreading rumors.",
            "the Defense Ministry in Pyongyang",
        ),
        ("Kirby declined to say how the North Korean munitions are traveling.", "Kirby"),
        (
            "KCNA cites a statement from a representative of the country’s defense ministry as saying that it objects.",
            "a representative of the country’s defense ministry",
        ),
    ],
)
def test_a_sentence_names_its_own_speaker(sentence: str, speaker: str) -> None:
    assert attribute([sentence], 0) == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Any arms aid would be a further sign of deepening ties between Moscow and Pyongyang.",
        "The bottlenecks are due to the international sanctions.",
        "He said the port would reopen.",
        "“We are ready,” the statement added.",
    ],
)
def test_nobody_is_guessed(sentence: str) -> None:
    assert attribute([sentence], 0) is None


def test_a_pronoun_chain_resolves_to_the_person_named_first() -> None:
    sentences = [
        "Mayor Jane Doe said the bridge will close in March.",
        "She added that repairs would take a year.",
        "The council has not voted.",
        "“We have no choice,” she said.",
    ]
    assert [attribute(sentences, i) for i in range(4)] == ["Mayor Jane Doe", "Mayor Jane Doe", None, "Mayor Jane Doe"]


def test_he_skips_organisations_and_finds_the_last_person() -> None:
    sentences = [
        "Kirby said the shipments were covert.",
        "The Defense Ministry denied the report.",
        "He said the United States would consult allies.",
    ]
    assert attribute(sentences, 2) == "Kirby"


def test_the_statement_resolves_to_whoever_made_it() -> None:
    sentences = [
        "“Recently, the US has been spreading a rumor,” the deputy director said in a statement.",
        "The statement said North Korea saw the “rumour” as hostile.",
        "“We make it clear once again that we have never had ‘arms deals’ with Russia,” the statement added.",
    ]
    assert attribute(sentences, 1) == attribute(sentences, 2) == "the deputy director"


def test_a_quote_spanning_sentences_takes_the_speaker_after_it_closes() -> None:
    sentences = ["“We did nothing wrong.", "We will appeal,” the company’s lawyer said."]
    assert attribute(sentences, 0) == "the company’s lawyer"


def test_a_trailing_he_said_overrides_the_subject_of_the_sentence() -> None:
    sentences = [
        "Victor Cha said the war tightens ties.",
        "Kirby’s comments suggest Washington will not intercept the shipments, he said.",
    ]
    assert attribute(sentences, 1) == "Victor Cha"
