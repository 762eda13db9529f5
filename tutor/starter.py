"""The file a learner edits in their own editor (`start`, the tutor's $EDITOR action, `watch`).

It begins with the ``# exercise:`` header (and for a family's variant ``# variant: N``), so
`check`, `watch` and `grade` know what it answers;
what follows is the kind's (``grader.kinds``).
"""

from __future__ import annotations

from exercises.model import Exercise
from grader.kinds import kind_of
from tutor.mathtext import render_markdown_math


def starter_text(ex: Exercise) -> str:
    """The file a learner edits: the exercise header, then the starter (or an answer stub)."""
    header = f"# exercise: {ex.qualified_id}\n"
    if ex.variant is not None:
        header += f"# variant: {ex.variant}\n"
    return header + kind_of(ex).starter_body(ex, render_markdown_math)


def starter_filename(ex: Exercise) -> str:
    return f"{ex.pack}__{ex.id}" + kind_of(ex).starter_suffix
