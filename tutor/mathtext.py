"""LaTeX math in prompts turned into readable Unicode for the terminal (δˡ, Wᵀ, ⊙, σ′, ∂C/∂W).

flatlatex does the heavy lifting; a few spellings common in our prompts are normalised first
because it renders them poorly (``^\\top``, primes, ``\\tfrac``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import flatlatex

_MATH = re.compile(r"[ \t]*\n?[ \t]*\$\$(.+?)\$\$[ \t]*\n?|\$(.+?)\$", re.DOTALL)
_SYMBOLS = {
    "to": "→",
    "rightarrow": "→",
    "mapsto": "↦",
    "leftarrow": "←",
    "gets": "←",
    "Rightarrow": "⇒",
    "Longrightarrow": "⇒",
    "implies": "⇒",
    "iff": "⇔",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
}
_OPERATORS = ("min", "max", "arg", "log", "exp", "tanh", "sin", "cos", "det", "tr", "diag")
_PRE: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\\tfrac|\\dfrac"), r"\\frac"),
    (re.compile(r"\\epsilon(?![A-Za-z])"), r"\\varepsilon"),
    (
        re.compile(r"\\(?:text|mathrm|operatorname)\{([^{}]*)\}"),
        lambda m: m.group(1).replace(" ", "\\ "),
    ),
    (
        re.compile(r"\\frac\{\\partial\s*([^{}]*)\}\{\\partial\s*([^{}]*)\}"),
        lambda m: f"\\partial {m.group(1)}/\\partial {m.group(2)}",
    ),
    (re.compile(r"\^\s*\{?\\top\}?|\^\s*\{?\\intercal\}?|\^\s*\{T\}|\^T(?![A-Za-z])"), "ᵀ"),
    (
        re.compile(
            r"\\(?:big|Big|bigg|Bigg)[lr]?(?![A-Za-z])|\\(?:left|right)(?![A-Za-z])|\\[,;!]"
        ),
        "",
    ),
    (re.compile(r"\\q?quad(?![A-Za-z])"), "\\ \\ "),
    (re.compile(r"\\mathbf|\\boldsymbol"), ""),
    (re.compile(r"\\lVert|\\rVert|\\\|"), "‖"),
    (
        re.compile(r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])"),
        lambda m: _SYMBOLS[m.group(1)],
    ),
    (
        re.compile(r"\\(" + "|".join(_OPERATORS) + r")(?![A-Za-z])(\s+(?=[A-Za-z\\]))?"),
        lambda m: m.group(1) + ("\\ " if m.group(2) else ""),
    ),
    (re.compile(r"'"), "′"),
]


_SUBSCRIPTS = {
    **flatlatex.data.subscript,
    "h": "ₕ",
    "k": "ₖ",
    "l": "ₗ",
    "m": "ₘ",
    "n": "ₙ",
    "p": "ₚ",
    "s": "ₛ",
    "t": "ₜ",
}
_SUBSCRIPT_CHARS = set(_SUBSCRIPTS.values())
_SUPERSCRIPT_CHARS = set(flatlatex.data.superscript.values())
_OPERATOR_CHARS = set("+-−=,∈<>≤≥()[]/ ")


def _script(text: str, table: dict[str, str]) -> str | None:
    """``text`` in Unicode sub- or superscript letters, or None when one has no such form."""
    out = [table.get(ch) for ch in text]
    return None if None in out else "".join(out)  # type: ignore[arg-type]


def _one_symbol(text: str) -> bool:
    """A single glyph, perhaps already carrying scripts (xᵢ, ∑ᵢ₌₁, Wˡ): no brackets needed."""
    core = text.split("_")[0].rstrip("".join(_SUBSCRIPT_CHARS | _SUPERSCRIPT_CHARS) + "′ᵀ")
    return sum(1 for ch in core if not unicodedata.combining(ch)) <= 1


class _Converter(flatlatex.converter):
    """flatlatex with three renderings that read better in our prompts.

    flatlatex brackets a script it cannot write in Unicode (``n[l]``), which looks like array
    indexing next to ``Ws[l]``; it brackets any base with a script on it (``(∑ᵢ₌₁)³`` for a
    sum, which reads as a power); and it brackets both sides of a fraction of derivatives
    (``(∂C)/(∂W)``). The overrides keep flatlatex's parser and symbol tables.
    """

    def _converter__indexed(self, base: str, sub: str) -> str:
        if not _one_symbol(base):
            base = "(" + base + ")"
        written = _script(sub, _SUBSCRIPTS)
        if written is not None:
            return base + written
        if len(sub) > 1 and any(ch in _OPERATOR_CHARS for ch in sub):
            sub = "(" + sub + ")"
        return base + "_" + sub

    def _converter__exponent(self, base: str, sup: str) -> str:
        if not _one_symbol(base):
            base = "(" + base + ")"
        written = _script(sup, flatlatex.data.superscript)
        if written is not None:
            return base + written
        if len(sup) > 1:
            sup = "(" + sup + ")"
        return base + "^" + sup

    def _converter__latexfun_frac(self, inputs: list[str]) -> str:
        top, bottom = inputs
        if top.startswith("∂") and bottom.startswith("∂"):
            return top + "/" + bottom
        return flatlatex.converter._converter__latexfun_frac(self, inputs)


@lru_cache(maxsize=1)
def _converter() -> flatlatex.converter:
    conv = _Converter()
    for command, glyph in [
        (r"\odot", "⊙"),
        (r"\circ", "∘"),
        (r"\top", "ᵀ"),
        (r"\cdot", "·"),
        (r"\nabla", "∇"),
        (r"\partial", "∂"),
        (r"\ell", "ℓ"),
    ]:
        conv.add_newcommand(rf"\newcommand{{{command}}}{{{glyph}}}")
    return conv


@lru_cache(maxsize=4096)
def latex_to_unicode(latex: str) -> str:
    """One formula, without the dollar signs."""
    text = latex.strip()
    for pattern, replacement in _PRE:
        text = pattern.sub(replacement, text)
    try:
        out = _converter().convert(text)
    except Exception:  # flatlatex raises bare errors on unknown macros; show the source
        return latex.strip()
    return re.sub(r" {2,}", " ", out)


def render_markdown_math(markdown: str) -> str:
    """Replace every ``$…$`` and ``$$…$$`` in Markdown with its Unicode rendering."""

    def convert(match: re.Match) -> str:
        display, inline = match.group(1), match.group(2)
        if display is not None:
            return "\n\n    " + latex_to_unicode(display) + "\n\n"
        return latex_to_unicode(inline)

    return re.sub(r"\n{3,}", "\n\n", _MATH.sub(convert, markdown))
