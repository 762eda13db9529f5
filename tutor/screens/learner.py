"""Switching learner: pick a known name or type a new one (shared machines, instructors).

Typing goes straight into the name box (no Tab first); ↑/↓ pick a known learner into it.
Enter switches to what the box holds, or says in the dialog why it cannot.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

MAX_NAME = 64


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a learner's name, or None. Names become folder names (the
    $EDITOR work files) and report rows, so no separators, control characters or dots only."""
    if not name:
        return "Type a name (or pick one with ↑/↓), then enter."
    if len(name) > MAX_NAME:
        return f"A name has at most {MAX_NAME} characters."
    if any(c in name for c in "/\\") or not name.isprintable():
        return "A name cannot contain / or \\ or control characters."
    if set(name) <= {"."}:
        return "A name cannot be only dots."
    return None


class LearnerScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "pick(-1)", "Previous learner", show=False),
        Binding("down", "pick(1)", "Next learner", show=False),
    ]

    def __init__(self, learners: list[str], current: str):
        super().__init__()
        self.learners = learners
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="learner-dialog"):
            yield Static(Text("Switch learner", style="bold"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(name + ("  (current)" if name == self.current else ""), id=name)
                    for name in self.learners
                ],
                id="learners",
            )
            yield Input(placeholder="type a name, or ↑/↓ to pick one; enter", id="new-learner")
            yield Static(id="learner-problem")

    def on_mount(self) -> None:
        self.query_one("#learners", OptionList).can_focus = False
        self.query_one("#new-learner", Input).focus()

    def action_pick(self, step: int) -> None:
        """Move through the known learners and put the highlighted name in the box."""
        options = self.query_one("#learners", OptionList)
        if options.option_count == 0:
            return
        current = options.highlighted
        options.highlighted = (
            0
            if current is None and step > 0
            else options.option_count - 1
            if current is None
            else (current + step) % options.option_count
        )
        picked = options.get_option_at_index(options.highlighted).id or ""
        box = self.query_one("#new-learner", Input)
        box.value = picked
        box.cursor_position = len(picked)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = name_problem(name)
        if problem:
            self.query_one("#learner-problem", Static).update(Text(problem, style="yellow"))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
