"""The conversations the core holds in chat threads, and answering their follow-ups.

After the bot answers in a thread, people go on asking there ("and when did he say
that?"). A conversation holds what the next follow-up is read against
(``bot.followups``), under its platform, channel and thread
(``bot.conversation_state.ConversationKey``). All of them are held in memory, read
from the archive at start, so that an adapter can ask whether a thread is one,
for every message in a channel, without a database read on the event loop; each
change is written through to the archive, so a restart ends none.

A conversation ends ``hours`` after the bot's last answer in it (0: follow-ups are
off and none is held), on ``stop`` (``end``), and when its asker's questions are
forgotten (``forget``). At most ``capacity`` are held, the oldest dropped first:
each is a few hundred bytes. The follow-ups of one conversation are answered one
at a time, in order, each read against the answer before it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from bot import messages
from bot.answers import Answer, Filters
from bot.claim_words import person_name
from bot.conversation_state import Conversation, ConversationKey, context_of, restored, stored
from bot.errors import disk_problem
from bot.followups import Reading, read_follow_up
from index.archive import Archive
from index.storage_errors import DiskFault

log = logging.getLogger(__name__)

CAPACITY = 10_000
HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A follow-up to ask: as typed, as read, and the asking's options."""

    typed: str
    reading: Reading
    limit: int
    origin: str
    filters: Filters


class Conversations:
    def __init__(
        self,
        archive: Archive,
        ask: Callable[[FollowUp], Awaitable[Answer]],
        *,
        hours: int,
        max_chars: int,
        db_path: Path,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._archive = archive
        self._ask = ask
        self._keep_for = hours * HOUR
        self._max_chars = max_chars
        self._db_path = db_path
        self._capacity = capacity
        self._clock = clock
        # In the order last answered, so the oldest is first.
        self._held: OrderedDict[ConversationKey, Conversation] = OrderedDict()
        self._turns: dict[ConversationKey, asyncio.Lock] = {}
        self._people: tuple[int, frozenset[str]] | None = None
        self._warned = False

    async def load(self) -> None:
        """Hold the conversations the archive kept, those past their time deleted first."""
        await self._prune()
        for row in await self._archive.conversations():
            try:
                conversation = restored(row)
            except (ValueError, KeyError, TypeError):
                # A state this version cannot read ends its conversation, not the bot's start.
                log.warning("a conversation kept in %s could not be read; it is ended", self._db_path)
                await self._archive.end_conversation(row.platform, row.channel, row.thread)
                continue
            self._held[conversation.key] = conversation

    def is_active(self, key: ConversationKey) -> bool:
        """Whether a conversation is held at ``key`` and within its time; no I/O."""
        held = self._held.get(key)
        if held is not None and self._clock() - held.answered_at >= self._keep_for:
            del self._held[key]
            held = None
        return held is not None

    async def start(self, key: ConversationKey, answer: Answer, *, origin: str) -> Answer:
        """Start (or start again) the conversation at ``key`` from an answer given there:
        the answer comes back marked as a conversation's first, or as it was when it
        starts none (follow-ups off, an error)."""
        async with self._turn(key):
            kept = await self._keep(key, answer, origin)
        return replace(answer, opens_conversation=True) if kept else answer

    async def follow_up(
        self,
        key: ConversationKey,
        text: str,
        *,
        origin: str,
        limit: int,
        filters: Filters,
        keep_at: ConversationKey | None = None,
    ) -> Answer:
        """Answer ``text`` read against the conversation at ``key`` (as it stands when none
        is held there), and hold the answer as that conversation's latest, or, given
        ``keep_at``, as a branch of it held there, ``key``'s left as it was: another reply
        to the same answer is read against that answer again."""
        async with self._turn(key):
            held = self._held.get(key) if self.is_active(key) else None
            reading = Reading(text, False)
            if held is not None and len(text) <= self._max_chars:
                reading = read_follow_up(held.context, text, people=await self._known_people())
                searched = reading.searched and _clipped(reading.searched, self._max_chars)
                reading = replace(reading, text=_clipped(reading.text, self._max_chars), searched=searched)
            answer = await self._ask(FollowUp(text, reading, limit, origin, filters))
            if keep_at is None:
                await self._keep(key, answer, origin, root=held.root if held else "")
            else:
                # No message can reply to the answer at ``keep_at`` before it is sent.
                await self._keep(keep_at, answer, origin, root=held.chain if held else "")
            return answer

    async def end(self, key: ConversationKey) -> bool:
        """End the conversation at ``key`` (``stop``): deleted from memory and the archive,
        with the conversations it branched from and into."""
        async with self._turn(key):
            held = self._held.get(key)
            chain = held.chain if held else key.thread
            branches = [
                other
                for other, conversation in self._held.items()
                if (other.platform, other.channel) == (key.platform, key.channel) and conversation.chain == chain
            ]
            ended = False
            for other in dict.fromkeys([key, *branches]):
                self._held.pop(other, None)
                ended = await self._archive.end_conversation(other.platform, other.channel, other.thread) or ended
            return ended

    async def forget(self, *, asker: str) -> int:
        """Delete the conversations whose last question ``asker`` asked; returns how many."""
        for key in [key for key, held in self._held.items() if held.asker == asker]:
            del self._held[key]
        return await self._archive.forget_conversations(asker=asker)

    async def _keep(self, key: ConversationKey, answer: Answer, origin: str, *, root: str = "") -> bool:
        """Hold ``answer`` as the conversation's latest; an error or a notice holds nothing."""
        if not self._keep_for or answer.status not in ("answered", "no_evidence"):
            return False
        conversation = Conversation(key, context_of(answer), origin, self._clock(), root)
        self._held.pop(key, None)
        self._held[key] = conversation
        while len(self._held) > self._capacity:
            self._held.popitem(last=False)
        try:
            await self._archive.keep_conversation(stored(conversation), most=self._capacity)
            await self._prune()
        except DiskFault as exc:
            # Held in memory all the same: the thread goes on, until a restart.
            first, self._warned = not self._warned, True
            if first:
                log.warning(messages.CONVERSATIONS_NOT_KEPT.format(problem=disk_problem(self._db_path, exc)))
        return True

    async def _prune(self) -> None:
        """Delete the kept conversations past their time."""
        with suppress(DiskFault):
            await self._archive.forget_conversations(answered_by=self._clock() - self._keep_for)

    def _turn(self, key: ConversationKey) -> asyncio.Lock:
        """The lock that answers one conversation's follow-ups one at a time."""
        turn = self._turns.get(key)
        if turn is None:
            # Locks of the conversations no longer held, and not in use, are let go.
            for other in [k for k, lock in self._turns.items() if k not in self._held and not lock.locked()]:
                del self._turns[other]
            turn = self._turns[key] = asyncio.Lock()
        return turn

    async def _known_people(self) -> frozenset[str]:
        """The surnames of the people the archive quotes, read again when it changes."""
        generation = await self._archive.generation()
        if self._people is None or self._people[0] != generation:
            self._people = (generation, await asyncio.to_thread(self._surnames))
        return self._people[1]

    def _surnames(self) -> frozenset[str]:
        names = (person_name(who) for who in self._archive.speakers())
        return frozenset(name.split()[-1].lower() for name in names if name)


def _clipped(reading: str, most: int) -> str:
    """``reading`` in at most ``most`` characters, cut at a word."""
    return reading if len(reading) <= most else reading[:most].rsplit(" ", 1)[0]
