"""Every sentence the bot says to a person, in one place so wording is reviewed once.

A person reads these in chat, in a terminal, or in the one line ``factcheck`` prints when a
setting is wrong or the service cannot start. Log lines written for an operator stay beside
the code that writes them; help text stays beside the option or command it describes.
"""

from bot.answers import Answer, Evidence, Filters, QuoteMatch, Verification, When

EMPTY_QUESTION = "Please type a question after the command, e.g. “Who denied the arms deal?”"
UNREADABLE_QUESTION = "This question is not UTF-8 text and cannot be read."
QUESTION_TOO_LONG = "That question is {length:,} characters long; please keep it under {limit:,}."
NO_SEARCHABLE_WORDS = "The question has no words to search for; please ask in words."
EMPTY_FILTER = "The filter {name}: needs a value, e.g. {name}:Reuters or {name}:2022-11-01."
BAD_FILTER_DATE = "The filter {name}: needs a date as YYYY-MM-DD, e.g. {name}:2022-11-01, not “{value}”."
NOTHING_PASSES = "No article {parts}."
FROM_OUTLET = "from {outlet}"
SPOKEN_BY = "quoting {by}"
AFTER_DATE = "after {date}"
BEFORE_DATE = "before {date}"
CLAIM_TOO_COMMON = (
    "Every word of this quotation is too common to look up; please quote a longer stretch, with a rarer word."
)
DATABASE_UNREADABLE = (
    "{reason}. Move the file aside (or set FACTCHECK_DB to a new path) and run "
    "`factcheck ingest` again to rebuild it from the articles."
)
DATABASE_DAMAGED = "the database {path} is unreadable ({detail})"
DATABASE_FOREIGN = (
    "{reason}. Set FACTCHECK_DB to another path (a new database is made there) and run "
    "`factcheck ingest` on the articles."
)
READ_ONLY = "the database {path} is read-only ({detail})"
FOLDER_READ_ONLY = "the folder of the database {path} is read-only ({detail})"
NO_SPACE_LEFT = "no space is left for the database {path} ({detail})"
DATABASE_READ_ONLY = (
    "{problem}: questions are still answered, without being logged, but nothing can be ingested or removed. "
    "Give the user the bot runs as write access to the file and its folder, then run the command again; "
    "nothing needs rebuilding."
)
DATABASE_FOLDER_READ_ONLY = (
    "{problem}: SQLite cannot read it without making {path}-wal and {path}-shm beside it. Give the user the bot "
    "runs as write access to the folder (the file itself may stay read-only), then run the command again; "
    "nothing needs rebuilding."
)
DATABASE_FULL = (
    "{problem}: questions are still answered from the index as it is, without being logged, but nothing can be "
    "ingested or removed. Free some space on its disk, then run the command again; nothing needs rebuilding."
)
CONVERSATIONS_NOT_KEPT = (
    "{problem}: conversations in threads go on, but end if the bot restarts, until it can be written"
)
QUESTIONS_NOT_LOGGED = (
    "{problem}: questions are answered but not logged, and old ones not deleted, until it can be written"
)
NO_EVIDENCE = "No article supports an answer to this question."
VERBATIM_IN = "Verbatim in {where}"
OTHER_REPORTS = "{count} other report{s}"
WORDED_OTHERWISE = "{count} other report{s} word{verb} it differently"
ALTERED = "Altered: {changes}"
CHANGED_WORDS = "“{claimed}” where the article says “{article}”"
ADDED_WORDS = "“{claimed}”, which the article does not have"
LEFT_OUT_WORDS = "“{article}” left out"
MORE_CHANGES = "and {count} more change{s}"
NOT_IN_ARCHIVE = "Not found in the archive."
SPOKEN_BY_ANOTHER = "The article gives these words to {who}, not to {claimed}."
CLAIM_LABEL = "Claim"
OMITTED_MARK = "[…]"
ARTICLES_COUNT = "({count} article{s})"
SEARCHED_INSTEAD = "No article has “{word}”; searched “{fix}” instead."
NOT_MENTIONED = "No article mentions {terms}."
INTERNAL_ERROR = "Something went wrong while answering; the details are in the bot's log."
SPEAKER_UNKNOWN = "not named in the article"
DATE_UNKNOWN = "unknown"
ALSO_REPORTED_BY = "Also reported by:"
ALSO_REPORTED_BY_COUNT = "Also reported by ({count}):"
WHO_LABEL = "Who"
WHEN_LABEL = "When"
SOURCE_LABEL = "Source"
PASSAGE_AT = "{file}, characters {start}-{end}"
HEADLINE = "Headline"
AND_MORE = "and {count} more"
QUOTE_TRUNCATED = "Quote shortened here; the full text is characters {start}-{end} of {file}."
HELPFUL_BUTTON = "👍 Right"
UNHELPFUL_BUTTON = "👎 Wrong"
SHARE_BUTTON = "Share in channel"
SHARE_GONE = (
    "This answer can no longer be shared: private answers are kept for sharing for a day, and not across "
    "a restart of the bot. Ask again, privately, and share the new answer."
)
ALREADY_SHARED = "This answer has already been shared in the channel."
SHARE_RATE_LIMITED = "You are sharing faster than this channel allows; please wait a minute and press Share again."
SHARE_IN_THREAD_BUTTON = "Share in thread"
USAGE_DISCORD = (
    "Ask about the newsroom's articles and get verbatim, sourced quotes:\n"
    "• `/factcheck question: who denied the arms deal?` (set `private` to see the answer alone)\n"
    "• or mention me with a question, and I reply to your message\n"
    "• `/verify claim: we have never had arms deals with Russia` checks a quotation word for word\n"
    "• *Apps → Fact-check* on any message checks its quotation (or its question) and shows you alone\n"
    "• or send me a direct message with a question"
)
READING_AS = "Reading this as: {reading}"
CONVERSATION_STARTED = "I will answer further questions in this thread without a mention; send `stop` to end that."
CONVERSATION_ENDED = "Stopped: I will answer here again when mentioned."
DIRECT_CONVERSATION_ENDED = "Stopped: I will read your next message on its own."
CONVERSATION_BY_REPLY = "Reply to this answer (with the ping on) to ask a follow-up question; reply `stop` to end that."
CONVERSATION_IN_DISCORD_THREAD = "Mention me in this thread to ask a follow-up question; send `stop` to end that."
NOTHING_TO_CHECK = "This message has no text to fact-check."
NOT_SET_UP_HERE = "This bot is not set up for this server."
RATE_LIMITED = "You are asking faster than this channel allows; please wait a minute and ask again."
RESTARTING = "The fact-check bot is restarting; please ask again in a minute."
FEEDBACK_THANKS = "Thanks, your feedback on this answer is recorded."
FEEDBACK_LOST = "That answer is no longer in the log, so the feedback could not be recorded."
USAGE = (
    "Ask about the newsroom's articles and get verbatim, sourced quotes:\n"
    "• `/factcheck who denied the arms deal?` answers in the channel\n"
    "• `/factcheck private who denied the arms deal?` answers only you\n"
    "• mention the bot with a question to get the answer in a thread\n"
    '• `/factcheck verify who:"John Kirby" we have never had arms deals with Russia` checks a quotation '
    "(`who:` and `private` are optional)\n"
    "• on any message, *More actions → Fact-check this message*, or send me a direct message"
)

NOT_UTF8 = "not UTF-8 text ({detail})"
NOT_TEXT = "not a text article (it contains binary data)"
EMPTY_ARTICLE = "the file is empty"
TOO_LARGE = "the file is {size:,} bytes; the limit is {limit:,}"
NO_CONTENT = "no article text found (only headings or site chrome)"
DOC_ID_TAKEN = "the id {doc_id!r} is already used by {other}; remove it first with `factcheck remove {doc_id}`"
DUPLICATE_OF = "the same text is already stored as {doc_id!r}"
NOT_FOUND = "no such file or folder"
DEMO_SEEDS_REMOVED = (
    "the {count} demo seed articles were removed to make way for your own; set FACTCHECK_SEEDS to keep seeds"
)
NOT_AN_ARTICLE = "only .txt files are articles"
SYMLINK_REFUSED = (
    "a symbolic link (to {target}), refused so that a link cannot publish a file from elsewhere; "
    "`factcheck ingest --follow-symlinks` reads it"
)
MANIFEST_BROKEN = "manifest {path} is malformed ({detail}); its articles are read without metadata"
MANIFEST_MISSING_FILE = "manifest {path} lists {file}, which does not exist"
MANIFEST_BAD_DATE = "manifest {path}: {file} has published = {value!r}, not an ISO date; it is ignored"
MANIFEST_WITHOUT_FILE = "each [[article]] needs a file = ... line"
BAD_BYTE = "bad byte at offset {offset}"

# The command line (``factcheck``); each line it prints to standard error starts with the command's name.
DATABASE_IN_USE = "Using the database {path}"
UNKNOWN_ARTICLE = "no file by this name, and no stored article with this id"
BACKED_UP = "Backed up {database} to {copy}."
QUESTIONS_FORGOTTEN = "Deleted {count} logged question(s) and the feedback on them."
CONVERSATIONS_FORGOTTEN = "Deleted {count} conversation(s) in threads whose last question was theirs."
CHAT_NEW_CONVERSATION = "New conversation: the next question is read on its own."
CHAT_PROMPT = "> "
INDEX_REBUILT = "Index rebuilt."
INGESTING = "Ingesting"
INGESTED = "Ingested: {summary}."
NOTHING_INGESTED = "no articles found"
REMOVED = "removed: {doc_id}"
NOT_REMOVED = "not found: {doc_id}"
CASES_UNREADABLE = "cannot read {file}: {detail}"
NOT_A_CASE = "line {number} is not a question record: {detail}"
NOT_A_CONVERSATION = "line {number} is not a conversation record: {detail}"
EVAL_FAILURES = "Failures:"
NOT_POSITIVE = "must be 1 or more"
NOT_WHOLE = "{value!r} is not a whole number"
NOT_INSTALLED = "(not installed: run from a source folder)"

# Settings and start-up: one line, naming the variable to fix (a token is named, never shown).
NEEDS_SETTINGS = "{platform} needs {names} (set in the environment or .env)"
WHOLE_NUMBER_SETTING = "{name} must be a whole number of at least {lowest}, not {raw!r}"
SECONDS_SETTING = "{name} must be a number of seconds, 0 or more, not {raw!r}"
CHOICE_SETTING = "{name} must be one of {choices}, not {raw!r}"
SERVER_ID_SETTING = "{name} must be a server id (digits), not {raw!r}"
SERVER_IDS_SETTING = "{name} must be server ids (digits) separated by commas; {wrong!r} is not a server id"
GUILD_NOT_SERVED = (
    "DISCORD_GUILD_ID {guild_id} is not in DISCORD_GUILDS: the bot would leave the server it syncs its "
    "command to; add it to DISCORD_GUILDS"
)
TOKEN_REFUSED = "{platform} refused {variable} ({detail}); {fix}, set it and start again"
SLACK_TOKEN_AGAIN = "copy it again from the app's page at api.slack.com/apps"
DISCORD_TOKEN_AGAIN = "copy it again from the Developer Portal (Bot, Reset Token)"
API_FAILED_AT_START = "{platform}'s API at {url} answered {detail} at start; try again later"
API_UNREACHABLE = "cannot reach {platform}'s API at {url} ({reason}); check the network, then start again"
PORT_IN_USE = "{where} is in use by another process; stop it or choose another {option}"
CANNOT_LISTEN = "cannot listen on {where}: {reason}"
LISTENING_ON = "port {port} on {host}"
ALL_INTERFACES = "all interfaces"
INTENT_REFUSED = "Discord refused an intent this bot should not request; please report this"


def answer_note(answer: Answer) -> str | None:
    """What every renderer says beside the claims: the words no article holds, and the
    known words searched for misspelt ones."""
    notes = [no_article_mentions(answer.question, answer.missing_terms)]
    notes.extend(SEARCHED_INSTEAD.format(fix=fix, word=word) for word, fix in answer.corrections)
    return " ".join(note for note in notes if note) or None


def no_article_mentions(question: str, terms: tuple[str, ...]) -> str | None:
    """ "No article mentions China or India.", with each term as the asker wrote it."""
    if not terms:
        return None
    lowered = question.casefold()
    shown = []
    for term in terms:
        at = lowered.find(term)
        shown.append(question[at : at + len(term)] if at >= 0 else term)
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    return NOT_MENTIONED.format(terms=listed)


def verification_verdict(checked: Verification) -> str:
    """The verdict on a claimed quotation in one line: where it is verbatim, what was
    altered, or that the archive does not hold it."""
    if checked.status == "error":
        return checked.error or INTERNAL_ERROR
    if checked.status == "not_found" or not checked.matches:
        return NOT_IN_ARCHIVE
    lead, others = checked.matches[0], checked.matches[1:]
    if lead.verdict == "altered":
        changes = [_change(d.op, d.claimed, d.article) for d in lead.diff if d.op in ("changed", "added", "missing")]
        shown = changes[:2] + (
            [MORE_CHANGES.format(count=len(changes) - 2, s=_s(len(changes) - 2))] if len(changes) > 2 else []
        )
        return ALTERED.format(changes="; ".join(shown)) + "."
    same = sum(match.verdict == "verbatim" for match in others)
    line = VERBATIM_IN.format(where=_where(lead.evidence))
    if same:
        line += " and " + OTHER_REPORTS.format(count=same, s=_s(same))
    if worded := len(others) - same:
        line += "; " + WORDED_OTHERWISE.format(count=worded, s=_s(worded), verb="" if worded > 1 else "s")
    return line + "."


def nothing_passes(filters: Filters) -> str:
    """ "No article from Asia News after 2022-12-01.": which filters left nothing to search."""
    parts = [
        FROM_OUTLET.format(outlet=filters.outlet) if filters.outlet else None,
        SPOKEN_BY.format(by=filters.by) if filters.by else None,
        AFTER_DATE.format(date=filters.after) if filters.after else None,
        BEFORE_DATE.format(date=filters.before) if filters.before else None,
    ]
    return NOTHING_PASSES.format(parts=" ".join(part for part in parts if part))


def articles_count(count: int) -> str:
    """ "(4 articles)": how many articles carry a timeline's event."""
    return ARTICLES_COUNT.format(count=count, s=_s(count))


def speaker_warning(claimed: str | None, match: QuoteMatch) -> str | None:
    """Said when the article attributes the claimed words to someone else."""
    if match.speaker != "different" or not claimed:
        return None
    return SPOKEN_BY_ANOTHER.format(who=match.evidence.who, claimed=claimed)


def _change(op: str, claimed: str, article: str) -> str:
    if op == "changed":
        return CHANGED_WORDS.format(claimed=claimed, article=article)
    return ADDED_WORDS.format(claimed=claimed) if op == "added" else LEFT_OUT_WORDS.format(article=article)


def _where(evidence: Evidence) -> str:
    """A report as a verdict names it: its outlet and date, else its id."""
    source = evidence.source
    if source.outlet:
        return f"{source.outlet} ({source.published})" if source.published else source.outlet
    return source.doc_id


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def when_label(when: When | None) -> str:
    """How a date reads to a person: the ISO date first, then the article's words."""
    if when is None:
        return DATE_UNKNOWN
    if when.basis == "published":
        return f"{when.date} (date of publication; the passage gives no time)" if when.date else DATE_UNKNOWN
    return f"{when.date} (“{when.text}”)" if when.date else f"“{when.text}” (no date can be worked out)"


def source_label(title: str | None, outlet: str | None, published: str | None, *, headline: bool = False) -> str:
    """The source as people read it; a quote that is the article's headline says so,
    since a headline is the desk's summary, not a speaker's words."""
    parts = [f"“{title}”" if title else "Untitled article", outlet or "outlet unknown", published or "date unknown"]
    label = ", ".join(parts)
    return f"{HEADLINE}: {label}" if headline else label


# A storage failure that is neither damage nor the disk's (``bot.errors.database_error``).
DATABASE_BUSY = (
    "the database {path} is locked by another process ({detail}), which held it longer than the bot waits: "
    "an ingest, a reindex or another program's open transaction. Wait until it is done (or stop it), "
    "then run the command again; nothing needs rebuilding."
)
