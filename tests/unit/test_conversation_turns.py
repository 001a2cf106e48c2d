"""One conversation's messages are answered one at a time, in the order they came, and no lock outlives them."""

from __future__ import annotations

import asyncio

from adapters.conversation_turns import Turns
from bot.conversation_state import ConversationKey

THREAD = ConversationKey("slack", "T1/C1", "1700000000.000100")
OTHER = ConversationKey("slack", "T1/C1", "1700000000.000200")


async def test_a_conversations_messages_take_turns_in_the_order_they_came() -> None:
    turns, done = Turns(), []

    async def answer(name: str, key: ConversationKey, delay: float) -> None:
        async with turns.taken(key):
            await asyncio.sleep(delay)
            done.append(name)

    await asyncio.gather(answer("first", THREAD, 0.05), answer("second", THREAD, 0), answer("other", OTHER, 0))
    assert done == ["other", "first", "second"], "the other thread does not wait; the second waits for the first"
    assert len(turns) == 0


async def test_a_failed_answer_gives_up_its_turn() -> None:
    turns = Turns()
    try:
        async with turns.taken(THREAD):
            raise RuntimeError("lost")
    except RuntimeError:
        pass
    async with asyncio.timeout(1):
        async with turns.taken(THREAD):
            assert len(turns) == 1
    assert len(turns) == 0
