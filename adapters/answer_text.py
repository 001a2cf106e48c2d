"""The answer as people read it in a terminal (``factcheck ask``), built with rich.

Article text goes into ``rich.text.Text`` objects, never into markup strings,
so brackets or asterisks in a quote are shown as the article wrote them; its
bidirectional controls are dropped (``adapters.display_text``).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from adapters.display_text import for_display
from bot import messages
from bot.answers import Answer, Evidence


def render_text(answer: Answer) -> RenderableType:
    answer = for_display(answer)
    heading = Text(answer.question, style="bold")
    if answer.status == "error":
        return Group(heading, Text(answer.error or messages.INTERNAL_ERROR, style="red"))
    missing = messages.answer_note(answer)
    if answer.status == "no_evidence":
        return Group(heading, Text(" ".join(filter(None, [messages.NO_EVIDENCE, missing])), style="yellow"))
    parts: list[RenderableType] = [heading]
    for number, claim in enumerate(answer.claims, 1):
        parts.append(Text(""))
        parts.append(Text.assemble((f"{number}. ", "bold"), (claim.evidence.quote, "italic")))
        parts.append(Padding(_details(claim.evidence), (0, 0, 0, 3)))
        if claim.also_in:
            parts.append(Padding(Text(f"Also reported by ({len(claim.also_in)}):", style="bold"), (0, 0, 0, 3)))
            for other in claim.also_in:
                line = Text.assemble("• ", (_source(other), "cyan"), ": ", (other.quote, "italic"))
                parts.append(Padding(line, (0, 0, 0, 5)))
    if missing:
        parts.extend([Text(""), Text(missing, style="yellow")])
    return Group(*parts)


def _details(evidence: Evidence) -> Text:
    when = evidence.when
    lines = Text()
    lines.append("Who:    ", style="bold")
    lines.append(evidence.who or messages.SPEAKER_UNKNOWN)
    lines.append("\nWhen:   ", style="bold")
    lines.append(messages.when_label(when.text, when.date, when.basis) if when else messages.DATE_UNKNOWN)
    lines.append("\nSource: ", style="bold")
    lines.append(_source(evidence), style="cyan")
    lines.append(f" [{evidence.source.file}, characters {evidence.start}-{evidence.end}]", style="dim")
    if evidence.source.url:
        lines.append(f"\n        {evidence.source.url}", style="blue underline")
    return lines


def _source(evidence: Evidence) -> str:
    s = evidence.source
    return messages.source_label(s.title, s.outlet, s.published, headline=evidence.headline)
