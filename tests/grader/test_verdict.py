"""How a verdict reads at a terminal and in a notebook: each message once."""

from __future__ import annotations

import re

import pytest

from exercises.loader import load_catalog
from grader.expr.check import check_expression

EXERCISE = load_catalog().find("matrix-calculus/linear-yax")


@pytest.mark.parametrize("answer", ["A y", "W_3", "y x^", "x^T A"])
def test_a_failed_check_does_not_repeat_the_feedback(answer):
    verdict = check_expression(EXERCISE, answer)
    assert not verdict.passed
    assert len(re.findall(r"column \d+", verdict.feedback)) == 1
    for text in (verdict.describe(), verdict._repr_markdown_()):
        assert len(re.findall(r"column \d+", text)) == 1, text
    # machines still get every check's message
    assert all(c.message for c in verdict.checks if not c.passed)


def test_checks_that_add_something_keep_their_message():
    verdict = check_expression(EXERCISE, "x y^T")
    lines = verdict.describe().splitlines()
    assert any(line.strip().startswith("✗ shape: ") for line in lines)
    assert any(line.strip().startswith("✓ parse: ") for line in lines)
