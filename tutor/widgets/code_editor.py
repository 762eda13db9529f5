"""The code answer area: a Python editor prefilled with the starter or the last attempt.

Highlighting needs tree-sitter (``textual[syntax]``); without it Textual shows plain text.
"""

from __future__ import annotations

from textual.widgets import TextArea


def code_editor(text: str) -> TextArea:
    editor = TextArea.code_editor(text, language="python", theme="css", id="code")
    editor.indent_width = 4
    return editor
