"""The trace and norm constructs: tr(X) and ‖X‖ (with ½‖r‖²), typed every documented way,
shape-checked, evaluated, rendered so that the rendering reads back the same."""

from __future__ import annotations

import numpy as np
import pytest

from exercises.model import ExpressionSpec, SymbolSpec
from grader.expr.compiled import compile_spec
from grader.expr.errors import ExprError
from grader.expr.nodes import Norm, Trace
from grader.expr.numeric import evaluate, make_draw
from grader.expr.render import render

SPEC = ExpressionSpec(
    symbols=(
        SymbolSpec("A", ("m", "n")),
        SymbolSpec("B", ("n", "m")),
        SymbolSpec("L", ("m", "m")),
        SymbolSpec("x", ("n", 1)),
        SymbolSpec("b", ("m", 1)),
    ),
    expected=("x",),
)
C = compile_spec(SPEC)
DRAW = make_draw(SPEC, np.random.default_rng(3))
V = DRAW.values


@pytest.mark.parametrize(
    "text, value",
    [
        ("tr(A B)", np.trace(V["A"] @ V["B"])),
        (r"\operatorname{tr}(L^T A B)", np.trace(V["L"].T @ V["A"] @ V["B"])),
        (r"\mathrm{tr}(B A)", np.trace(V["B"] @ V["A"])),
        ("Tr(L)", np.trace(V["L"])),
        ("‖A x - b‖", np.linalg.norm(V["A"] @ V["x"] - V["b"])),
        ("1/2 ‖A x - b‖^2", 0.5 * np.linalg.norm(V["A"] @ V["x"] - V["b"]) ** 2),
        (r"\frac{1}{2} \| A x - b \|^2", 0.5 * np.linalg.norm(V["A"] @ V["x"] - V["b"]) ** 2),
        (r"\left\lVert A \right\rVert", np.linalg.norm(V["A"])),
        ("norm(x) ‖b‖", np.linalg.norm(V["x"]) * np.linalg.norm(V["b"])),
        ("‖(‖x‖ b)‖", np.linalg.norm(V["x"]) * np.linalg.norm(V["b"])),
    ],
)
def test_each_spelling_reads_evaluates_and_renders_back(text, value):
    parsed = C.read(text)
    assert parsed.shapes == ((1, 1),)
    assert np.isclose(evaluate(parsed.parts[0], DRAW)[0, 0], value)
    again = C.read(render(parsed.parts[0]))
    assert np.isclose(evaluate(again.parts[0], DRAW)[0, 0], value)


def test_the_nodes_are_the_new_constructs():
    assert isinstance(C.parse_one("tr(L)"), Trace)
    assert isinstance(C.parse_one("‖x‖"), Norm)


@pytest.mark.parametrize(
    "text, message",
    [
        ("tr(A)", "tr(·) takes a square matrix, but A is m×n"),
        ("‖x", "expected ‖ to close the norm"),
        ("‖‖x‖ b‖", "a norm inside a norm needs brackets"),
    ],
)
def test_misuse_is_a_clear_error(text, message):
    with pytest.raises(ExprError, match=message.replace("(", r"\(").replace(")", r"\)")):
        C.read(text)
