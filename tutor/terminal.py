"""What the command line may print where: colour only on a terminal that wants it, and ASCII
forms of our glyphs where the output encoding cannot carry them.

Every character a verdict or a prompt shows has a form the expression language also reads
(``Wᵀ`` → ``W^T``, ``σ′`` → ``sigma'``, ``⊙`` → ``.*``), so a learner on a Latin-1 terminal
still sees something they can type back, instead of a ``UnicodeEncodeError`` traceback.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from typing import TextIO

ERRORS = "backprop-ascii"
"""The codec error handler installed on stdout and stderr when they cannot encode Unicode."""

_ASCII = {
    "′": "'",
    "″": "''",
    "‴": "'''",
    "−": "-",
    "–": "-",
    "—": "--",
    "×": "x",
    "·": "*",
    "⋅": "*",
    "⊙": ".*",
    "∘": ".*",
    "ᵀ": "^T",
    "⊤": "^T",
    "→": "->",
    "←": "<-",
    "↦": "|->",
    "⇒": "=>",
    "⇔": "<=>",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "≈": "~",
    "…": "...",
    "⋯": "...",
    "‖": "||",
    "∑": "sum",
    "∏": "prod",
    "∂": "d",
    "∇": "grad",
    "√": "sqrt",
    "∞": "inf",
    "∈": " in ",
    "ℝ": "R",
    "ℓ": "l",
    "½": "1/2",
    "✓": "ok",
    "✔": "ok",
    "✗": "x",
    "✘": "x",
    "★": "*",
    "☆": "-",
    "⚠": "!",
    "⏱": "!",
    "↻": "~",
    "●": "*",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "ϵ": "epsilon",
    "ε": "epsilon",
    "λ": "lambda",
    "Λ": "Lambda",  # Unicode says LAMDA
}
_SCRIPT_MARK = {"<super>": "^", "<sub>": "_"}


def _script(char: str) -> tuple[str, str] | None:
    """``("^", "l")`` for a superscript l, ``("_", "1")`` for a subscript one, else None."""
    if char == "ᵀ":
        return None
    tag, _, code = unicodedata.decomposition(char).partition(" ")
    if tag in _SCRIPT_MARK and code:
        return _SCRIPT_MARK[tag], chr(int(code.split()[0], 16))
    return None


def _letter(char: str) -> str:
    """One character in ASCII: our table, a Greek letter's name, its decomposition, or ?."""
    if char in _ASCII:
        return _ASCII[char]
    name = unicodedata.name(char, "")
    if name.startswith("GREEK SMALL LETTER "):
        return name.removeprefix("GREEK SMALL LETTER ").split()[0].lower()
    if name.startswith("GREEK CAPITAL LETTER "):
        return name.removeprefix("GREEK CAPITAL LETTER ").split()[0].capitalize()
    if name.startswith("BOX DRAWINGS"):
        return (
            "|"
            if "VERTICAL" in name and "HORIZONTAL" not in name
            else ("-" if "HORIZONTAL" in name and "VERTICAL" not in name else "+")
        )
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return base or "?"


def ascii_form(text: str) -> str:
    """``text`` with every non-ASCII character in the form the expression language reads:
    runs of super- or subscripts become ``^{l+1}`` / ``_{i-1}`` (``^T`` for ᵀ)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        script = _script(char)
        if script is None:
            out.append(char if char.isascii() else _letter(char))
            i += 1
            continue
        mark, run = script[0], []
        while i < len(text) and (script := _script(text[i])) and script[0] == mark:
            run.append(script[1])
            i += 1
        body = "".join(c if c.isascii() else _letter(c) for c in run)
        out.append(mark + (body if len(body) == 1 else "{" + body + "}"))
    return "".join(out)


def _ascii_errors(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: replace what cannot be encoded, and the scripts run it starts."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    end = error.end
    while end < len(error.object) and _script(error.object[end]) is not None:
        end += 1  # ¹ is Latin-1 but ˡ⁺¹ must come out as one ^{l+1}
    return ascii_form(error.object[error.start : end]), end


codecs.register_error(ERRORS, _ascii_errors)


def _can_encode(stream: TextIO) -> bool:
    try:
        "δᵀ⊙σ′✓".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fall_back_to_ascii() -> None:
    """Make stdout and stderr print ASCII forms where their encoding cannot carry a glyph."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and not _can_encode(stream):
            stream.reconfigure(errors=ERRORS)


def unicode_ok(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (stdout) can print our glyphs as they are."""
    return _can_encode(stream or sys.stdout)


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
