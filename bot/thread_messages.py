"""Which chat messages in a conversation's thread the bot reads, the same on every platform.

Once the bot has answered in a thread, a later message there is a follow-up when
it reads as a question: it ends in "?", or opens with a question word, "and",
"what about" or "how about" ("thanks" and "good catch" are not). ``stop`` ends the
conversation, alone or after a mention of the bot, in any case. The adapters
decide which messages reach these (a thread the bot answered, no other user
mentioned); a mention is any of the platforms' forms: ``<@U123>``, ``<@!123>``,
``@factcheck``.
"""

from __future__ import annotations

import re

from bot.tokens import word_set

# The words a follow-up may open with before what it asks ("and so, what did he say?"),
# as a pattern for the readers of follow-ups to build on.
OPENING_WORD = r"(?:(?:and|so|but|then|ok|okay)\b[\s,]*)"
_MENTIONS = re.compile(r"^\s*(?:(?:<@[!&]?[\w.-]+>|@[\w.-]+)[\s,:]*)+")
_QUESTION_WORDS = word_set(
    "who whom whose what when where why how which is are was were do does did can could will would should has have "
    "had may might must and"
)
_ABOUT = re.compile(r"^(?:what|how)\s+about\b", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[^\W_]+")
_STOP = re.compile(r"stop[\s.!]*", re.IGNORECASE)


def without_mentions(text: str) -> str:
    """``text`` without the mentions it opens with."""
    return _MENTIONS.sub("", text, count=1).strip()


def reads_as_question(text: str) -> bool:
    """Whether a message in a conversation's thread asks the bot something."""
    said = without_mentions(text)
    if said.endswith("?") or _ABOUT.match(said):
        return True
    first = _FIRST_WORD.match(said)
    return first is not None and first.group().lower() in _QUESTION_WORDS


def is_stop(text: str) -> bool:
    """Whether the message asks the bot to stop answering in the thread: ``stop``, alone or after a mention."""
    return _STOP.fullmatch(without_mentions(text)) is not None
