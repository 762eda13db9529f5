"""Shape errors from left-to-right grouping say so and show the bracketing that would fit."""

from __future__ import annotations

import pytest
from expr_anchors import anchor

from grader.expr.check import check_expression
from grader.expr.leaks import given_away
from grader.expr.preview import preview


@pytest.mark.parametrize(
    "qid, answer, fits",
    [
        ("adjoints/lemma-grad-z", "W^T λ ∘ f'(W z)", "Wᵀ (λ ⊙ f'(W z))"),
        ("adjoints/lemma-grad-z", "W' lambda .* f'(Wz)", "Wᵀ (λ ⊙ f'(W z))"),
        ("mlp/delta-hidden", "σ'(z^l) .* (W^{l+1})^T δ^{l+1}", "σ'(zˡ) ⊙ ((Wˡ⁺¹)ᵀ δˡ⁺¹)"),
        ("mlp/delta-hidden", "sigma'(z^l) ⊙ W^{l+1}ᵀ δ^{l+1}", "σ'(zˡ) ⊙ ((Wˡ⁺¹)ᵀ δˡ⁺¹)"),
        ("adjoints/lemma-grad-z", "Wᵀλ⊙f′(Wz)", "Wᵀ (λ ⊙ f'(W z))"),
    ],
)
def test_a_grouping_error_shows_the_bracketing_that_fits(qid, answer, fits):
    exercise = anchor(qid)
    verdict = check_expression(exercise, answer)
    assert verdict.status == "error"
    assert "grouped from the left" in verdict.feedback
    assert f"bracketed as {fits}, the shapes would fit" in verdict.feedback
    assert f"bracketed as {fits}" in preview(exercise, answer).error
    assert given_away(verdict.feedback, exercise.expression, answer) == []


@pytest.mark.parametrize(
    "qid, answer",
    [
        ("matrix-calculus/linear-yabx-db", "A y x^T"),  # no bracketing of these fits
        ("matrix-calculus/linear-yax", "y + x"),
        ("matrix-calculus/linear-yax", "x y"),
    ],
)
def test_no_bracketing_is_offered_when_none_fits(qid, answer):
    verdict = check_expression(anchor(qid), answer)
    assert verdict.status == "error" and "grouped from the left" not in verdict.feedback


def test_the_bracketed_answer_itself_is_graded_normally():
    assert check_expression(anchor("adjoints/lemma-grad-z"), "W^T (λ ∘ f'(W z))").passed
    assert check_expression(anchor("mlp/delta-hidden"), "σ'(z^l) .* ((W^{l+1})^T δ^{l+1})").passed
