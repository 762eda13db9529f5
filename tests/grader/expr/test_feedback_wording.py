"""What the expression checker says: ``scale`` only for constants and sizes, symbol factors as
``missing-factor``/``extra-factor`` told by their link of the chain, checks that agree with the
verdict, and sentences that read as sentences."""

from __future__ import annotations

import pytest
from expr_anchors import anchor, constructed

from grader.expr.check import check_expression

DW01 = "scalar-chains/linear-dw01"
CHAIN = "scalar-chains/backward-chain"
NONLINEAR = "scalar-chains/nonlinear-chain"


@pytest.mark.parametrize(
    "qid, answer, what",
    [
        (DW01, "3 (x3 - y) w23 w12 x0", "3 times"),
        (DW01, "(x3 - y) w23 w12 x0 / 2", "1/2 times"),
        (DW01, "½ (x3 - y) w23 w12 x0", "1/2 times"),
        (DW01, "(x3-y)*w23*w12*x0*4", "4 times"),
        (CHAIN, "3 δ2 x0", "3 times"),
        (CHAIN, "-2 x0 δ2", "-2 times"),
        ("matrix-calculus/linear-yabx-db", "2 A^T y x^T", "2 times"),
        ("matrix-calculus/linear-yabx-db", "A^T y x^T / 4", "1/4 times"),
    ],
)
def test_a_constant_factor_is_scale(qid, answer, what):
    verdict = check_expression(anchor(qid), answer)
    assert (verdict.status, verdict.mistake) == ("wrong", "scale")
    assert what in verdict.feedback


@pytest.mark.parametrize(
    "qid, answer, link",
    [
        (CHAIN, "δ2", "one link of the chain"),  # no quantities declared: no link to name
        (CHAIN, "delta_2", "one link of the chain"),
        (DW01, "(x3 - y) w12 x0", "∂x3/∂x2"),
        (DW01, "(x3 - y)*w23*x0", "∂x2/∂x1"),
        (NONLINEAR, "(q2 - y) σ_2'(p2) w12 σ_1'(p1)", "∂p1/∂w01"),
        (NONLINEAR, "(q2 - y) σ_2'(p2) σ_1'(p1) q0", "∂p2/∂q1"),
    ],
)
def test_a_missing_symbol_factor_is_told_by_its_link(qid, answer, link):
    verdict = check_expression(anchor(qid), answer)
    assert (verdict.status, verdict.mistake) == ("wrong", "missing-factor")
    assert link in verdict.feedback and "divided by" not in verdict.feedback
    assert "sum" not in verdict.feedback and "mean" not in verdict.feedback


@pytest.mark.parametrize(
    "qid, answer",
    [
        (CHAIN, "δ2 x0 x0"),
        (CHAIN, "w23 δ2 x0"),
        (CHAIN, "δ2 x0 / y"),
        (DW01, "(x3 - y) w23 w23 w12 x0"),
        (DW01, "(x3 - y) w23 w12 x0 x0"),
        (DW01, "(x3 - y) w23 w12 x0 / y"),
    ],
)
def test_an_extra_symbol_factor_is_named_without_its_symbol(qid, answer):
    verdict = check_expression(anchor(qid), answer)
    assert (verdict.status, verdict.mistake) == ("wrong", "extra-factor")
    for name in ("x0", "w01", "w12", "w23", "∂"):
        assert name not in verdict.feedback.split("between")[0]


@pytest.mark.parametrize(
    "qid, answer",
    [
        (CHAIN, "δ2 x0"),
        (CHAIN, "x0 δ2"),
        (CHAIN, "x0*delta2"),
        (CHAIN, "δ₂ x₀"),
        (CHAIN, "x0 · δ_2"),
        (CHAIN, "δ_2·x_0"),
        (CHAIN, "(δ2)(x0)"),
        (DW01, "(x3-y)*w23*w12*x0"),
        (DW01, "x0 w12 w23 (x3 − y)"),
        (DW01, "(w23 x2 - y) w23 w12 x0"),
        (DW01, "w23 w12 x0 (x3 - y)"),
        (DW01, "(x₃ − y)·w₂₃·w₁₂·x₀"),
    ],
)
def test_right_answers_in_many_styles_still_pass(qid, answer):
    assert check_expression(anchor(qid), answer).passed, answer


@pytest.mark.parametrize("answer", ["x y^T A", "(A^T y x^T)^T", "x (A^T y)^T", "x yᵀ A"])
def test_a_transposed_answer_fails_the_shape_check(answer):
    verdict = check_expression(anchor("matrix-calculus/linear-yabx-db"), answer)
    shape = next(c for c in verdict.checks if c.name == "shape")
    assert verdict.mistake == "transposed" and not shape.passed
    assert "p×n" in shape.message and "n×p" in shape.message


def test_a_right_shape_passes_the_shape_check_even_when_the_value_is_wrong():
    verdict = check_expression(anchor("matrix-calculus/linear-yabx-db"), "-A^T y x^T")
    assert next(c for c in verdict.checks if c.name == "shape").passed


def test_a_difference_is_called_a_difference():
    verdict = check_expression(anchor("matrix-calculus/linear-yax"), "y - x")
    assert "a difference needs equal shapes" in verdict.feedback and "sum" not in verdict.feedback
    assert "a sum needs" in check_expression(anchor("matrix-calculus/linear-yax"), "y + x").feedback


def test_a_scalar_counterexample_reads_as_a_sentence():
    verdict = check_expression(anchor(DW01), "(x3 - y) w23 w12 x0 + 1")
    assert verdict.mistake is None and "its value" not in verdict.feedback
    assert "Counterexample: with random values, your answer is " in verdict.feedback
    assert " but should be " in verdict.feedback


def test_the_same_diagnosis_of_several_parts_is_said_once():
    exercise = constructed("matrix-calculus/matmul-adjoints")
    verdict = check_expression(exercise, "-Λ B^T, -A^T Λ")
    assert verdict.mistake == "sign" and verdict.feedback.count("wrong sign") == 1
    assert verdict.feedback.startswith("Parts 1 and 2: ")
    odd = check_expression(exercise, "Λ B^T + Λ B^T B B^T, A^T Λ + A^T A A^T Λ")
    assert odd.feedback.count("Not equal to the right answer") == 1
    assert "(1) " in odd.feedback and "(2) " in odd.feedback


def test_one_part_right_and_one_scaled_names_each_once():
    verdict = check_expression(constructed("matrix-calculus/matmul-adjoints"), "Λ B^T, 2 A^T Λ")
    assert verdict.feedback.startswith("Part 1 is right. Part 2: ")
    assert verdict.mistake == "scale" and verdict.score == 0.5
