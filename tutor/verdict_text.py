"""A verdict as text for a person at a terminal (``check``, ``watch``)."""

from __future__ import annotations

import click

from grader.verdict import Verdict


def format_verdict(verdict: Verdict, *, colour: bool = True) -> str:
    return verdict.describe(click.style if colour else (lambda text, **kw: text))
