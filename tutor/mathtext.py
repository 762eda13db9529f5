"""LaTeX math in prompts turned into readable Unicode for the terminal (δˡ, Wᵀ, ⊙, σ′, ∂C/∂W).

flatlatex does the heavy lifting; a few spellings common in our prompts are normalised first
because it renders them poorly (``^\\top``, primes, ``\\tfrac``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import flatlatex

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_SYMBOLS = {
    "to": "→", "rightarrow": "→", "mapsto": "↦", "leftarrow": "←", "gets": "←",
    "Rightarrow": "⇒", "Longrightarrow": "⇒", "implies": "⇒", "iff": "⇔",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "ldots": "…", "dots": "…", "cdots": "⋯",
}
_OPERATORS = ("min", "max", "arg", "log", "exp", "tanh", "sin", "cos", "det", "tr", "diag")
_PRE = [
    (re.compile(r"\\(?:text|mathrm|operatorname)\{([^{}]*)\}"),
     lambda m: m.group(1).replace(" ", "\\ ")),
    (re.compile(r"\\frac\{\\partial\s*([^{}]*)\}\{\\partial\s*([^{}]*)\}"),
     lambda m: f"\\partial {m.group(1)}/\\partial {m.group(2)}"),
    (re.compile(r"\^\s*\{?\\top\}?|\^\s*\{?\\intercal\}?|\^\s*\{T\}|\^T(?![A-Za-z])"), "ᵀ"),
    (re.compile(r"\\tfrac|\\dfrac"), r"\\frac"),
    (re.compile(r"\\(?:big|Big|bigg|Bigg)[lr]?(?![A-Za-z])|\\(?:left|right)(?![A-Za-z])|\\[,;!]"), ""),
    (re.compile(r"\\q?quad(?![A-Za-z])"), "\\ \\ "),
    (re.compile(r"\\mathbf|\\boldsymbol"), ""),
    (re.compile(r"\\lVert|\\rVert|\\\|"), "‖"),
    (re.compile(r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])"),
     lambda m: _SYMBOLS[m.group(1)]),
    (re.compile(r"\\(" + "|".join(_OPERATORS) + r")(?![A-Za-z])(\s+(?=[A-Za-z\\]))?"),
     lambda m: m.group(1) + ("\\ " if m.group(2) else "")),
    (re.compile(r"'"), "′"),
]


@lru_cache(maxsize=1)
def _converter() -> flatlatex.converter:
    conv = flatlatex.converter()
    for command, glyph in [(r"\odot", "⊙"), (r"\circ", "∘"), (r"\top", "ᵀ"), (r"\cdot", "·"),
                           (r"\nabla", "∇"), (r"\partial", "∂"), (r"\ell", "ℓ")]:
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

    return _MATH.sub(convert, markdown)
