"""A prompt's examples of how to type (every `code span` in it) answer no exercise: the typing
example `y x^T` was the answer of linear-yax, in its own prompt and in four others. A lone
symbol is exempt: the symbol bar lists every symbol, and ∂C/∂b = δ is one."""

from __future__ import annotations

import re

from exercises.loader import load_catalog
from grader.expr.check import check_expression

CATALOG = load_catalog([], entry_points=False)
EXPRESSIONS = [e for e in CATALOG.exercises() if e.expression is not None]


def _spans(text: str) -> set[str]:
    return {s.strip() for s in re.findall(r"`([^`\n]+)`", text) if s.strip()}


def _symbols(exercise) -> set[str]:
    return {
        name for symbol in exercise.expression.symbols for name in (symbol.name, *symbol.spellings)
    }


def test_no_code_span_of_any_prompt_is_an_answer():
    answered = []
    for exercise in CATALOG.exercises():
        for span in _spans(exercise.prompt_path.read_text(encoding="utf-8")):
            for other in EXPRESSIONS:
                if span not in _symbols(other) and check_expression(other, span, seed=1).passed:
                    answered.append(
                        f"{exercise.qualified_id}: `{span}` answers {other.qualified_id}"
                    )
    assert answered == []


def test_the_check_finds_an_answer_where_there_is_one():
    linear_yax = CATALOG.find("matrix-calculus/linear-yax")
    assert check_expression(linear_yax, "y x^T", seed=1).passed
