"""Live preview for the answer box: how the input was understood, its shape, or the error.

Called by the TUI on every keystroke, so it must stay cheap: it never imports sympy or numpy
(only the parser, the shape inference and the renderer), and a parsed exercise is cached.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercises.model import Exercise
from grader.expr.compiled import compile_spec
from grader.expr.errors import ExprError
from grader.expr.render import render
from grader.expr.shapes import show


@dataclass(frozen=True)
class Preview:
    text: str
    """The input as given."""
    rendering: str = ""
    """Pretty Unicode with explicit grouping (``(y ⊙ σ'(A x)) xᵀ``); empty on error."""
    shape: str = ""
    """Inferred shape (``m×n``; parts joined by ``, ``)."""
    error: str = ""
    """The error message (with its column), empty when the input is well-formed."""
    column: int | None = None
    caret: str = ""
    """The input and a caret line under the faulty part."""

    @property
    def ok(self) -> bool:
        return not self.error


def preview(exercise: Exercise, text: str) -> Preview:
    """What ``text`` means in ``exercise`` (an expression exercise), never raising."""
    if exercise.expression is None:
        return Preview(text, error="this exercise does not take an expression")
    try:
        parsed = compile_spec(exercise.expression).read(text)
    except ExprError as e:
        return Preview(text, error=e.message, column=e.column, caret=e.caret(text))
    except RecursionError:
        return Preview(text, error="the answer is nested too deeply")
    return Preview(
        text,
        rendering=", ".join(render(p) for p in parsed.parts),
        shape=", ".join(show(s) for s in parsed.shapes),
    )
