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
