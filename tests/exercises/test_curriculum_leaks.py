"""Nothing a learner can read while solving gives the answer away: not the notation guide (open
with F3 beside every exercise), not a hint in its raw or rendered form, not the feedback of a
declared wrong answer or option. See leaks.py for how an answer is recognised (textually, and by
grading every fragment of the text with the exercise's own checker)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from exercises.loader import load_catalog
from tutor.mathtext import render_markdown_math

sys.path.insert(0, str(Path(__file__).parent))
from leaks import fragments, leaked_answers  # noqa: E402

EXERCISES = {e.qualified_id: e for e in load_catalog([], entry_points=False).exercises()}
GUIDE = (Path(__file__).parents[2] / "tutor" / "docs" / "notation.md").read_text("utf-8")


def _feedbacks(exercise):
    if exercise.expression is not None:
        yield from (w.feedback for w in exercise.expression.wrong)
    if exercise.choice is not None:
        yield from (
            o.feedback
            for o in exercise.choice.options
            if o.key != exercise.choice.correct and o.feedback
        )


@pytest.mark.parametrize("qid", sorted(EXERCISES))
def test_notation_guide_holds_no_answer(qid):
    assert leaked_answers(EXERCISES[qid], GUIDE, symbols_named=True) == []


@pytest.mark.parametrize("qid", sorted(EXERCISES))
def test_no_hint_states_the_answer_in_any_rendering(qid):
    exercise = EXERCISES[qid]
    for number, hint in enumerate(exercise.hints, 1):
        for shown in (hint, render_markdown_math(hint)):
            assert leaked_answers(exercise, shown) == [], f"hint {number}: {shown}"


@pytest.mark.parametrize("qid", sorted(EXERCISES))
def test_no_declared_feedback_states_the_answer(qid):
    exercise = EXERCISES[qid]
    for feedback in _feedbacks(exercise):
        assert leaked_answers(exercise, feedback) == [], feedback


def test_the_detector_finds_an_answer_in_another_notation():
    """The old guide's line gave delta-vs-lambda away in LaTeX; the old quadratic-ax feedback
    did so in Unicode. Both must be caught, and prose around them must not hide them."""
    delta = EXERCISES["adjoints/delta-vs-lambda"]
    old_guide = (
        "are related by $\\delta_i = \\lambda_i \\circ f_i'(W_i z_{i-1})$ (exercise "
        "`adjoints/delta-vs-lambda`): λ is the gradient"
    )
    assert leaked_answers(delta, old_guide)
    quadratic = EXERCISES["matrix-calculus/quadratic-ax"]
    assert leaked_answers(quadratic, "Check the sign: the cost grows as A grows along Axxᵀ.")
    assert leaked_answers(quadratic, "the gradient is (A x) times the transpose, (Ax)xᵀ here")
    assert not leaked_answers(quadratic, "uᵀ(dA)x has the bilinear form of the first exercise")


def test_fragments_cover_both_sides_of_an_equation():
    assert {"∂C/∂A", "y xᵀ"} <= fragments("so ∂C/∂A = y xᵀ, an outer product")
