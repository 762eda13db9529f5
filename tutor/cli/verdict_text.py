"""A verdict as text for a person at a terminal (``check``, ``watch``)."""

from __future__ import annotations

from dataclasses import replace

import click

from exercises.model import Exercise
from grader.verdict import Verdict
from tutor.prompt_text import in_prompt_notation


def format_verdict(
    verdict: Verdict, *, colour: bool = True, exercise: Exercise | None = None
) -> str:
    """The verdict as text; with ``exercise``, the grader's messages name dimensions as its
    prompt does (``n[l+1]``, not ``n_next``)."""
    if exercise is not None:
        verdict = replace(
            verdict,
            feedback=in_prompt_notation(exercise, verdict.feedback or ""),
            checks=type(verdict.checks)(
                replace(c, message=in_prompt_notation(exercise, c.message or "") or c.message)
                for c in verdict.checks
            ),
        )
    return verdict.describe(click.style if colour else (lambda text, **kw: text))
