"""Abstention: a missing name abstains; a missing common word alone does not; nor does a good match."""

from __future__ import annotations

from bot.abstention import MIN_SCORE, absent, should_abstain, speaker_on_topic, subject_words
from bot.answers import Evidence, Source
from bot.asked_speakers import asked_speaker
from bot.questions import parse_question


def evidence(quote: str, *, who: str | None) -> Evidence:
    return Evidence(quote, 0, len(quote), 1.0, Source("a", "a.txt", None, None, None, None), who, None)


def test_a_missing_name_abstains_however_well_the_rest_matches() -> None:
    question = parse_question("Did India buy artillery shells?", max_chars=200)
    assert should_abstain(question, ("india",), top_score=0.9)


def test_a_missing_lower_case_word_alone_does_not_abstain() -> None:
    question = parse_question("Which think tank is Victor Cha from?", max_chars=200)
    assert not should_abstain(question, ("think", "tank"), top_score=0.4)


def test_the_first_word_is_not_taken_for_a_name() -> None:
    question = parse_question("Describe the shipments", max_chars=200)
    assert not question.words[0].proper
    assert not should_abstain(question, ("describe",), top_score=0.4)


def test_a_weak_best_match_abstains() -> None:
    question = parse_question("What happened to the shipments?", max_chars=200)
    assert should_abstain(question, (), top_score=MIN_SCORE / 2)
    assert not should_abstain(question, (), top_score=MIN_SCORE * 2)


def test_a_missing_topic_after_about_abstains_though_lower_case() -> None:
    question = parse_question("What did Paul Ryan say about deepfakes?", max_chars=200)
    assert should_abstain(question, ("deepfakes",), top_score=0.9)


def test_the_subject_after_an_opening_auxiliary_is_what_is_asked_about() -> None:
    assert "zelensky" in subject_words(parse_question("has zelensky responded to the denial?", max_chars=200))
    assert "russia" in subject_words(parse_question("when did russia invade ukraine?", max_chars=200))
    assert subject_words(parse_question("What would closer ties mean?", max_chars=200)) == {"ties"}
    assert "moscow" in subject_words(parse_question("What would closer Moscow ties mean?", max_chars=200))


def test_the_answer_type_and_past_forms_are_not_the_subject() -> None:
    words = subject_words(parse_question("where was the reuters piece on the denial datelined?", max_chars=200))
    assert "datelined" not in words and "denial" in words
    assert not subject_words(parse_question("Which think tank is he from?", max_chars=200))


def test_quoted_words_are_not_what_is_asked_about() -> None:
    question = parse_question("Who said “we talked about omicron today”?", max_chars=200)
    assert "omicron" not in subject_words(question)


def test_a_word_found_in_another_inflection_is_not_absent() -> None:
    known = {"deni", "close"}.__contains__
    assert absent(["denial", "closer", "zelensky"], lambda w: known(w) or known(w.rstrip("e"))) == ("zelensky",)


def test_a_speaker_never_found_on_the_topic_abstains() -> None:
    question = parse_question("What did Victor Cha say about another nuclear test?", max_chars=200)
    on_shells = evidence("“The US can track the shipments,” Cha added.", who="Victor Cha")
    on_tests = evidence("North Korea may stage a nuclear test, officials warned.", who="officials")
    assert not speaker_on_topic(question, "Victor Cha", [on_shells, on_tests])
    said = evidence("A nuclear test is likely soon, said Victor Cha.", who="Victor Cha")
    assert speaker_on_topic(question, "Victor Cha", [on_shells, said])
    named_in_text = evidence("Cha warned of a nuclear test.", who=None)
    assert speaker_on_topic(question, "Victor Cha", [named_in_text])


def test_the_asked_speaker_is_read_from_the_question() -> None:
    assert asked_speaker("What did Democratic National Committee Chair Debbie Wasserman Schultz say about it?") == (
        "Democratic National Committee Chair Debbie Wasserman Schultz"
    )
    assert asked_speaker("Did North Korea deny the deal?") == "North Korea"
    assert asked_speaker("Who is arming Ukraine, according to the reports?") == "the reports"
    assert asked_speaker("Who denied what, when?") is None
    assert asked_speaker("Does North Korea plan to sell arms?") is None


def test_say_marks_the_end_of_the_speaker_before_other_speech_verbs() -> None:
    assert asked_speaker("What did a new report by Politico say about it?") == "a new report by Politico"
