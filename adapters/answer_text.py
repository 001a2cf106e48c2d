"""The answer as people read it in a terminal (``factcheck ask``), built with rich.

Article text goes into ``rich.text.Text`` objects, never into markup strings,
so brackets or asterisks in a quote are shown as the article wrote them; its
bidirectional controls are dropped (``adapters.display_text``).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from adapters.answer_view import DiffPiece, EvidenceView, VerificationView, answer_view
from bot import messages
from bot.answers import Answer

_VERDICT_STYLE = {"error": "red", "no_evidence": "yellow"}
_CHECK_STYLE = {"verbatim": "green", "altered": "yellow", "not_found": "red", "error": "red"}


def render_text(answer: Answer) -> RenderableType:
    view = answer_view(answer)
    heading: list[RenderableType] = [Text(view.question, style="bold")]
    if view.reading:
        heading.append(Text(view.reading, style="italic"))
    closing = [Text(view.conversation, style="dim")] if view.conversation else []
    if view.verdict is not None:
        return Group(*heading, Text(view.verdict, style=_VERDICT_STYLE[view.status]), *closing)
    parts: list[RenderableType] = [*heading]
    if view.verification is not None:
        parts.append(render_verification(view.verification))
    for event in view.events:
        reports = messages.articles_count(event.articles)
        parts.append(
            Text.assemble(
                (f"{event.date}  ", "bold"), (event.who, "cyan"), ": ", (event.words, "italic"), (f"  {reports}", "dim")
            )
        )
    for claim in view.claims:
        parts.append(Text(""))
        parts.append(Text.assemble((f"{claim.number}. ", "bold"), (claim.lead.quote, "italic")))
        parts.append(Padding(_details(claim.lead), (0, 0, 0, 3)))
        if claim.also_in:
            also = messages.ALSO_REPORTED_BY_COUNT.format(count=len(claim.also_in))
            parts.append(Padding(Text(also, style="bold"), (0, 0, 0, 3)))
            for other in claim.also_in:
                line = Text.assemble("• ", (other.source, "cyan"), ": ", (other.quote, "italic"))
                parts.append(Padding(line, (0, 0, 0, 5)))
    if view.note:
        parts.extend([Text(""), Text(view.note, style="yellow")])
    return Group(*parts, *closing)


def render_verification(view: VerificationView) -> RenderableType:
    """The verdict, then each match: the claim against the article's words, ``[-claimed-]``
    struck and ``{+article+}`` marked as ``git diff --word-diff`` shows them, and its source."""
    parts: list[RenderableType] = [Text(view.verdict, style=f"bold {_CHECK_STYLE[view.status]}")]
    for number, match in enumerate(view.matches, 1):
        parts.append(Text(""))
        line = Text.assemble((f"{number}. ", "bold"), (f"{match.verdict}: ", "bold"))
        line.append_text(word_diff(match.diff))
        parts.append(line)
        parts.append(Padding(_details(match.evidence), (0, 0, 0, 3)))
        if match.warning:
            parts.append(Padding(Text(match.warning, style="bold red"), (0, 0, 0, 3)))
    return Group(*parts)


def word_diff(diff: tuple[DiffPiece, ...]) -> Text:
    """The comparison in ``git diff --word-diff`` form, article text never read as markup."""
    text = Text()
    for piece in diff:
        if text:
            text.append(" ")
        if piece.op == "equal":
            text.append(piece.article, style="italic")
        elif piece.op == "omitted":
            text.append(f"{messages.OMITTED_MARK} ", style="dim")
            text.append(f"{{+{piece.article}+}}", style="dim")
        else:
            if piece.claimed:
                text.append(f"[-{piece.claimed}-]", style="red strike")
            if piece.claimed and piece.article:
                text.append(" ")
            if piece.article:
                text.append(f"{{+{piece.article}+}}", style="green bold")
    return text


def labelled(*lines: tuple[str, str | Text], indent: str = "") -> Text:
    """Lines of "Label: value", the values aligned after the longest label."""
    width = max(len(label) for label, _ in lines) + 2
    text = Text()
    for number, (label, value) in enumerate(lines):
        text.append(("\n" if number else "") + indent)
        text.append(f"{label + ':':<{width}}", style="bold")
        text.append(value)
    return text


def _details(evidence: EvidenceView) -> Text:
    source = Text.assemble((evidence.source, "cyan"), (f" [{evidence.location}]", "dim"))
    if evidence.url:
        source.append(f"\n{' ' * (len(messages.SOURCE_LABEL) + 2)}{evidence.url}", style="blue underline")
    return labelled(
        (messages.WHO_LABEL, evidence.who), (messages.WHEN_LABEL, evidence.when), (messages.SOURCE_LABEL, source)
    )
