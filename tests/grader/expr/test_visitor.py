"""The one dispatch over expression trees: every concern handles every construct, and a node a
concern does not know is an error (never a made-up rendering or value)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from grader.expr.adjoint import _Reverse
from grader.expr.nodes import NODE_TYPES, Node, Sym
from grader.expr.numeric import _Evaluate
from grader.expr.render import _Render, render
from grader.expr.shapes import _Inference
from grader.expr.simplify import _Rebuild
from grader.expr.to_sympy import _Explicit, _Symbolic
from grader.expr.visitor import UnknownNodeError, Visitor
from grader.family.latex import _Latex
from grader.family.numpy_form import _Numpy

CONCERNS = [
    _Inference,
    _Evaluate,
    _Render,
    _Symbolic,
    _Explicit,
    _Reverse,
    _Rebuild,
    _Latex,
    _Numpy,
]


@pytest.mark.parametrize("concern", CONCERNS, ids=lambda c: c.__name__)
def test_every_concern_handles_every_construct(concern: type[Visitor]):
    assert concern.missing() == []


def test_the_language_has_the_constructs_the_contract_names():
    names = {t.__name__ for t in NODE_TYPES}
    assert {
        "Sym",
        "Num",
        "Quantity",
        "Neg",
        "Transpose",
        "Power",
        "Apply",
        "Diag",
        "BinOp",
    } <= names


def test_an_unknown_node_is_an_error_not_a_question_mark():
    @dataclass(frozen=True)
    class Stranger(Node):
        pass

    try:
        with pytest.raises(UnknownNodeError, match="_Render cannot handle a Stranger node"):
            render(Stranger(0, 1))
        assert "Stranger" in _Render.missing()
    finally:
        NODE_TYPES.remove(Stranger)


def test_dispatch_follows_the_node_class():
    class Names(Visitor[str]):
        def visit_Sym(self, node: Sym) -> str:
            return "symbol " + node.name

    assert Names().visit(Sym(0, 1, "A")) == "symbol A"
    assert "Num" in Names.missing()
