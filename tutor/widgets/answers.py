"""Which widget takes the answer of each exercise kind: the TUI's half of ``grader.kinds``.

A kind registered in the grader gets its answer widget here, one line in ``ANSWER_WIDGETS``;
the exercise screen asks ``answer_widget`` and talks to the widget only through
``AnswerArea``, so it has no ``if kind == …`` of its own.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual.widget import Widget

from exercises.model import Exercise
from tutor.widgets.choice_answer import ChoiceAnswer
from tutor.widgets.code_editor import CodeAnswer
from tutor.widgets.expression_input import ExpressionAnswer


class AnswerArea(Protocol):
    """What the exercise screen needs of an answer widget."""

    HOW: ClassVar[str]
    """The line shown in the verdict area before the first check: how to answer."""
    EDITABLE: ClassVar[bool]
    """ctrl+o opens the answer in $EDITOR (the widget then has ``load_text``)."""

    @property
    def text(self) -> str:
        """The answer to check."""
        ...

    def focus_answer(self) -> None: ...

    def reload(self, exercise: Exercise) -> None:
        """The exercise was edited on disk (hot reload); the learner's answer stays."""
        ...

    def load_text(self, text: str) -> None:
        """Replace the answer (what $EDITOR saved); only ``EDITABLE`` widgets are asked."""
        ...


class AnswerWidget(Protocol):
    def for_exercise(self, exercise: Exercise, last: str | None) -> Widget: ...


ANSWER_WIDGETS: dict[str, AnswerWidget] = {
    "code": CodeAnswer,
    "expression": ExpressionAnswer,
    "choice": ChoiceAnswer,
}


def answer_widget(exercise: Exercise, last: str | None) -> Widget:
    """The answer widget for ``exercise``, holding ``last`` (the last answer) if any."""
    return ANSWER_WIDGETS[exercise.kind].for_exercise(exercise, last)
