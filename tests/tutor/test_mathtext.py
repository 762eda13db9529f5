"""Prompt math reads as Unicode in a terminal: the notation learners see in the documents."""

from __future__ import annotations

import pytest

from tutor.mathtext import latex_to_unicode, render_markdown_math


@pytest.mark.parametrize(
    "latex, shown",
    [
        (
            r"\delta^{l} = \sigma'(z^l) \odot ((W^{l+1})^\top \delta^{l+1})",
            "δˡ=σ′(zˡ)⊙((Wˡ⁺¹)ᵀδˡ⁺¹)",
        ),
        (r"\frac{\partial C}{\partial W^l}", "∂C/∂Wˡ"),
        (r"y^T A x", "yᵀAx"),
        (r"\lambda_i \circ f_{i+1}'(W_i z_{i-1})", "λᵢ∘fᵢ₊₁′(Wᵢzᵢ₋₁)"),
        (r"\tfrac12 \lVert a^L - y \rVert^2", "½‖aᴸ-y‖²"),
        (r"A \in \mathbb{R}^{m \times n}", "A∈ℝ^(m×n)"),
        (r"x \rightarrow y \le z", "x→y≤z"),
        (r"\min_x f(g(x))", "minₓf(g(x))"),
        (r"\text{subject to } z = g(x)", "subject to z=g(x)"),
        (r"\left( a \right)", "(a)"),
    ],
)
def test_formulas_render_as_unicode(latex, shown):
    assert latex_to_unicode(latex) == shown


def test_markdown_keeps_prose_and_converts_each_formula():
    text = render_markdown_math("Let $x \\in \\mathbb{R}^n$ and\n$$C = y^\\top A x$$\nthen.")
    assert text.startswith("Let x∈ℝⁿ and")
    assert "    C=yᵀAx" in text and "$" not in text


def test_unknown_macro_shows_the_source_rather_than_failing():
    assert latex_to_unicode(r"\frac{a}") == r"\frac{a}"
