"""One conversation's state: what its next follow-up is read against, and whose it is.

A follow-up needs its conversation's last question as it was read and, of that
question's answer, what "he", "that" or "the September one" can point to: each
claim's speaker, a few of its words, its date and the places of its quotes
(``bot.replacements.Claimed``), not the quotes themselves. That is a few hundred
bytes a conversation, kept in the archive as JSON so that a restart does not end it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from bot.answers import Answer, Evidence, Filters
from bot.claim_words import claim_words
from bot.followups import Context
from bot.replacements import Claimed
from index.archive import StoredConversation


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Where a conversation is held: the platform, its channel (or DM), and the thread
    or the answer message that follow-ups continue."""

    platform: str
    channel: str
    thread: str


@dataclass(frozen=True, slots=True)
class Conversation:
    key: ConversationKey
    context: Context
    asker: str
    """Who asked its last question, as the query log names them (``slack:T1/U2``)."""
    answered_at: float
    """When the bot last answered in it, in seconds since the epoch."""
    root: str = ""
    """The thread of the conversation this one branched from, when each answer holds its
    own (a Discord reply chain: ``stop`` ends them all); empty for a conversation of its own."""

    @property
    def chain(self) -> str:
        """The thread naming the conversations this one is of: its root's, else its own."""
        return self.root or self.key.thread


def context_of(answer: Answer) -> Context:
    """What the next follow-up is read against after ``answer``: its claims, or, for a
    checked quotation, the articles that hold it ("who said it first?")."""
    found = [(claim.evidence, claim.also_in) for claim in answer.claims]
    if not found and answer.verification is not None:
        found = [(match.evidence, ()) for match in answer.verification.matches]
    claims = tuple(_claimed(lead, others) for lead, others in found)
    return Context(answer.read_as or answer.question, claims, answer.filters)


def _claimed(lead: Evidence, others: tuple[Evidence, ...]) -> Claimed:
    return Claimed(
        who=lead.who,
        words=claim_words(lead.quote, lead.who),
        date=lead.when.date if lead.when else None,
        when=lead.when.text if lead.when else None,
        spans=tuple((e.doc_id, e.start, e.end) for e in (lead, *others)),
    )


def stored(conversation: Conversation) -> StoredConversation:
    context = conversation.context
    state = {
        "question": context.question,
        "filters": asdict(context.filters),
        "claims": [asdict(claim) for claim in context.claims],
        "root": conversation.root,
    }
    key = conversation.key
    return StoredConversation(
        key.platform, key.channel, key.thread, conversation.asker, conversation.answered_at, json.dumps(state)
    )


def restored(row: StoredConversation) -> Conversation:
    """A kept conversation as it was stored (``stored``)."""
    state = json.loads(row.state)
    claims = tuple(
        Claimed(
            who=claim["who"],
            words=claim["words"],
            date=claim["date"],
            when=claim["when"],
            spans=tuple((str(doc_id), int(start), int(end)) for doc_id, start, end in claim["spans"]),
        )
        for claim in state["claims"]
    )
    context = Context(state["question"], claims, Filters(**state["filters"]))
    key = ConversationKey(row.platform, row.channel, row.thread)
    return Conversation(key, context, row.asker, row.answered_at, str(state.get("root", "")))
