"""The expression answer box with a live preview of how the input was understood.

The preview (``grader.expr.preview``) parses without sympy; it still runs in a thread so a
keystroke never waits, and a generation counter drops previews of text already replaced.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from exercises.model import Exercise
from tutor.prompt_text import in_prompt_notation, symbol_entries

PLACEHOLDER = "type your answer in the symbols above, then enter"
"""No example expression: any example could be the answer to some exercise."""


class ExpressionAnswer(Vertical):
    HOW = "Type the expression, then ctrl+s (or enter) to check."
    EDITABLE = False

    def __init__(self, exercise: Exercise, text: str = "", **kwargs):
        super().__init__(**kwargs)
        self.exercise = exercise
        self._initial = text
        self._generation = 0

    @classmethod
    def for_exercise(cls, exercise: Exercise, last: str | None) -> ExpressionAnswer:
        return cls(exercise, last or "", id="answer")

    def focus_answer(self) -> None:
        self.query_one("#expression", Input).focus()

    def reload(self, exercise: Exercise) -> None:
        """The pack changed on disk: previews read the new symbols, the text stays."""
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        yield Static(self._symbols_line(), id="symbols")
        yield Input(self._initial, placeholder=PLACEHOLDER, id="expression")
        yield Static(Text("The preview shows how your input is read.", style="dim"), id="preview")

    def _symbols_line(self) -> Text:
        parts = symbol_entries(self.exercise)
        return Text.assemble(("Symbols: ", "bold"), ", ".join(parts)) if parts else Text("")

    @property
    def text(self) -> str:
        return self.query_one("#expression", Input).value

    @text.setter
    def text(self, value: str) -> None:
        self.query_one("#expression", Input).value = value

    def on_mount(self) -> None:
        if self._initial:
            self._request_preview(self._initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._request_preview(event.value)

    def _request_preview(self, text: str) -> None:
        self._generation += 1
        if not text.strip():
            self.query_one("#preview", Static).update(
                Text("The preview shows how your input is read.", style="dim")
            )
            return
        self._preview(text, self._generation)

    @work(thread=True, group="preview")
    def _preview(self, text: str, generation: int) -> None:
        from grader.expr.preview import preview

        result = preview(self.exercise, text)
        self.app.call_from_thread(self._show, result, generation)

    def _show(self, result, generation: int) -> None:
        if generation != self._generation:
            return
        widget = self.query_one("#preview", Static)
        if result.ok:
            widget.set_class(False, "-error")
            widget.update(
                Text.assemble(
                    ("= ", "dim"),
                    (result.rendering, "bold"),
                    ("   shape ", "dim"),
                    (in_prompt_notation(self.exercise, result.shape), "cyan"),
                )
            )
        else:
            widget.set_class(True, "-error")
            caret = f"\n{result.caret}" if result.caret else ""
            widget.update(
                Text.assemble(
                    (in_prompt_notation(self.exercise, result.error), "yellow"), (caret, "bold")
                )
            )
