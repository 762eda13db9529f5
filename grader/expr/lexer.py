"""Turning the learner's text into tokens, using the exercise's spelling table.

Names are not split on spaces: the lexer takes the longest declared spelling at each position,
which is what makes juxtaposition without spaces (``yxᵀ``, ``Aσ₁(Bx)``) work. Every notation
of the contract that is not a name (``^T``, ``ᵀ``, ``.*``, ``\\odot``, ``\\left(``…) is folded
here into a handful of token kinds, so the grammar stays small.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from grader.expr.errors import ExprError
from grader.expr.symbols import SUPERSCRIPTS, Vocabulary

MATMUL = {"*": "*", "@": "@", "·": "·", "×": "×", "\\cdot": "·", "\\times": "×"}
HADAMARD = {"⊙": "⊙", "∘": "∘", "○": "∘", ".*": ".*", "\\odot": "⊙", "\\circ": "∘"}
OPEN = {"(": ")", "[": "]", "{": "}"}
CLOSE = {")", "]", "}"}
SPACING = ("\\quad", "\\qquad", "\\,", "\\;", "\\:", "\\!", "\\ ")
FONT = ("\\mathbf", "\\mathrm", "\\boldsymbol", "\\bm", "\\mathit", "\\operatorname", "\\text")
TOP = ("T", "{T}", "\\top", "{\\top}", "⊤", "{⊤}")
SUPER_DIGITS = {v: k for k, v in SUPERSCRIPTS.items() if k in "0123456789-"}
NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_NOT_A_NAME = "ᵀ" + "".join(SUPER_DIGITS)
WORD = re.compile(rf"\\?[^\W_{_NOT_A_NAME}]*(?:_(?:\{{[^{{}}]*\}}|[^\W{_NOT_A_NAME}]+))?'*")
"""What an unknown name's message quotes: letters and a subscript, not a transpose or a power
written after it (``Cᵀ``, ``x²`` are reported as ``C``, ``x``)."""
MAX_NUMBER = 10**12
DIGITS = "0123456789"  # str.isdigit() also accepts ², ₃ and other digits that are not numbers
SAME_AS_ASCII = str.maketrans(
    {
        "′": "'",
        "ʹ": "'",
        "’": "'",
        "−": "-",
        "–": "-",
        "‐": "-",
        "‑": "-",
        "⁄": "/",
        "⋅": "·",
        "∙": "·",
        "∗": "*",
        "✕": "×",
        "⨯": "×",
        "（": "(",
        "）": ")",
    }
)
"""Glyphs the renderers (prompts, symbol bar, preview) show for an ASCII character of the
language, one character each so columns stay right: ``σ′``, ``z_{i−1}`` read as ``σ'``,
``z_{i-1}`` everywhere, inside names too."""


@dataclass(frozen=True)
class Token:
    kind: str
    """NAME NUM PLUS MINUS MATMUL HADAMARD DIV COMMA TRANSPOSE CARET SUPPOW OPEN CLOSE FRAC END"""
    text: str
    start: int
    end: int
    value: Any = None

    @property
    def column(self) -> int:
        return self.start + 1


def _fail(message: str, pos: int, width: int = 1) -> ExprError:
    return ExprError(f"{message} at column {pos + 1}", pos + 1, width)


def _unknown_name(text: str, pos: int, vocab: Vocabulary) -> ExprError:
    m = WORD.match(text, pos)  # WORD matches the empty string too: never None
    word = (m.group(0) if m else "") or text[pos]
    what = "command" if word.startswith("\\") else "symbol"
    known = ", ".join(vocab.names("symbol") + vocab.names("quantity"))
    functions = vocab.names("function")
    hint = f"known symbols: {known}" + (f"; functions: {', '.join(functions)}" if functions else "")
    return ExprError(f"unknown {what} '{word}' at column {pos + 1} ({hint})", pos + 1, len(word))


def _number(text: str, pos: int) -> Token:
    m = NUMBER.match(text, pos)
    assert m is not None, "called at a digit"
    literal = m.group(0)
    if len(literal) > 30:
        raise _fail(f"the number {literal[:12]}… is too long", pos, len(literal))
    value = Fraction(literal) if m.group(2) is None or abs(int(m.group(2)[1:])) < 40 else None
    if value is None or abs(value) > MAX_NUMBER:
        raise _fail(f"the number {literal} is too large", pos, len(literal))
    return Token("NUM", literal, pos, m.end(), value)


def _caret(text: str, pos: int) -> Token:
    """``^`` is a transpose (``^T``, ``^{T}``, ``^\\top``) or the start of a power."""
    after = pos + 1
    while after < len(text) and text[after] == " ":
        after += 1
    for top in TOP:
        if text.startswith(top, after):
            return Token("TRANSPOSE", text[pos : after + len(top)], pos, after + len(top))
    if after < len(text) and (text[after] in "{(-.+" or text[after] in DIGITS):
        return Token("CARET", "^", pos, pos + 1)
    raise _fail("expected T or an exponent after ^", after)


NORM_BARS = ("\\|", "\\Vert", "\\lVert", "\\rVert")
"""LaTeX for the bars of ‖x‖."""


def _backslash(text: str, pos: int, vocab: Vocabulary) -> tuple[Token | None, int]:
    for space in SPACING:
        if text.startswith(space, pos):
            return None, pos + len(space)
    m = re.compile(r"\\[A-Za-z]+|\\[{}]").match(text, pos)
    command = m.group(0) if m else text[pos : pos + 2]
    end = pos + len(command)
    if command in ("\\left", "\\right"):
        if end < len(text) and text[end] in "([{)]}":
            return _bracket(text[end], pos, end + 1), end + 1
        if text.startswith("\\{", end) or text.startswith("\\}", end):
            return _bracket(text[end + 1], pos, end + 2), end + 2
        bar = next((b for b in (*NORM_BARS, "‖") if text.startswith(b, end)), None)
        if bar is not None:
            return Token("NORM", text[pos : end + len(bar)], pos, end + len(bar)), end + len(bar)
        raise _fail(f"expected a bracket after {command}", end)
    if command in ("\\{", "\\}"):
        return _bracket(command[1], pos, end), end
    if command in NORM_BARS:
        return Token("NORM", command, pos, end), end
    if command in MATMUL:
        return Token("MATMUL", command, pos, end, MATMUL[command]), end
    if command in HADAMARD:
        return Token("HADAMARD", command, pos, end, HADAMARD[command]), end
    if command in ("\\frac", "\\dfrac", "\\tfrac"):
        return Token("FRAC", command, pos, end), end
    if command in FONT and text.startswith("{", end):
        close = text.find("}", end)
        inner = text[end + 1 : close] if close > 0 else ""
        found = vocab.match(inner, 0) if inner else None
        if found is None or found[0] != inner:
            raise (
                _unknown_name(text, end + 1, vocab)
                if inner
                else _fail(f"expected a name inside {command}{{…}}", end + 1)
            )
        return Token("NAME", text[pos : close + 1], pos, close + 1, found[1]), close + 1
    raise _unknown_name(text, pos, vocab)


def _bracket(char: str, start: int, end: int) -> Token:
    if char in OPEN:
        return Token("OPEN", char, start, end, OPEN[char])
    return Token("CLOSE", char, start, end, char)


def tokenize(text: str, vocab: Vocabulary) -> list[Token]:
    text = text.translate(SAME_AS_ASCII)
    tokens: list[Token] = []
    pos, n = 0, len(text)
    while pos < n:
        c = text[pos]
        if c in " \t\r\n$":
            pos += 1
            continue
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise _fail(f"the answer contains a control character (U+{ord(c):04X})", pos)
        found = vocab.match(text, pos)
        if found is not None:
            spelling, entry = found
            end = pos + len(spelling)
            if end < n and text[end] == "_":
                raise _unknown_name(text, pos, vocab)
            tokens.append(Token("NAME", spelling, pos, end, entry))
            pos = end
            continue
        if c in DIGITS or (c == "." and pos + 1 < n and text[pos + 1] in DIGITS):
            tok = _number(text, pos)
        elif c == "½":
            tok = Token("NUM", c, pos, pos + 1, Fraction(1, 2))
        elif text.startswith(".*", pos):
            tok = Token("HADAMARD", ".*", pos, pos + 2, ".*")
        elif text.startswith(".T", pos):
            tok = Token("TRANSPOSE", ".T", pos, pos + 2)
        elif text.startswith("**", pos):
            tok = Token("CARET", "**", pos, pos + 2)
        elif c in MATMUL:
            tok = Token("MATMUL", c, pos, pos + 1, MATMUL[c])
        elif c in HADAMARD:
            tok = Token("HADAMARD", c, pos, pos + 1, HADAMARD[c])
        elif c == "+":
            tok = Token("PLUS", c, pos, pos + 1)
        elif c in "-−–":
            tok = Token("MINUS", c, pos, pos + 1)
        elif c in "/÷":
            tok = Token("DIV", c, pos, pos + 1)
        elif c == ",":
            tok = Token("COMMA", c, pos, pos + 1)
        elif c == "‖":
            tok = Token("NORM", c, pos, pos + 1)
        elif c in "'ᵀ⊤":
            tok = Token("TRANSPOSE", c, pos, pos + 1)
        elif c in "″‴":
            for _ in range(1 + (c == "‴")):
                tokens.append(Token("TRANSPOSE", c, pos, pos + 1))
            tok = Token("TRANSPOSE", c, pos, pos + 1)
        elif c == "^":
            tok = _caret(text, pos)
        elif c in SUPER_DIGITS:
            end = pos
            while end < n and text[end] in SUPER_DIGITS:
                end += 1
            digits = "".join(SUPER_DIGITS[ch] for ch in text[pos:end])
            if not re.fullmatch(r"-?[0-9]{1,30}", digits):
                raise _fail("expected superscript digits for a power", pos, end - pos)
            tok = Token("SUPPOW", text[pos:end], pos, end, Fraction(int(digits)))
        elif c in OPEN or c in CLOSE:
            tok = _bracket(c, pos, pos + 1)
        elif c == "\\":
            command, pos = _backslash(text, pos, vocab)
            if command is not None:
                tokens.append(command)
            continue
        elif c.isalpha() or c == "_":
            raise _unknown_name(text, pos, vocab)
        else:
            raise _fail(f"unexpected character '{c}'", pos)
        tokens.append(tok)
        pos = tok.end
    tokens.append(Token("END", "", n, n))
    return tokens
