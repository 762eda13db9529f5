"""LaTeX math in prompts turned into readable Unicode for the terminal (δˡ, Wᵀ, ⊙, σ′, ∂C/∂W).

flatlatex does the heavy lifting; a few spellings common in our prompts are normalised first
because it renders them poorly (``^\\top``, primes, ``\\tfrac``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import flatlatex

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
_PRE = [
    (re.compile(r"\^\s*\{?\\top\}?|\^\s*\{?\\intercal\}?|\^\s*\{T\}|\^T(?![A-Za-z])"), "ᵀ"),
    (re.compile(r"\\tfrac|\\dfrac"), r"\\frac"),
    (re.compile(r"\\left|\\right|\\,|\\;|\\!|\\quad|\\qquad"), " "),
    (re.compile(r"\\mathbf|\\boldsymbol|\\mathrm|\\operatorname|\\text"), ""),
    (re.compile(r"\\lVert|\\rVert|\\\|"), "‖"),
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
