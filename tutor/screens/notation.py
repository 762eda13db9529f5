"""The notation guide: docs/notation.md, which maps each source document's symbols to ours.

The canonical file lives in the repository's ``docs/``; an installed copy may sit in
``tutor/docs/``. When neither is there the screen says where to find it instead of failing.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, MarkdownViewer

from tutor.mathtext import render_markdown_math

PACKAGE = Path(__file__).resolve().parent.parent
CANDIDATES = (PACKAGE / "docs" / "notation.md",)
"""Shipped inside the package (docs/notation.md in the repository links to it)."""
MISSING = ("# Notation guide\n\nThe notation guide (`tutor/docs/notation.md`) could not be "
           "read from this copy of backprop-tutor. It is in the project's repository, under `docs/`.")


def notation_markdown(candidates: tuple[Path, ...] = CANDIDATES) -> str:
    for path in candidates:
        try:
            return render_markdown_math(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return MISSING


class NotationScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(notation_markdown(), show_table_of_contents=False, id="notation")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "notation guide"
        self.query_one(MarkdownViewer).document.focus()
