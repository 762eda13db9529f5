"""How an exercise status looks everywhere in the tutor (one glyph and colour per status)."""

from __future__ import annotations

from rich.text import Text

STATUS_GLYPHS = {"solved": "✔", "due": "↻", "attempted": "✗", "untouched": "·"}
STATUS_STYLES = {
    "solved": "bold green",
    "due": "bold cyan",
    "attempted": "yellow",
    "untouched": "dim",
}
STATUS_LABELS = {
    "solved": "solved",
    "due": "due for review",
    "attempted": "attempted",
    "untouched": "untouched",
}


def status_text(status: str, *, glyph_only: bool = False) -> Text:
    glyph = STATUS_GLYPHS.get(status, "?")
    label = glyph if glyph_only else f"{glyph} {STATUS_LABELS.get(status, status)}"
    return Text(label, style=STATUS_STYLES.get(status, ""))
