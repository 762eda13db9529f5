"""The answer area of a multiple-choice exercise: one option per line, math rendered."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from exercises.model import Exercise
from tutor.mathtext import render_markdown_math


class ChoiceAnswer(OptionList):
    HOW = "Pick an option with ↑/↓, then enter or ctrl+s to check."
    EDITABLE = False

    @classmethod
    def for_exercise(cls, exercise: Exercise, last: str | None) -> ChoiceAnswer:
        return cls(exercise, last, id="answer")

    def focus_answer(self) -> None:
        self.focus()

    def reload(self, exercise: Exercise) -> None:
        """The pack changed on disk: the options shown stay until the screen is reopened."""

    def __init__(self, exercise: Exercise, chosen: str | None = None, **kwargs):
        spec = exercise.choice
        options = (
            []
            if spec is None
            else [
                Option(
                    Text.assemble((f"({o.key}) ", "bold"), render_markdown_math(o.text)), id=o.key
                )
                for o in spec.options
            ]
        )
        super().__init__(*options, **kwargs)
        self._chosen = chosen

    def on_mount(self) -> None:
        if self._chosen:
            keys = [o.id for o in self.options]
            if self._chosen in keys:
                self.highlighted = keys.index(self._chosen)

    @property
    def text(self) -> str:
        """The highlighted option's key: what gets checked."""
        if self.highlighted is None:
            return ""
        return self.get_option_at_index(self.highlighted).id or ""
