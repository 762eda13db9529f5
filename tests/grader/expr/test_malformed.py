"""Malformed and hostile answers: an error verdict naming the position and what was expected,
never a traceback, never anything executed (inputs in tests/data/expr/malformed.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from expr_anchors import ANSWERS, anchor

from grader.expr.check import check_expression
from grader.expr.preview import preview


def _cases():
    for line in (ANSWERS / "malformed.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        qid, column, words, text = (p.strip() for p in line.split("|||"))
        yield qid, None if column == "-" else int(column), words, text


CASES = list(_cases())
YAX = "matrix-calculus/linear-yax"


def test_there_are_enough_malformed_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("qid,column,words,text", CASES)
def test_malformed_answer_names_position_and_problem(qid, column, words, text):
    verdict = check_expression(anchor(qid), text)
    assert verdict.status == "error"
    assert words in verdict.feedback
    assert verdict.extra.get("column") == column


@pytest.mark.parametrize("qid,column,words,text", CASES)
def test_preview_shows_the_same_error(qid, column, words, text):
    shown = preview(anchor(qid), text)
    if "asks for one expression" in words:
        assert shown.ok
        return
    assert not shown.ok and words in shown.error and shown.column == column
    if column is not None:
        assert shown.caret.splitlines()[1].index("^") == column - 1


HOSTILE = {
    "null byte": ("y\x00 x^T", "control character"),
    "right-to-left override": ("y \u202e x^T", "control character"),
    "40000-deep nesting": ("(" * 40000 + "y" + ")" * 40000 + " x^T", "nested too deeply"),
    "deep square brackets": ("[" * 40000 + "y", "nested too deeply"),
    "long chain of minus signs": ("-" * 300 + "y x^T", "nested too deeply"),
    "long chain of transposes": ("y" + "'" * 500, "nested too deeply"),
    "very long input": ("y x^T + " * 20000 + "y x^T", "too long"),
    "huge exponent": ("(y^T y)^99999999999", "too large"),
    "huge braced exponent": ("(y^T y)^{10000000}", "too large"),
    "huge superscript exponent": ("(y^T y)⁹⁹⁹⁹⁹⁹⁹⁹", "too large"),
    "superscript digits as a number": ("² y x^T", "expected a symbol"),
    "huge number": ("1" * 500 + " y x^T", "too long"),
    "python import": ("__import__('os').system('touch /tmp/pwned-by-answer')", "unknown symbol"),
    "eval call": ("eval('1+1')", "unknown symbol 'eval'"),
    "shell substitution": ("$(rm -rf ~) y x^T", "unknown symbol"),
    "sympy constructor": ("Symbol('y') x^T", "unknown symbol"),
    "lambda": ("(lambda: 0)()", "unknown symbol"),
    "dunder attribute": ("y.__class__", "unexpected character '.'"),
    "many commas": ("," * 900, "expected a symbol"),
}


@pytest.mark.timeout(5)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_refused_with_a_clear_error(name):
    text, words = HOSTILE[name]
    verdict = check_expression(anchor(YAX), text)
    assert verdict.status == "error"
    assert words in verdict.feedback
    assert not Path("/tmp/pwned-by-answer").exists()
    assert not preview(anchor(YAX), text).ok


def test_error_message_has_a_caret_under_the_problem():
    verdict = check_expression(anchor(YAX), "A^T y x^")
    lines = verdict.feedback.splitlines()
    assert lines[0] == "expected T or an exponent after ^ at column 9"
    assert lines[1] == "A^T y x^" and lines[2] == " " * 8 + "^"


def test_shape_error_quotes_the_learners_own_subexpression():
    verdict = check_expression(anchor("mlp/delta-hidden"), "sigma'(z_l) .* W_{l+1}' delta^{l+1}")
    assert "sigma'(z_l) .* W_{l+1}'" in verdict.feedback
    assert "n_l×1" in verdict.feedback and "n_l×n_next" in verdict.feedback
