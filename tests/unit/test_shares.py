"""Answers kept for Share buttons: shared once, in bounded memory, forgotten after a while."""

from __future__ import annotations

from bot.answers import Answer
from bot.shares import Refusal, SharedAnswers
from tests.clock import Clock

ANSWER = Answer("Who is John Kirby?", "no_evidence")


def test_a_kept_answer_is_taken_once_and_can_be_released_to_be_taken_again() -> None:
    shares = SharedAnswers()
    share_id = shares.keep(ANSWER)
    assert share_id is not None
    assert shares.take(share_id) is ANSWER
    assert shares.take(share_id) is Refusal.ALREADY_SHARED
    shares.release(share_id)
    assert shares.take(share_id) is ANSWER


def test_an_id_never_kept_is_gone_and_an_error_is_not_kept() -> None:
    shares = SharedAnswers()
    assert shares.take("") is Refusal.GONE
    assert shares.take('{"q": "Who is John Kirby?", "n": 1}') is Refusal.GONE
    assert shares.keep(Answer("q", "error", error="broken")) is None
    assert len(shares) == 0


def test_ids_are_distinct_and_not_guessable_from_each_other() -> None:
    shares = SharedAnswers()
    ids = [shares.keep(ANSWER) for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(share_id is not None and len(share_id) >= 16 for share_id in ids)


def test_answers_expire_and_the_oldest_make_way_so_memory_stays_bounded() -> None:
    clock = Clock()
    shares = SharedAnswers(capacity=100, keep_for=3600, clock=clock)
    first = shares.keep(ANSWER)
    kept = [shares.keep(ANSWER) for _ in range(150)]
    assert len(shares) == 100
    assert first is not None and shares.take(first) is Refusal.GONE, "pushed out by newer answers"
    assert kept[-1] is not None and shares.take(kept[-1]) is ANSWER
    clock.now += 3600
    assert kept[-2] is not None and shares.take(kept[-2]) is Refusal.GONE, "expired"
    assert len(shares) == 0
