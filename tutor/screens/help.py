"""The help screen: every key binding that applies where the learner was, plus how it works.

The table is generated from the bindings of the screen underneath and of the app, so it can
never drift from what the keys really do.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

ABOUT = (
    "Pick an exercise on the home screen and press enter. Answer with code, an expression or "
    "a choice, then ctrl+s: the verdict names the mistake when it recognises one. Hints open "
    "one at a time with ctrl+g; the worked solution opens after you solve the exercise. "
    "ctrl+p searches every exercise and command by name."
)


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's bindings, then the app's, first one wins."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for owner in (screen, screen.app):
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            keys = ", ".join(k.replace("_", " ") for k in binding.key.split(","))
            rows.append((keys, binding.description))
    rows.append(("ctrl+p", "Command palette: jump to an exercise, switch learner or theme"))
    return rows


def bindings_table(screen: Screen) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for keys, description in binding_rows(screen):
        table.add_row(keys, description)
    return table


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), classes="dialog-title")
            yield Static(bindings_table(self.under), id="help-keys")
            yield Static(Text(ABOUT), id="help-about")
            yield Static(Text("escape closes this", style="dim"))
