"""The notation guide: docs/notation.md, which maps each source document's symbols to ours.

The canonical file lives in the repository's ``docs/``; an installed copy may sit in
``tutor/docs/``. When neither is there the screen says where to find it instead of failing.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, MarkdownViewer

from tutor.mathtext import render_markdown_math

PACKAGE = Path(__file__).resolve().parent.parent
CANDIDATES = (PACKAGE / "docs" / "notation.md",)
"""Shipped inside the package (docs/notation.md in the repository links to it)."""
MISSING = (
    "# Notation guide\n\nThe notation guide (`tutor/docs/notation.md`) could not be "
    "read from this copy of backprop-tutor. It is in the project's repository, under `docs/`."
)


MAX_TABLE_COLUMNS = 4
"""A wider table cannot show its cells whole on an 80-column terminal: it becomes a list."""
_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    """The cells of a table row (a line ``_ROW`` matches)."""
    row = _ROW.match(line)
    assert row is not None, "a table row"
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.group(1))]


def wide_tables_as_lists(markdown: str, max_columns: int = MAX_TABLE_COLUMNS) -> str:
    """Each row of a table wider than ``max_columns`` as one paragraph, its first cell in
    bold and then "header: cell" for the other columns, so nothing is cut at any terminal
    width (one paragraph per row, not nested lists: the guide stays quick to open)."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if (
            i + 1 < len(lines)
            and _ROW.match(lines[i])
            and _RULE.match(lines[i + 1])
            and len(_cells(lines[i])) > max_columns
        ):
            header = _cells(lines[i])
            i += 2
            while i < len(lines) and _ROW.match(lines[i]):
                first, *rest = _cells(lines[i])
                pairs = " · ".join(f"*{name}*: {cell}" for name, cell in zip(header[1:], rest))
                out.extend([f"**{first}** — {pairs}", ""])
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def notation_markdown(candidates: tuple[Path, ...] = CANDIDATES) -> str:
    for path in candidates:
        try:
            return wide_tables_as_lists(render_markdown_math(path.read_text(encoding="utf-8")))
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
