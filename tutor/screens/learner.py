"""Switching learner: pick a known name or type a new one (shared machines, instructors)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class LearnerScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, learners: list[str], current: str):
        super().__init__()
        self.learners = learners
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-dialog"):
            yield Static(Text("Switch learner", style="bold"), classes="dialog-title")
            yield OptionList(*[Option(name + ("  (current)" if name == self.current else ""),
                                      id=name) for name in self.learners], id="learners")
            yield Input(placeholder="or type a new name and press enter", id="new-learner")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
