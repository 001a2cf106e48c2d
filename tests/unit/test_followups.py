"""Reading a follow-up against its conversation: each rule of bot/followups.py, on made-up threads."""

from __future__ import annotations

import pytest

from bot.answers import Filters, When
from bot.claim_words import CLAIM_WORDS, claim_words, person_name
from bot.followups import Context, read_follow_up
from bot.named_months import Period, in_period
from bot.quote_lookup import quoted
from bot.replacements import Claimed
from bot.thread_messages import is_stop, reads_as_question

KIRBY = Claimed(
    who="Spokesman for the National Security Council of the United States White House John Kirby",
    words="North Korea secretly sends a significant amount",
    date="2022-10-31",
    when="last week",
    spans=(("004", 406, 620), ("002", 782, 990)),
)
DENIAL_NOVEMBER = Claimed(
    who="A North Korean defense ministry official",
    words="Pyongyang has never had arms dealings",
    date="2022-11-08",
    spans=(("002", 1206, 1400),),
)
DENIAL_SEPTEMBER = Claimed(
    who="North Korea",
    words="it is not planning to sell arms",
    date="2022-09-22",
    when="earlier this month",
    spans=(("003", 500, 640),),
)
SHELLS = Context("Who said North Korea was secretly shipping artillery shells to Russia?", (KIRBY, DENIAL_NOVEMBER))
DENIALS = Context("Did North Korea deny supplying weapons to Russia?", (DENIAL_NOVEMBER, DENIAL_SEPTEMBER))


def reading(context: Context, text: str, **options: object) -> str:
    read = read_follow_up(context, text, **options)  # type: ignore[arg-type]
    assert read.rewritten
    return read.text


def test_he_and_that_are_the_first_claims_speaker_and_words() -> None:
    assert (
        reading(SHELLS, "and when did he say that?")
        == "When did Kirby say North Korea secretly sends a significant amount?"
    )


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("Who said so?", "Who said North Korea secretly sends a significant amount?"),
        ("Is it true?", "Is North Korea secretly sends a significant amount true?"),
        ("Who else reported this claim?", "Who else reported North Korea secretly sends a significant amount?"),
        (
            "Did the spokesman say that to reporters?",
            "Did Kirby say North Korea secretly sends a significant amount to reporters?",
        ),
        ("What was his source?", "What was Kirby’s source?"),
    ],
)
def test_pronouns_and_stand_ins_are_read_as_the_person_or_the_claim(asked: str, read: str) -> None:
    assert reading(SHELLS, asked) == read


def test_a_claim_put_into_a_reading_is_never_a_quotation_to_look_up() -> None:
    context = Context("Who denied it?", (Claimed("Someone", "one two three four five six seven"),))
    read = reading(context, "who else said that?")
    assert '"' not in read and "“" not in read
    found = quoted(read)
    assert found is None or not found.marked


def test_a_follow_up_that_quotes_keeps_its_own_quotation() -> None:
    read = reading(SHELLS, "Did he say “we have never had arms deals”?")
    assert read == "Did Kirby say “we have never had arms deals”?"
    found = quoted(read)
    assert found is not None and found.marked


def test_they_is_the_speaker_even_a_body_but_he_is_a_person() -> None:
    context = Context("What did Kirby say about the shipments?", (Claimed("North Korea", "the claims are a rumour"),))
    assert reading(context, "What did they say next?") == "What did North Korea say next?"
    assert reading(context, "What did he say next?") == "What did Kirby say next?"


def test_an_unknown_speaker_gives_way_to_the_previous_questions_subject() -> None:
    context = Context(
        "What were the Iranian drones used for?", (Claimed(None, "These could be used to fire on radar"),)
    )
    assert reading(context, "When did they arrive in Russia?") == "When did the Iranian drones arrive in Russia?"


@pytest.mark.parametrize(
    ("asked", "words"),
    [
        ("What about the September one?", "it is not planning to sell arms in September"),
        ("Who said the second one?", "it is not planning to sell arms"),
        ("And the other one?", "it is not planning to sell arms"),
        ("Who said the earliest one?", "it is not planning to sell arms"),
        ("Who said the first one?", "Pyongyang has never had arms dealings"),
    ],
)
def test_a_claim_is_picked_by_its_date_or_its_place(asked: str, words: str) -> None:
    assert words.casefold() in reading(DENIALS, asked).casefold()


def test_a_pick_no_claim_fits_is_left_as_asked() -> None:
    assert not read_follow_up(DENIALS, "Who said the March one?").rewritten


@pytest.mark.parametrize(
    "asked",
    [
        "Did North Korea deny it sold arms to Russia?",
        "Did Kirby say he had evidence of the shipments?",
        "Did Kirby say that North Korea sent the shells?",
        "Which agency carried the North Korean statement from Pyongyang?",
    ],
)
def test_a_question_that_stands_alone_is_asked_as_typed(asked: str) -> None:
    read = read_follow_up(SHELLS, asked)
    assert read == read_follow_up(SHELLS, asked)
    assert not read.rewritten and read.text == asked


def test_a_question_naming_no_subject_takes_the_previous_ones() -> None:
    assert reading(SHELLS, "and when?") == (
        "Who said North Korea was secretly shipping artillery shells to Russia, and when?"
    )


@pytest.mark.parametrize(
    ("previous", "asked", "read"),
    [
        (
            "What did Victor Cha say about the shipments?",
            "What about Kirby?",
            "What did Kirby say about the shipments?",
        ),
        ("Which think tank does Victor Cha work for?", "and Kirby?", "Which think tank does Kirby work for?"),
        ("Did North Korea sell arms to Russia?", "and China?", "Did North Korea sell arms to China?"),
        ("Who denied the arms deal?", "What about Kirby?", "Did Kirby deny the arms deal?"),
        ("Who else accused the regime of lying?", "and China?", "Did China accuse the regime of lying?"),
        ("Who said North Korea was sending shells?", "and Cha?", "Did Cha say North Korea was sending shells?"),
        ("Who did North Korea blame?", "What about Kirby?", "Who did Kirby blame?"),
        (
            "What did North Korea say about the independence of the breakaway regions?",
            "And the annexation?",
            "What did North Korea say about the annexation?",
        ),
        ("What did Kirby say the shipments were a sign of?", "What about Iran?", "What did Kirby say about Iran?"),
        (
            "What did North Korea say in September about arms sales?",
            "and in November?",
            "What did North Korea say in November about arms sales?",
        ),
    ],
)
def test_a_new_subject_replaces_the_matching_part(previous: str, asked: str, read: str) -> None:
    assert reading(Context(previous), asked, people={"kirby", "cha"}) == read


def test_a_name_the_archive_does_not_quote_is_not_taken_for_a_person() -> None:
    context = Context("What did Kirby say about Russia?")
    assert reading(context, "and India?", people={"kirby"}) == "What did Kirby say about India?"


def test_filters_carry_over_unless_the_follow_up_gives_its_own() -> None:
    context = Context("What did Kirby say?", (), Filters(outlet="nbc", after="2022-11-01"))
    carried = read_follow_up(context, "And Victor Cha?", people={"cha", "kirby"})
    assert carried.text == "What did Victor Cha say?"
    assert carried.filters == Filters(outlet="nbc", after="2022-11-01")
    own = read_follow_up(context, "What did Cha say? outlet:asia", people={"cha", "kirby"})
    assert not own.rewritten and own.filters == Filters(outlet="asia", after="2022-11-01")


def test_a_malformed_filter_is_asked_as_typed_to_be_refused_there() -> None:
    read = read_follow_up(SHELLS, "and when did he say it? after:tomorrow")
    assert not read.rewritten and read.text == "and when did he say it? after:tomorrow"


def test_what_else_leaves_out_the_claims_already_shown() -> None:
    read = read_follow_up(SHELLS, "What else did he say?")
    assert read.text == "What else did Kirby say?"
    assert set(read.leave_out) == {*KIRBY.spans, *DENIAL_NOVEMBER.spans}


def test_a_claims_words_put_in_for_a_question_of_its_own_are_not_scored_in_the_claims_passage() -> None:
    read = read_follow_up(SHELLS, "Would it be enough to end the war?")
    assert read.text == "Would North Korea secretly sends a significant amount be enough to end the war?"
    assert read.echo == KIRBY.spans
    assert read.unechoed == "Would be enough to end the war?"


@pytest.mark.parametrize(
    "asked", ["Who announced that?", "Did the Korea Herald carry it?", "When was that?", "Who else said it?"]
)
def test_a_follow_up_asking_only_who_said_or_carried_the_claim_scores_its_passage_by_all_words(asked: str) -> None:
    read = read_follow_up(SHELLS, asked)
    assert read.rewritten and read.echo == () and read.unechoed is None


def test_asking_how_the_claim_was_answered_leaves_out_the_claim_and_its_speaker() -> None:
    read = read_follow_up(SHELLS, "Did North Korea deny that?")
    assert read.leave_out == KIRBY.spans and read.not_by == "John Kirby"
    alone = read_follow_up(SHELLS, "How did Pyongyang respond?")
    assert alone.leave_out == KIRBY.spans and alone.not_by == "John Kirby"
    assert read_follow_up(SHELLS, "When did he say that?").leave_out == ()


def test_a_blank_follow_up_is_asked_as_typed() -> None:
    assert read_follow_up(SHELLS, "   ").text == "   "


def test_claim_words_are_the_reported_clause_short_of_a_quotation_lookup() -> None:
    quote = (
        "US intelligence suggests that North Korea is “covertly supplying a significant number of artillery "
        "shells to Russia’s war in Ukraine,” Kirby told reporters on Wednesday."
    )
    words = claim_words(quote, "John Kirby")
    assert words == "North Korea is covertly supplying a significant"
    assert len(words.split()) <= CLAIM_WORDS and "“" not in words


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("Spokesman for the National Security Council of the United States White House John Kirby", "John Kirby"),
        ("The communications director of the National Security Council, John Kirby", "John Kirby"),
        ("Victor Cha, of the U.S.-based Center for Strategic and International Studies", "Victor Cha"),
        ("A North Korean defense ministry official", None),
        ("North Korea", None),
        ("Tuesday’s statement", None),
    ],
)
def test_a_speakers_description_names_its_person(who: str, name: str | None) -> None:
    assert person_name(who) == name


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("and when did he say that?", True),
        ("what about the September one", True),
        ("How about Kirby", True),
        ("<@U123> who else reported it", True),
        ("Kirby said that?", True),
        ("thanks", False),
        ("good catch, I'll file it", False),
        ("<@U777> can you check", True),
    ],
)
def test_which_thread_messages_read_as_questions(text: str, asks: bool) -> None:
    assert reads_as_question(text) is asks


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("stop", True),
        ("STOP", True),
        ("<@U123> stop", True),
        ("@factcheck Stop.", True),
        ("stop it", False),
        ("", False),
    ],
)
def test_stop_alone_or_after_a_mention_in_any_case(text: str, stops: bool) -> None:
    assert is_stop(text) is stops


def test_he_is_never_read_as_a_body_the_previous_question_was_about() -> None:
    context = Context("Who said North Korea's ties with Russia are getting closer?", (Claimed(None, "ties"),))
    assert not read_follow_up(context, "Where does he work?").rewritten
    assert reading(context, "Where do they work?") == "Where do North Korea work?"


def test_a_month_named_is_when_the_answer_was_said_not_a_word_to_search() -> None:
    context = Context("What did North Korea say in September about arms sales?", (DENIAL_SEPTEMBER,))
    read = read_follow_up(context, "And in November?")
    assert read.text == "What did North Korea say in November about arms sales?"
    assert read.during == Period("2022-11", "2022-11")
    assert read.searched == "What did North Korea say about arms sales?"


def test_a_months_year_is_the_one_nearest_the_dates_shown() -> None:
    context = Context("What did North Korea say about arms sales?", (Claimed(None, "arms", date="2023-01-10"),))
    assert read_follow_up(context, "And in December?").during == Period("2022-12", "2022-12")
    assert read_follow_up(context, "And in March?").during == Period("2023-03", "2023-03")


def test_a_month_without_a_date_shown_stays_a_word_of_the_question() -> None:
    context = Context("What did North Korea say about arms sales?", (Claimed(None, "arms"),))
    read = read_follow_up(context, "And in November?")
    assert read.during is None and read.searched is None
    assert read.text == "What did North Korea say about arms sales in November?"


def test_at_the_time_is_the_month_of_the_claim_followed() -> None:
    read = read_follow_up(DENIALS, "How did Kirby respond at the time?")
    assert read.during == Period("2022-11", "2022-11")
    assert read.searched == "What did Kirby say about Pyongyang has never had arms dealings?"


@pytest.mark.parametrize(
    "asked",
    [
        "How did Pyongyang respond?",
        "Did Pyongyang push back?",
        "What did Pyongyang say in return?",
        "What was Pyongyang's reaction?",
        "and how did Pyongyang react to that?",
    ],
)
def test_a_response_in_other_words_is_what_they_said_about_the_claim_after_it(asked: str) -> None:
    read = read_follow_up(SHELLS, asked)
    assert read.text == "What did Pyongyang say about North Korea secretly sends a significant amount?"
    assert read.leave_out == KIRBY.spans and read.not_by == "John Kirby"
    assert read.during == Period("2022-10-31") and read.spoken_by == "Pyongyang"


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        (
            "What did Victor Cha make of it?",
            "What did Victor Cha say about North Korea secretly sends a significant amount?",
        ),
        (
            "And what did Victor Cha think?",
            "What did Victor Cha say about North Korea secretly sends a significant amount?",
        ),
        (
            "What did Cha think of this claim?",
            "What did Cha say about North Korea secretly sends a significant amount?",
        ),
    ],
)
def test_what_someone_made_of_the_claim_is_what_they_said_about_it(asked: str, read: str) -> None:
    assert reading(SHELLS, asked) == read
    assert read_follow_up(SHELLS, asked).leave_out == KIRBY.spans


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("What is his title?", "Who is Kirby?"),
        ("Where does he work?", "Who is Kirby?"),
        ("Who does the spokesman work for?", "Who is Kirby?"),
        ("What's Cha's job?", "Who is Cha?"),
    ],
)
def test_a_speakers_role_is_asked_as_who_they_are(asked: str, read: str) -> None:
    assert reading(SHELLS, asked) == read


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("What did he say the US was trying to do?", "What did Kirby say the US was trying to do?"),
        ("What did he do?", "What did Kirby do?"),
    ],
)
def test_a_question_about_an_act_is_not_asked_as_who_someone_is(asked: str, read: str) -> None:
    assert reading(SHELLS, asked) == read


def test_words_of_their_own_that_point_nowhere_are_asked_as_typed() -> None:
    nobody = Context("Who said North Korea's ties with Russia are getting closer?", (Claimed(None, "ties"),))
    assert read_follow_up(nobody, "What is his title?").text == "What is his title?"
    assert read_follow_up(Context("Who is Victor Cha?"), "How did Pyongyang react to it?").text == (
        "How did Pyongyang react to it?"
    )


def test_a_question_added_to_the_previous_one_is_not_capitalised_inside_it() -> None:
    context = Context("What did North Korea pledge?", (Claimed(None, "a response"),))
    assert reading(context, "Why?") == "What did North Korea pledge, and why?"


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        (When("last week", "2022-10-31", "2022-11-06"), True),
        (When("in November", "2022-11"), True),
        (When("Tuesday", "2022-11-08"), True),
        (When("in September", "2022-09"), False),
        (When("undated", None), False),
        (None, False),
    ],
)
def test_a_statement_is_in_a_month_when_any_of_its_dates_is(when: When | None, inside: bool) -> None:
    assert in_period(when, Period("2022-11", "2022-11")) is inside


def test_a_period_open_at_its_end_holds_everything_from_its_start() -> None:
    assert in_period(When("Tuesday", "2022-11-08"), Period("2022-10-31"))
    assert not in_period(When("in September", "2022-09"), Period("2022-10-31"))


def test_the_speaker_a_pronoun_points_to_is_whose_statements_rank_first() -> None:
    assert read_follow_up(SHELLS, "When did he say that?").spoken_by == "Kirby"
    assert read_follow_up(SHELLS, "When was that?").spoken_by is None


def test_a_body_has_no_role_to_ask_for() -> None:
    context = Context("What did Kirby say about the shipments?", (Claimed("North Korea", "the claims are a rumour"),))
    assert read_follow_up(context, "What is their title?").text == "What is North Korea’s title?"


def test_a_month_alone_stays_the_word_searched() -> None:
    context = Context("What did North Korea say in September about arms sales?", (DENIAL_SEPTEMBER,))
    assert read_follow_up(context, "November?").during is None


@pytest.mark.parametrize(
    ("asked", "claim"),
    [
        ("Who said that?", KIRBY),
        ("Which outlets reported it?", KIRBY),
        ("And when?", KIRBY),
        ("When did he say that?", KIRBY),
        ("When was the second one?", DENIAL_NOVEMBER),
    ],
)
def test_a_follow_up_asking_nothing_of_its_own_is_led_by_the_claim_it_points_to(asked: str, claim: Claimed) -> None:
    assert read_follow_up(SHELLS, asked).about == claim.spans


@pytest.mark.parametrize(
    "asked",
    ["Is it enough to change the war?", "What did he say about the United Nations?", "What is his title?"],
)
def test_a_follow_up_asking_something_new_is_led_by_no_claim(asked: str) -> None:
    assert read_follow_up(SHELLS, asked).about == ()


def test_a_speaker_described_not_named_is_preferred_but_not_searched() -> None:
    context = Context("What did North Korea say about sanctions?", (DENIAL_NOVEMBER,))
    read = read_follow_up(context, "What did they accuse Washington of?")
    assert read.text == "What did a North Korean defense ministry official accuse Washington of?"
    assert read.spoken_by == "a North Korean defense ministry official"
    assert read.searched == "What did accuse Washington of?"


def test_a_named_speaker_is_searched_by_name() -> None:
    read = read_follow_up(SHELLS, "What did he say about the United Nations?")
    assert read.text == "What did Kirby say about the United Nations?"
    assert read.searched is None


def test_claim_words_are_the_speakers_clause_not_one_reported_after_it() -> None:
    quote = (
        "WASHINGTON — The ministry said on Monday it had never sold drones to Iran, state media reported, "
        "after officials in Kyiv said the drones were found in Ukraine."
    )
    words = claim_words(quote, "The ministry")
    assert "never sold drones" in words and "found" not in words
