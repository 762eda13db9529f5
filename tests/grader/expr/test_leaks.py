"""Feedback never gives the answer away: the checker itself, then every declared wrong answer's
feedback and every generic diagnosis of every expression exercise run through it."""

from __future__ import annotations

import pytest
from mutants import mutants

from exercises.loader import load_catalog
from grader.expr.check import check_expression
from grader.expr.leaks import given_away, normal_form

CATALOG = load_catalog()
EXERCISES = [e for e in CATALOG.exercises() if e.expression is not None]
IDS = [e.qualified_id for e in EXERCISES]


def spec(qid: str):
    return CATALOG.find(qid).expression


YABX_DB = "matrix-calculus/linear-yabx-db"


@pytest.mark.parametrize(
    "text",
    [
        "the vector left of B is (yᵀA)ᵀ = Aᵀy.",  # Unicode, as the renderer writes it
        "the vector left of B is A^T y.",  # ASCII, as learners type it
        r"the vector left of B is $A^\top y$.",  # LaTeX, as prompts are written
        r"the vector left of B is \mathbf{A}^{T}\,y.",
        "the vector left of B is A' * y.",
        "the gradient is Aᵀ(y xᵀ)",  # grouped another way
    ],
)
def test_a_piece_of_the_answer_is_found_in_any_notation(text):
    assert given_away(text, spec(YABX_DB), "A y x^T")


@pytest.mark.parametrize(
    "text",
    [
        "A y only fits when n = m: find the row vector that sits left of B in yᵀABx.",
        "A column has the shape of the vector; a gradient has the shape of B.",
        "Your answer A y xᵀ multiplies A y first.",  # the learner's own pieces may be quoted
        "Check the order of each product in A y x^T.",
    ],
)
def test_what_the_learner_wrote_and_plain_prose_are_no_leak(text):
    assert given_away(text, spec(YABX_DB), "A y x^T") == []


def test_the_known_leaks_are_found():
    """The three sentences the first-hour report quoted (before they were reworded)."""
    assert given_away(
        "Your answer is the right one divided by x0: check whether a sum or a mean is asked for.",
        spec("scalar-chains/backward-chain"),
        "δ2",
    )
    assert given_away(
        "A y only fits when n = m: the vector that sits left of B is (yᵀA)ᵀ = Aᵀy.",
        spec(YABX_DB),
        "A y x^T",
    )
    assert given_away(
        "Check the sign of λ₃: ∇_{z₃}𝓛 = (z₃ − y) − λ₃ = 0, so λ₃ = z₃ − y.",
        spec("adjoints/lambda-recursion"),
        "W_3^T ((y - z_3) ∘ f_3'(W_3 z_2))",
    )


def test_naming_the_symbol_to_swap_in_is_a_leak_naming_a_wrong_one_is_not():
    chain = spec("scalar-chains/backward-chain")
    assert given_away("the forward part is x0, not x1.", chain, "δ2 x1") == ["x0"]
    assert given_away("x1 is the wrong forward value.", chain, "δ2 x1") == []


def test_with_no_answer_written_compound_pieces_count():
    """As for a hint: a product of the answer counts, naming a symbol alone does not."""
    chain = spec("scalar-chains/backward-chain")
    assert given_away("The answer is δ₂x₀.", chain) == ["δ2 x0"]
    assert given_away("Use the backward chain δ2 and a forward value.", chain) == []
    assert normal_form(r"\sigma'(W^{l+1}) \odot x") == normal_form("σ′(Wˡ⁺¹) ∘ x")


def _wrong_answer_cases():
    for exercise in EXERCISES:
        for wrong in exercise.expression.wrong:
            yield pytest.param(exercise, wrong, id=f"{exercise.qualified_id}:{wrong.mistake}")


@pytest.mark.parametrize("exercise, wrong", list(_wrong_answer_cases()))
def test_declared_feedback_gives_nothing_away(exercise, wrong):
    verdict = check_expression(exercise, wrong.expression)
    assert verdict.mistake == wrong.mistake
    assert given_away(wrong.feedback, exercise.expression, wrong.expression) == []
    assert given_away(verdict.feedback, exercise.expression, wrong.expression) == []


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_generic_diagnoses_give_nothing_away(exercise):
    seen = 0
    for kind, answer in mutants(exercise.expression):
        verdict = check_expression(exercise, answer)
        if verdict.passed:
            continue
        seen += 1
        shown = " ".join([verdict.feedback, *(c.message for c in verdict.checks)])
        assert given_away(shown, exercise.expression, answer) == [], (kind, answer, shown)
    assert seen >= 6


def test_the_ascii_forms_a_latin1_terminal_prints_are_found_too():
    from tutor.terminal import ascii_form

    delta = spec("mlp/delta-hidden")
    shown = ascii_form("The answer is σ′(zˡ) ⊙ ((Wˡ⁺¹)ᵀ δˡ⁺¹).")
    assert shown.isascii()
    assert given_away(shown, delta, "(W^{l+1})^T δ^{l+1}")
    assert given_away("Use sigma'(z^l) .* your vector.", delta, "(W^{l+1})^T δ^{l+1}")
