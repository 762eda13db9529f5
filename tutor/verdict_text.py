"""A verdict as text for a person at a terminal (``check``, ``watch``)."""

from __future__ import annotations

import click

from exercises.model import Exercise
from grader.verdict import Verdict
from tutor.prompt_text import in_prompt_notation

_COLOURS = {"passed": "green", "wrong": "red", "error": "yellow", "timeout": "magenta",
            "resource-limit": "magenta"}


def format_verdict(verdict: Verdict, *, colour: bool = True,
                   exercise: Exercise | None = None) -> str:
    """The verdict as lines of text; with ``exercise``, grader messages name dimensions as
    its prompt does."""
    style = (lambda text, **kw: click.style(text, **kw)) if colour else (lambda text, **kw: text)
    head = style(verdict.status.upper(), fg=_COLOURS.get(verdict.status), bold=True)
    lines = [f"{head}  {verdict.exercise}  score {verdict.score:.2f}  "
             f"({verdict.elapsed_ms:.0f} ms)"]
    if verdict.mistake:
        lines.append(f"Mistake: {verdict.mistake}")
    if verdict.feedback:
        lines.append(in_prompt_notation(exercise, verdict.feedback))
    for check in verdict.checks:
        mark = style("✓", fg="green") if check.passed else style("✗", fg="red")
        message = in_prompt_notation(exercise, check.message) if check.message else ""
        lines.append(f"  {mark} {check.name}" + (f": {message}" if message else ""))
    return "\n".join(lines)
