"""Verdicts of the expression checker: multi-part answers, diagnoses, counterexamples, and the
validation that ``pack validate`` runs on an exercise's own answers."""

from __future__ import annotations

import re
from dataclasses import replace

from expr_anchors import anchor, constructed

from exercises.model import WrongAnswer
from grader.expr.check import check_expression
from grader.expr.verify import verify_expression_exercise

ADJ = "matrix-calculus/matmul-adjoints"


def test_multi_part_answer_is_compared_part_by_part():
    verdict = check_expression(constructed(ADJ), "Λ B^T, A^T Λ")
    assert verdict.passed and [c.name for c in verdict.checks][-2:] == ["part 1", "part 2"]


def test_multi_part_answer_accepts_other_spellings():
    assert check_expression(constructed(ADJ), r"\Lambda B', (Λ^T A)^T").passed


def test_one_right_part_earns_half_the_score():
    verdict = check_expression(constructed(ADJ), "Λ B^T, -A^T Λ")
    assert verdict.status == "wrong" and verdict.score == 0.5
    assert verdict.mistake == "sign" and "Part 1 is right" in verdict.feedback


def test_parts_in_the_wrong_order_are_named_swapped():
    exercise = constructed(ADJ)
    bare = replace(exercise, expression=replace(exercise.expression, wrong=()))
    verdict = check_expression(bare, "A^T Λ, Λ B^T")
    assert verdict.mistake == "swapped" and verdict.score == 0.0


def test_wrong_number_of_parts_is_an_error():
    verdict = check_expression(constructed(ADJ), "Λ B^T")
    assert verdict.status == "error" and "2 expressions separated by commas" in verdict.feedback


def test_unexplained_wrong_answer_gets_a_counterexample_without_the_solution():
    verdict = check_expression(anchor("matrix-calculus/linear-yax"), "A")
    example = verdict.extra["counterexample"]
    assert verdict.mistake is None and "Counterexample" in verdict.feedback
    assert set(example["dims"]) == {"m", "n"} and example["dims"]["m"] != example["dims"]["n"]
    assert example["yours"] != example["expected"] and "y x" not in verdict.feedback


def test_same_seed_gives_the_same_counterexample():
    exercise = anchor("matrix-calculus/linear-yax")
    first = check_expression(exercise, "A", seed=7).extra
    assert check_expression(exercise, "A", seed=7).extra == first


def test_constant_factor_on_a_scalar_answer_is_named_scale():
    exercise = anchor("scalar-chains/linear-dw01")
    verdict = check_expression(exercise, "3 (x3 - y) w23 w12 x0")
    assert verdict.mistake == "scale" and "3 times" in verdict.feedback


def test_factor_of_a_declared_scalar_is_an_extra_factor_not_named():
    verdict = check_expression(anchor("scalar-chains/linear-dw01"), "(x3 - y) w23 w12 x0 / y")
    assert verdict.mistake == "extra-factor" and "factor too many" in verdict.feedback
    assert not re.search(r"\by\b", verdict.feedback)


def test_declared_wrong_answer_takes_precedence_over_generic_diagnosis():
    verdict = check_expression(anchor("mlp/delta-hidden"), "(W^{l+1})^T δ^{l+1}")
    assert verdict.mistake == "missing-derivative"
    assert "pre-activation" in verdict.feedback


def test_declared_wrong_answer_with_undefined_shapes_is_still_named():
    verdict = check_expression(anchor("matrix-calculus/linear-yax"), "x^T y")
    assert verdict.status == "error" and verdict.mistake == "inner-product"
    assert "needs n = m" in verdict.feedback


def test_star_between_vectors_suggests_the_elementwise_product():
    verdict = check_expression(anchor("adjoints/lemma-grad-w"), "(λ * f'(W z)) z^T")
    assert verdict.status == "error" and "use ⊙" in verdict.feedback


def test_quantities_are_usable_and_expanded():
    exercise = anchor("scalar-chains/linear-dw01")
    assert check_expression(exercise, "(w23 x2 - y) w23 w12 x0").passed
    assert check_expression(exercise, "(x3 - y) x3 / w01").passed


def test_exercise_with_wrong_expected_answer_fails_validation():
    exercise = anchor("matrix-calculus/linear-yax")
    broken = replace(
        exercise, expression=replace(exercise.expression, expected=("2 y x^T",), wrong=())
    )
    problems = verify_expression_exercise(broken)
    assert any("finite differences" in p for p in problems)
    assert any("sympy" in p for p in problems)


def test_validation_reports_a_declared_wrong_answer_that_is_right():
    exercise = anchor("matrix-calculus/linear-yax")
    broken = replace(
        exercise,
        expression=replace(
            exercise.expression, wrong=(WrongAnswer("(x y^T)^T", "transposed", "no"),)
        ),
    )
    assert any("graded as correct" in p for p in verify_expression_exercise(broken))


def test_validation_reports_a_declared_wrong_answer_shadowed_by_another():
    exercise = anchor("matrix-calculus/linear-yax")
    wrong = (WrongAnswer("-y x^T", "sign", "a"), WrongAnswer("-(y x^T)", "other", "b"))
    broken = replace(exercise, expression=replace(exercise.expression, wrong=wrong))
    assert any("diagnosed as 'sign'" in p for p in verify_expression_exercise(broken))


def test_validation_reports_unequal_alternatives_and_a_bad_cost():
    exercise = anchor("matrix-calculus/linear-yax")
    broken = replace(
        exercise,
        expression=replace(exercise.expression, expected=("y x^T", "x y^T"), cost="A x", wrong=()),
    )
    problems = verify_expression_exercise(broken)
    assert any("has shape n×m" in p for p in problems)
    assert any("must be one scalar" in p for p in problems)


def test_validation_checks_vector_gradients_through_sympy_and_differences():
    assert verify_expression_exercise(anchor("adjoints/lemma-grad-z")) == []
    exercise = anchor("adjoints/lemma-grad-z")
    broken = replace(
        exercise,
        expression=replace(exercise.expression, expected=("W^T (λ ∘ f'(f(W z)))",), wrong=()),
    )
    assert len(verify_expression_exercise(broken)) == 2


def test_validation_uses_sympys_matrix_calculus_where_it_applies():
    exercise = constructed("matrix-calculus/quadratic-ax")
    broken = replace(exercise, expression=replace(exercise.expression, expected=("2 A x x^T",)))
    assert any("sympy's matrix derivative" in p for p in verify_expression_exercise(broken))
