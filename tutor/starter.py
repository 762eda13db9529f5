"""The file a learner edits in their own editor (`start`, the tutor's $EDITOR action, `watch`).

It begins with the ``# exercise:`` header, so `check`, `watch` and `grade` know what it answers.
"""

from __future__ import annotations

from exercises.model import Exercise
from tutor.mathtext import render_markdown_math


def starter_text(ex: Exercise) -> str:
    """The file a learner edits: the exercise header, then the starter (or an answer stub)."""
    header = f"# exercise: {ex.qualified_id}\n"
    if ex.variant is not None:
        header += f"# variant: {ex.variant}\n"
    if ex.code is not None:
        return header + ex.code.starter.read_text(encoding="utf-8")
    what = "the key of one option" if ex.kind == "choice" else "your expression"
    options = ""
    if ex.choice is not None:
        options = "# Options:\n" + "".join(
            f"#   ({o.key}) {' '.join(render_markdown_math(o.text).split())}\n"
            for o in ex.choice.options)
    return (f"{header}# {ex.title}\n{options}# Lines starting with # are ignored. "
            f"Write {what} below, then run:\n#   backprop-tutor check <this file>\n\n")


def starter_filename(ex: Exercise) -> str:
    return f"{ex.pack}__{ex.id}" + (".py" if ex.code is not None else ".txt")
