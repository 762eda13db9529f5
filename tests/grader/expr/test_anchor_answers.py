"""Every anchor exercise accepts its equivalent answers in all notations of the contract and
rejects the wrong ones with the right diagnosis (answers in tests/data/expr/)."""

from __future__ import annotations

import pytest
from expr_anchors import anchor, read_answers

from grader.expr.check import check_expression

ANCHORS = [
    "matrix-calculus/linear-yax",
    "matrix-calculus/linear-yabx-da",
    "matrix-calculus/linear-yabx-db",
    "matrix-calculus/quadratic-ax",
    "matrix-calculus/quadratic-abx-db",
    "matrix-calculus/activation-yax",
    "matrix-calculus/nested-db",
    "scalar-chains/linear-dw01",
    "mlp/delta-hidden",
    "adjoints/lemma-grad-z",
    "adjoints/lemma-grad-w",
]
GOOD = [(q, a) for q in ANCHORS for a in read_answers(q)[0]]
BAD = [(q, a, m, s) for q in ANCHORS for a, m, s in read_answers(q)[1]]


@pytest.mark.parametrize("qid", ANCHORS)
def test_each_anchor_has_enough_answers(qid):
    good, bad = read_answers(qid)
    assert len(good) >= 12 and len(bad) >= 10


@pytest.mark.parametrize("qid,answer", GOOD)
def test_equivalent_answer_passes(qid, answer):
    verdict = check_expression(anchor(qid), answer)
    assert verdict.status == "passed", verdict.feedback
    assert verdict.score == 1.0 and verdict.mistake is None


@pytest.mark.parametrize("qid,answer,mistake,status", BAD)
def test_wrong_answer_is_rejected_and_named(qid, answer, mistake, status):
    verdict = check_expression(anchor(qid), answer)
    assert verdict.status == status, verdict.feedback
    assert verdict.score == 0.0
    assert verdict.feedback
    if mistake != "?":
        assert verdict.mistake == mistake, verdict.feedback


@pytest.mark.parametrize("qid", ANCHORS)
def test_expected_answers_are_not_revealed_in_feedback(qid):
    exercise = anchor(qid)
    for answer, _, _ in read_answers(qid)[1]:
        feedback = check_expression(exercise, answer).feedback
        for expected in exercise.expression.expected:
            assert expected not in feedback


@pytest.mark.parametrize("qid", ANCHORS)
def test_anchor_exercise_verifies(qid):
    from grader.expr.verify import verify_expression_exercise

    assert verify_expression_exercise(anchor(qid)) == []
