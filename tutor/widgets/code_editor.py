"""The code answer area: a Python editor prefilled with the starter or the last attempt.

Highlighting needs tree-sitter (``textual[syntax]``); without it Textual shows plain text.
"""

from __future__ import annotations

from typing import cast

from textual.widgets import TextArea

from exercises.model import Exercise
from tutor.starter import starter_text


class CodeAnswer(TextArea):
    HOW = "Edit the function, then ctrl+s to check (ctrl+o opens $EDITOR)."
    EDITABLE = True
    """ctrl+o opens the answer in the learner's $EDITOR (``load_text`` reads it back)."""

    @classmethod
    def for_exercise(cls, exercise: Exercise, last: str | None) -> CodeAnswer:
        editor = cast(
            CodeAnswer,
            cls.code_editor(
                last or starter_text(exercise), language="python", theme="css", id="code"
            ),
        )
        editor.indent_width = 4
        return editor

    def focus_answer(self) -> None:
        self.focus()

    def reload(self, exercise: Exercise) -> None:
        """The pack changed on disk: the learner's code stays as it is."""
