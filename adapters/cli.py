"""The ``factcheck`` command line: ask, chat, verify, timeline, ingest, remove, quotes, eval, backup, serve.

With ``--json`` standard output holds only JSON lines, one per question, so a
script can pipe a list of claims through ``factcheck ask --json`` and read the
answers back in order; progress, logs and warnings go to standard error.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import asdict, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import Progress
from rich.text import Text

from adapters.answer_json import answer_to_dict, timeline_to_dict, verification_to_dict
from adapters.answer_text import labelled, render_text
from adapters.chat_cli import chat
from adapters.claim_review import ReviewSettings, claim_review
from adapters.eval_cli import eval_conversations, eval_questions
from adapters.logging_setup import LogSettings, start_logging
from adapters.serving import ServeOptions, serve
from adapters.startup_errors import EX_CONFIG
from bot import messages
from bot.answers import Answer, Filters, Verification
from bot.articles import Manifests, Problem, read_article
from bot.backups import back_up_database
from bot.errors import ConfigError, FactCheckError, QuestionError
from bot.factchecker import FactChecker
from bot.filters import checked_filter
from bot.settings import Settings, read_environment
from bot.statements import find_statements

log = logging.getLogger("factcheck")

DB_HELP = "the database file to use instead of FACTCHECK_DB's"
# Commands that change what the bot knows, or run it: saying which database they use
# shows at once an ingest that went to another database than the running bot's.
NAME_THE_DATABASE = ("ingest", "remove", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck", description="Verbatim, sourced answers from your newsroom's articles."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to standard error")
    parser.add_argument("--db", type=_path, metavar="PATH", help=DB_HELP)
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer a question (or one per line of standard input)")
    ask.add_argument(
        "question", nargs="*", help="the question; without it, questions are read one per line from standard input"
    )
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--limit", type=_positive, default=5, help="how many claims to show (default 5)")
    ask.add_argument("--outlet", type=_filter("outlet"), help="only articles whose outlet holds this (any case)")
    ask.add_argument("--by", type=_filter("by"), metavar="NAME", help="only statements by this speaker")
    ask.add_argument("--after", type=_filter("after"), metavar="YYYY-MM-DD", help="only statements on or after")
    ask.add_argument("--before", type=_filter("before"), metavar="YYYY-MM-DD", help="only statements on or before")

    chat = commands.add_parser("chat", help="ask questions one after another, each a follow-up of the one before")
    chat.add_argument("--json", action="store_true", help="print one JSON object per answer, with its reading")
    chat.add_argument("--limit", type=_positive, default=5, help="how many claims to show (default 5)")

    verify = commands.add_parser(
        "verify", help="check a claimed quotation against the articles (or one per line of standard input)"
    )
    verify.add_argument(
        "claim", nargs="*", help="the quoted words; without them, claims are read one per line from standard input"
    )
    verify.add_argument("--who", metavar="NAME", help="who the claim says spoke the words")
    verify.add_argument("--limit", type=_positive, default=3, help="how many matching articles to show (default 3)")
    shown = verify.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print one JSON object per claim")
    shown.add_argument("--claimreview", action="store_true", help="print a schema.org ClaimReview draft per claim")

    timeline = commands.add_parser("timeline", help="the statements about a topic, one line per event, by date")
    timeline.add_argument("topic", nargs="+", help="what the statements are about")
    timeline.add_argument("--json", action="store_true", help="print the timeline as one JSON object")
    timeline.add_argument("--limit", type=_positive, default=10, help="how many events to show (default 10)")

    ingest = commands.add_parser("ingest", help="add or update articles (.txt files or folders)")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read .txt files that are symbolic links (refused by default: a link can point at any readable file)",
    )

    remove = commands.add_parser("remove", help="take articles out of the store and the index")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC_ID")

    commands.add_parser("reindex", help="refit the whole index now (exact IDF again after much growth)")

    forget = commands.add_parser("forget", help="delete logged questions and the feedback on them")
    whose = forget.add_mutually_exclusive_group(required=True)
    whose.add_argument("--asker", help="one person's, as logged: slack:TEAM/USER, discord:GUILD/USER or local")
    whose.add_argument("--older-than", type=_whole, metavar="DAYS", help="everyone's, older than DAYS days")

    quotes = commands.add_parser("quotes", help="every attributed statement of articles (stored ids or .txt files)")
    quotes.add_argument("articles", nargs="+", metavar="DOC_ID|FILE")
    quotes.add_argument("--json", action="store_true", help="print one JSON object per statement")

    evaluation = commands.add_parser("eval", help="score the bot on a question set or conversations (.jsonl)")
    scored = evaluation.add_mutually_exclusive_group(required=True)
    scored.add_argument("file", type=Path, nargs="?", help="a question set, one question per line")
    scored.add_argument("--conversations", type=Path, metavar="FILE", help="conversations, one per line")

    backup = commands.add_parser("backup", help="copy the database, consistent even while the bot runs")
    backup.add_argument("path", type=_path, metavar="PATH", help="the copy to write: a new file")

    serve = commands.add_parser("serve", help="run the chat bot")
    serve.add_argument("platform", choices=["slack", "discord", "all"], help="which chat platform(s) to serve")
    serve.add_argument(
        "--http", action="store_true", help="Slack: serve /slack/events over HTTP instead of Socket Mode"
    )
    serve.add_argument("--port", type=_positive, default=3000, help="Slack HTTP port (default 3000)")
    serve.add_argument(
        "--health-port", type=_positive, metavar="N", help="serve GET /healthz on port N (Slack HTTP serves it anyway)"
    )
    serve.add_argument(
        "--host",
        help="the address to listen on (default: all interfaces for Slack HTTP, 127.0.0.1 for --health-port)",
    )
    for command in commands.choices.values():
        # Given after the command it is the command's; not given there, it leaves the
        # one given before the command in place.
        command.add_argument("--db", type=_path, metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the environment (and ``.env``) is read once, here, and every
    setting comes from that reading."""
    args = build_parser().parse_args(argv)
    try:
        env = read_environment()
        start_logging(LogSettings.from_env(env, verbose=args.verbose), sys.stderr)
        return asyncio.run(_run(args, env))
    except ConfigError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return EX_CONFIG
    except FactCheckError as exc:
        print(f"factcheck: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())


async def _run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    settings = Settings.from_env(env)
    if args.db is not None:
        settings = replace(settings, db_path=args.db)
    if args.command in NAME_THE_DATABASE:
        print(messages.DATABASE_IN_USE.format(path=settings.db_path.absolute()), file=sys.stderr, flush=True)
    if args.command == "serve":
        options = ServeOptions.from_env(
            env,
            platforms=("slack", "discord") if args.platform == "all" else (args.platform,),
            http=args.http,
            port=args.port,
            host=args.host,
            health_port=args.health_port,
        )
    if args.command == "quotes":
        return await _quotes(settings, args.articles, as_json=args.json)
    if args.command == "backup":
        await back_up_database(settings.db_path, args.path)
        print(messages.BACKED_UP.format(database=settings.db_path, copy=args.path))
        return 0
    async with FactChecker.open(settings) as checker:
        if args.command == "ask":
            return await _ask(checker, args)
        if args.command == "chat":
            return await chat(
                checker, as_json=args.json, limit=args.limit, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr
            )
        if args.command == "verify":
            return await _verify(checker, args, env)
        if args.command == "timeline":
            answer = await checker.timeline(" ".join(args.topic), limit=args.limit)
            if args.json:
                print(json.dumps(timeline_to_dict(answer), ensure_ascii=False))
            else:
                _show(answer, False, Console(file=sys.stdout, highlight=False), sys.stdout)
            return 0
        if args.command == "ingest":
            return await _ingest(checker, args.paths, follow_symlinks=args.follow_symlinks)
        if args.command == "remove":
            return await _remove(checker, args.doc_ids)
        if args.command == "forget":
            deleted = await checker.forget_questions(asker=args.asker, older_than_days=args.older_than)
            print(messages.QUESTIONS_FORGOTTEN.format(count=deleted))
            if args.asker is not None:
                ended = await checker.forget_conversations(asker=args.asker)
                print(messages.CONVERSATIONS_FORGOTTEN.format(count=ended))
            return 0
        if args.command == "reindex":
            await checker.rebuild_index()
            print(messages.INDEX_REBUILT)
            return 0
        if args.command == "serve":
            # What is loaded by now (libraries, the index) lives as long as the process. Frozen
            # out of the collector's reach, it is no longer walked by every full collection,
            # which holds up the event loop for as long as the walk takes.
            gc.freeze()
            await serve(checker, options)
            return 0
        if args.conversations is not None:
            return await eval_conversations(checker, args.conversations)
        return await eval_questions(checker, args.file)


async def _ask(checker: FactChecker, args: argparse.Namespace) -> int:
    out = Console(file=sys.stdout, highlight=False)
    filters = Filters(args.outlet, args.by, args.after, args.before)
    if args.question:
        # Arguments that are not UTF-8 reach Python with their bad bytes as lone
        # surrogates (PEP 383), which no UTF-8 log or output can hold: turned back
        # into those bytes, they are refused as an unreadable line on standard input is.
        raw = " ".join(args.question).encode("utf-8", "surrogateescape")
        _show(await _ask_bytes(checker, raw, args.limit, filters), args.json, out, sys.stdout)
        return 0
    for line in sys.stdin.buffer:
        _show(await _ask_bytes(checker, line.rstrip(b"\r\n"), args.limit, filters), args.json, out, sys.stdout)
    return 0


async def _verify(checker: FactChecker, args: argparse.Namespace, env: Mapping[str, str]) -> int:
    out = Console(file=sys.stdout, highlight=False)
    review = ReviewSettings.from_env(env)
    claims = [" ".join(args.claim).encode("utf-8", "surrogateescape")] if args.claim else sys.stdin.buffer
    for raw in claims:
        answer = await _verify_bytes(checker, raw.rstrip(b"\r\n"), args.who, args.limit)
        checked = answer.verification
        if checked is not None and (args.json or args.claimreview):
            shown = (
                claim_review(checked, review, dt.date.today()) if args.claimreview else verification_to_dict(checked)
            )
            sys.stdout.write(json.dumps(shown, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _show(answer, False, out, sys.stdout)
    return 0


async def _verify_bytes(checker: FactChecker, raw: bytes, who: str | None, limit: int) -> Answer:
    """The check of a claim given as bytes; bytes that are not UTF-8 are refused as ``ask`` refuses them."""
    try:
        claim = raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw.decode("utf-8", "replace")
        failed = Verification(shown, who, "error", error=messages.UNREADABLE_QUESTION)
        return Answer(question=shown, status="error", error=messages.UNREADABLE_QUESTION, verification=failed)
    return await checker.verify(claim, who=who, limit=limit)


async def _ask_bytes(checker: FactChecker, raw: bytes, limit: int, filters: Filters) -> Answer:
    """The answer to a question given as bytes; bytes that are not UTF-8 get an error
    answer (the question shown with replacement characters) and are never asked."""
    try:
        question = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Answer(question=raw.decode("utf-8", "replace"), status="error", error=messages.UNREADABLE_QUESTION)
    return await checker.ask(question, limit=limit, filters=filters)


def _show(answer: Answer, as_json: bool, console: Console, stream: TextIO) -> None:
    if as_json:
        stream.write(json.dumps(answer_to_dict(answer), ensure_ascii=False) + "\n")
        stream.flush()
    else:
        console.print(render_text(answer))
        console.print()


async def _ingest(checker: FactChecker, paths: list[Path], *, follow_symlinks: bool) -> int:
    err = Console(file=sys.stderr)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(messages.INGESTING, total=None)
        results = await checker.ingest(
            paths,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
            follow_symlinks=follow_symlinks,
        )
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.reason:
            print(f"{result.path}: {result.status}: {result.reason}", file=sys.stderr)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or messages.NOTHING_INGESTED
    print(messages.INGESTED.format(summary=summary))
    return 1 if counts.get("failed") or counts.get("refused") or not results else 0


async def _remove(checker: FactChecker, doc_ids: list[str]) -> int:
    removed = await checker.remove(doc_ids)
    for doc_id, existed in removed.items():
        print((messages.REMOVED if existed else messages.NOT_REMOVED).format(doc_id=doc_id))
    return 0 if all(removed.values()) else 1


async def _quotes(settings: Settings, names: list[str], *, as_json: bool) -> int:
    """Print the statements of each article named: a file is read and analysed
    without being stored, and the database is opened only for stored ids."""
    out = Console(file=sys.stdout, highlight=False)
    manifests = Manifests()
    failed = False
    async with AsyncExitStack() as stack:
        checker: FactChecker | None = None
        for name in names:
            path = Path(name)
            if path.is_file():
                article = await asyncio.to_thread(read_article, path, manifests.metadata(path))
                if isinstance(article, Problem):
                    print(f"factcheck quotes: {name}: {article.reason}", file=sys.stderr)
                    failed = True
                    continue
                doc_id = article.doc_id
                found = await asyncio.to_thread(find_statements, article.text, article.metadata.published)
            else:
                if checker is None:
                    checker = await stack.enter_async_context(FactChecker.open(settings))
                doc_id = name
                stored = await checker.statements(name)
                if stored is None:
                    print(f"factcheck quotes: {name}: {messages.UNKNOWN_ARTICLE}", file=sys.stderr)
                    failed = True
                    continue
                found = stored
            for statement in found:
                if as_json:
                    record = {
                        "doc_id": doc_id,
                        "start": statement.start,
                        "end": statement.end,
                        "quote": statement.quote,
                        "who": statement.who,
                        "who_start": statement.who_start,
                        "who_end": statement.who_end,
                        "cue": statement.cue,
                        "when": asdict(statement.when) if statement.when else None,
                    }
                    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                    continue
                who, when = statement.who or messages.SPEAKER_UNKNOWN, messages.when_label(statement.when)
                block = Text.assemble((statement.quote, "italic"), "\n")
                block.append(labelled((messages.WHO_LABEL, who), (messages.WHEN_LABEL, when), indent="   "))
                at = messages.PASSAGE_AT.format(file=doc_id, start=statement.start, end=statement.end)
                block.append(f"\n   [{at}]", style="dim")
                out.print(block)
                out.print()
    sys.stdout.flush()
    return 1 if failed else 0


def _version() -> str:
    try:
        return version("newsroom-factcheck")
    except PackageNotFoundError:
        return messages.NOT_INSTALLED


def _filter(name: str) -> Callable[[str], str]:
    """An option read as the filter ``name:`` in a question is."""

    def checked(value: str) -> str:
        try:
            return checked_filter(name, value)
        except QuestionError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    checked.__name__ = name
    return checked


def _path(value: str) -> Path:
    return Path(value).expanduser()


def _positive(value: str) -> int:
    number = _whole(value)
    if number < 1:
        raise argparse.ArgumentTypeError(messages.NOT_POSITIVE)
    return number


def _whole(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(messages.NOT_WHOLE.format(value=value))
    return int(value)


if __name__ == "__main__":
    run()
