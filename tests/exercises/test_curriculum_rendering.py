"""Every prompt, hint, solution, option and declared feedback of the built-in curriculum reads
cleanly once rendered for the terminal (the renderer `show` and the tutor share): no sum that
reads as a power, no raw TeX, no subscript that looks like array indexing, one glyph for ε, and
no runs of blank lines around display maths. Code spans and code blocks are left as written."""

from __future__ import annotations

import re

import pytest

from exercises.loader import load_catalog
from tutor.mathtext import latex_to_unicode, render_markdown_math

EXERCISES = {e.qualified_id: e for e in load_catalog([], entry_points=False).exercises()}
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
INDEXING = re.compile(r"(?<![\w`])[A-Za-zα-ωΑ-Ω]\[[^\]\s]{1,6}\]")


def _texts(exercise):
    yield "prompt", exercise.prompt()
    for i, hint in enumerate(exercise.hints, 1):
        yield f"hint {i}", hint
    if exercise.solution_path is not None:
        yield "solution", exercise.solution_path.read_text(encoding="utf-8")
    if exercise.expression is not None:
        for wrong in exercise.expression.wrong:
            yield f"feedback {wrong.mistake}", wrong.feedback
    if exercise.choice is not None:
        for option in exercise.choice.options:
            yield f"option {option.key}", option.text
            if option.feedback:
                yield f"feedback {option.key}", option.feedback
    if exercise.code is not None:
        for mistake in exercise.code.mistakes:
            yield f"feedback {mistake.id}", mistake.feedback


def artefacts(rendered: str) -> list[str]:
    prose = CODE.sub("", rendered)
    found = []
    if "(∑" in prose or "(Σ" in prose:
        found.append("a sum in brackets reads as a power")
    if "_{" in prose or "^{" in prose:
        found.append("raw TeX script braces")
    if "\\" in prose:
        found.append("raw backslash: " + prose[prose.index("\\") :][:30])
    if "$" in prose:
        found.append("unrendered $")
    if "ϵ" in prose:
        found.append("ϵ where the curriculum writes ε")
    found += [f"subscript shown as indexing: {m}" for m in INDEXING.findall(prose)]
    if "\n\n\n" in rendered:
        found.append("more than one blank line")
    return found


@pytest.mark.parametrize("qid", sorted(EXERCISES))
def test_every_text_of_the_exercise_renders_cleanly(qid):
    problems = [
        f"{where}: {a}"
        for where, text in _texts(EXERCISES[qid])
        for a in artefacts(render_markdown_math(text))
    ]
    assert problems == []


@pytest.mark.parametrize(
    "latex, shown",
    [
        (r"\sum_{i=1}^{3} \lambda_i", "∑ᵢ₌₁³λᵢ"),
        (r"\frac1N \sum_{i=1}^{N} x_i", "1/N∑ᵢ₌₁ᴺxᵢ"),
        (r"\dfrac{\partial C}{\partial W^l}", "∂C/∂Wˡ"),
        (r"n_{l+1} \times n_l", "nₗ₊₁×nₗ"),
        (r"z_L", "z_L"),
        (r"\sum_{i \in \beta(j)} \lambda_i", "∑_(i∈β(j))λᵢ"),
        (r"\frac{f(x+\epsilon) - f(x-\varepsilon)}{2\epsilon}", "(f(x+ε)-f(x-ε))/(2ε)"),
        (r"x_i^2", "xᵢ²"),
    ],
)
def test_scripts_sums_and_fractions(latex, shown):
    assert latex_to_unicode(latex) == shown


def test_display_maths_gets_exactly_one_blank_line_each_side():
    text = render_markdown_math("Before:\n\n$$C = y^\\top A x$$\n\nafter.")
    assert text == "Before:\n\n    C=yᵀAx\n\nafter."
    assert render_markdown_math("Inline\n$$a$$\nend") == "Inline\n\n    a\n\nend"


def test_the_detector_sees_the_old_artefacts():
    assert artefacts("𝓛=ℓ(z₃)+(∑ᵢ₌₁)³λᵢ")
    assert artefacts("`Ws[l]`: (n[l+1],n[l])")
    assert artefacts("raw z_{i-1} in a hint")
    assert not artefacts("`Ws[l]` is `(n_{l+1}, n_l)` in code")
