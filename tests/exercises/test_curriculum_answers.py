"""Exercises written or rewritten in the curriculum review accept realistic right answers in
several notations and reject realistic wrong ones with the right diagnosis (answers in
tests/data/expr/, the same format as the grammar anchors)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader.expr.check import check_expression

sys.path.insert(0, str(Path(__file__).parents[1] / "grader" / "expr"))
from expr_anchors import read_answers  # noqa: E402

REVIEWED = [
    "scalar-chains/backward-chain",
    "mlp/forward-shapes",
    "matrix-calculus/transpose-move-left",
    "scalar-chains/nonlinear-backward-chain",
    "matrix-calculus/linear-network-dw12",
    "matrix-calculus/squared-activation",
    "matrix-calculus/quadratic-nonsymmetric",
    "adjoints/graph-by-hand",
    "adjoints/delta-from-lambda",
    "mlp/descent-direction",
    "mlp/jacobian-layout",
]
EXERCISES = {e.qualified_id: e for e in load_catalog([], entry_points=False).exercises()}
GOOD = [(q, a) for q in REVIEWED for a in read_answers(q)[0]]
BAD = [(q, a, m, s) for q in REVIEWED for a, m, s in read_answers(q)[1]]


@pytest.mark.parametrize("qid", REVIEWED)
def test_each_reviewed_exercise_has_enough_realistic_answers(qid):
    good, bad = read_answers(qid)
    assert len(good) >= 6 and len(bad) >= 6


@pytest.mark.parametrize("qid,answer", GOOD)
def test_right_answer_passes(qid, answer):
    verdict = check_expression(EXERCISES[qid], answer)
    assert verdict.status == "passed", verdict.feedback


@pytest.mark.parametrize("qid,answer,mistake,status", BAD)
def test_wrong_answer_is_rejected_and_named(qid, answer, mistake, status):
    verdict = check_expression(EXERCISES[qid], answer)
    assert verdict.status == status, verdict.feedback
    assert verdict.feedback
    if mistake != "?":
        assert verdict.mistake == mistake, verdict.feedback


def test_the_worked_2_2_1_example_has_the_right_numbers():
    """The option marked right is what numpy computes for the prompt's network, and every other
    option is what its named mistake computes."""
    import numpy as np

    x, y = np.array([[1.0], [2.0]]), 2.0
    W1, b1 = np.array([[1.0, 0.0], [1.0, -1.0]]), np.zeros((2, 1))
    W2, b2 = np.array([[2.0, -1.0]]), 0.5
    z1 = W1 @ x + b1
    a1 = np.maximum(z1, 0)
    a2 = (W2 @ a1 + b2).item()
    d2 = a2 - y
    slope = (z1 > 0).astype(float)
    d1 = (W2.T * d2) * slope
    computed = {
        "a": d1 @ x.T,
        "b": (W2.T * d2) @ x.T,
        "c": (d1 @ x.T).T,
        "d": d1 @ a1.T,
        "e": (d2 * slope) @ x.T,
    }
    spec = EXERCISES["mlp/worked-221"].choice
    assert spec.correct == "a"
    for option in spec.options:
        rows = [
            tuple(float(v) for v in r.strip("$() ").split(","))
            for r in option.text.removeprefix("rows ").split(" and ")
        ]
        assert np.allclose(np.array(rows), computed[option.key]), option.key

    # and the gradient is the cost's slope: a central difference on one entry
    def cost(W):
        return 0.5 * ((W2 @ np.maximum(W @ x + b1, 0) + b2).item() - y) ** 2

    step = np.zeros((2, 2))
    step[0, 1] = 1e-6
    assert abs((cost(W1 + step) - cost(W1 - step)) / 2e-6 - computed["a"][0, 1]) < 1e-6
