"""The verdict panel: status, score, the named mistake, feedback, checks, counterexample."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from exercises.model import Exercise
from grader.verdict import STATUS_COLOURS, Verdict
from tutor.mathtext import render_markdown_math
from tutor.prompt_text import in_prompt_notation

STATUS_HEADINGS = {
    "passed": "✔ Solved",
    "wrong": "✗ Not yet",
    "error": "⚠ Could not check",
    "timeout": "⏱ Timed out",
    "resource-limit": "⚠ Resource limit",
}


def _counterexample(value: Any) -> Text:
    """A counterexample from the expression grader: a dict of values, or already text."""
    if isinstance(value, dict):
        lines = [f"  {key} = {val}" for key, val in value.items()]
        return Text("\n".join(lines))
    return Text(f"  {value}")


def verdict_renderable(verdict: Verdict, exercise: Exercise | None = None) -> Text:
    """The verdict, its grader-made messages in the notation of the exercise's prompt."""

    def shown(text: str) -> str:
        return in_prompt_notation(exercise, text)

    heading = Text.assemble(
        (
            STATUS_HEADINGS.get(verdict.status, verdict.status),
            f"bold {STATUS_COLOURS.get(verdict.status, '')}".strip(),
        ),
        (f"   score {verdict.score:.2f}", "dim"),
    )
    parts: list[Any] = [heading]
    if verdict.mistake:
        parts.append(Text.assemble(("Mistake: ", "bold"), (verdict.mistake, "bold red")))
    if verdict.feedback:
        parts.append(Text(shown(render_markdown_math(verdict.feedback).strip())))
    for check in verdict.shown_checks():
        mark = ("✓ ", "green") if check.passed else ("✗ ", "red")
        parts.append(
            Text.assemble(
                mark, (check.name, "bold"), f": {shown(check.message)}" if check.message else ""
            )
        )
    counterexample = verdict.extra.get("counterexample")
    if counterexample:
        parts.append(
            Text("Counterexample (your answer and the expected one differ here):", style="bold")
        )
        parts.append(_counterexample(counterexample))
    output = verdict.extra.get("output")
    if output:
        parts.append(Text("Your code printed:", style="bold"))
        parts.append(Text(str(output).rstrip()[:2000], style="dim"))
    return Text("\n").join(parts)


class VerdictView(Static):
    """Shows the latest verdict, or a line saying how to get one."""

    DEFAULT_CLASSES = "-empty"

    def show_verdict(self, verdict: Verdict, exercise: Exercise | None = None) -> None:
        self.remove_class("-empty", "passed", "wrong", "error", "timeout", "resource-limit")
        self.add_class(verdict.status)
        self.update(verdict_renderable(verdict, exercise))

    def show_hint_line(self, text: str) -> None:
        self.add_class("-empty")
        self.update(Text(text, style="dim"))
