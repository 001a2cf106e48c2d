"""Stand-ins around the real core for adapter tests: a slow one and a broken one."""

from __future__ import annotations

import asyncio

from bot.answers import Answer, Filters
from bot.conversation_state import ConversationKey
from bot.factchecker import FactChecker


class SlowChecker:
    """The real core behind a delay, as on the first question of a cold machine."""

    def __init__(self, checker: FactChecker, delay: float) -> None:
        self.checker, self.delay = checker, delay

    async def ask(
        self, question: str, *, limit: int = 5, origin: str = "local", filters: Filters = Filters()
    ) -> Answer:
        await asyncio.sleep(self.delay)
        return await self.checker.ask(question, limit=limit, origin=origin, filters=filters)

    async def verify(self, claim: str, *, who: str | None = None, limit: int = 3, origin: str = "local") -> Answer:
        await asyncio.sleep(self.delay)
        return await self.checker.verify(claim, who=who, limit=limit, origin=origin)

    async def timeline(self, topic: str, *, limit: int = 10, origin: str = "local") -> Answer:
        await asyncio.sleep(self.delay)
        return await self.checker.timeline(topic, limit=limit, origin=origin)

    async def record_feedback(self, query_id: int, user: str, *, helpful: bool) -> bool:
        return await self.checker.record_feedback(query_id, user, helpful=helpful)

    def admit(self, *, user: str, channel: str) -> bool:
        return self.checker.admit(user=user, channel=channel)

    async def follow_up(
        self,
        key: ConversationKey,
        text: str,
        *,
        origin: str = "local",
        limit: int = 5,
        filters: Filters = Filters(),
        keep_at: ConversationKey | None = None,
    ) -> Answer:
        await asyncio.sleep(self.delay)
        return await self.checker.follow_up(key, text, origin=origin, limit=limit, filters=filters, keep_at=keep_at)

    async def start_conversation(self, key: ConversationKey, answer: Answer, *, origin: str) -> Answer:
        return await self.checker.start_conversation(key, answer, origin=origin)

    def conversation_active(self, key: ConversationKey) -> bool:
        return self.checker.conversation_active(key)

    async def end_conversation(self, key: ConversationKey) -> bool:
        return await self.checker.end_conversation(key)


class BrokenChecker(SlowChecker):
    """A core that fails with a detail that must reach the log, never the chat."""

    async def ask(
        self, question: str, *, limit: int = 5, origin: str = "local", filters: Filters = Filters()
    ) -> Answer:
        raise RuntimeError("index exploded: secret detail")
