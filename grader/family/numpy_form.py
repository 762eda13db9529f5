"""A derived expression as a numpy expression, for ``show --variant N --json``.

Tests outside the project check a variant with numpy alone: they bind each symbol's ``py``
identifier to an array of its shape and each function's ``py`` to a callable, and evaluate
``cost_numpy`` and ``solution_numpy``. So the text uses only ``@``, ``.T``, ``*`` (for ⊙ and
for products with a 1×1 factor, which ``@`` would refuse), ``/``, ``**``, ``np.diag`` (of a
flattened vector), ``np.trace`` and ``np.linalg.norm``; every value is a 2-D array or, for a
trace or a norm, a float, so the cost is a 1×1 array or a float.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from fractions import Fraction

from grader.expr.nodes import (
    Apply,
    BinOp,
    Diag,
    Neg,
    Node,
    Norm,
    Num,
    Power,
    Quantity,
    Sym,
    Trace,
    Transpose,
)
from grader.expr.shapes import SCALAR
from grader.expr.symbols import GREEK
from grader.expr.visitor import Visitor


def identifier(name: str) -> str:
    """A Python identifier for a declared name: ``σ_1'`` → ``dsigma_1``, ``W^{l+1}`` →
    ``W_l_1``, ``λ`` → ``lambda_``."""
    primes = len(name) - len(name.rstrip("'"))
    text = "".join(GREEK.get(c, c) for c in name.rstrip("'"))
    text = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_") or "v"
    if text[0].isdigit():
        text = "v" + text
    text = "d" * primes + text
    return text + "_" if keyword.iskeyword(text) else text


def identifiers(names: list[str]) -> dict[str, str]:
    """Distinct identifiers for ``names`` (a clash gets a numbered suffix)."""
    out: dict[str, str] = {}
    used: set[str] = {"np"}
    for name in names:
        base = candidate = identifier(name)
        i = 2
        while candidate in used:
            candidate, i = f"{base}_{i}", i + 1
        used.add(candidate)
        out[name] = candidate
    return out


def to_numpy(node: Node, py: dict[str, str], shape_of: Callable[[Node], tuple]) -> str:
    """``node`` as numpy text; ``shape_of(node)`` gives its symbolic shape."""
    text = _Numpy(py, shape_of).visit(node)
    return text[1:-1] if text.startswith("(") and _balanced(text[1:-1]) else text


class _Numpy(Visitor[str]):
    def __init__(self, py: dict[str, str], shape_of: Callable[[Node], tuple]):
        self.py = py
        self.shape_of = shape_of

    def visit_Quantity(self, n: Quantity) -> str:
        return self.visit(n.definition)

    def visit_Sym(self, n: Sym) -> str:
        return self.py[n.name]

    def visit_Num(self, n: Num) -> str:
        value = n.value
        if isinstance(value, Fraction) and value.denominator != 1:
            return f"({value.numerator}/{value.denominator})"
        return f"({value})" if value < 0 else str(value)

    def visit_Neg(self, n: Neg) -> str:
        return f"(-{self.visit(n.operand)})"

    def visit_Transpose(self, n: Transpose) -> str:
        return f"{self.visit(n.operand)}.T"

    def visit_Power(self, n: Power) -> str:
        return f"({self.visit(n.base)} ** {n.exponent})"

    def visit_Apply(self, n: Apply) -> str:
        return f"{self.py[n.function]}({self.visit(n.argument)})"

    def visit_Diag(self, n: Diag) -> str:
        return f"np.diag({self.visit(n.argument)}.ravel())"

    def visit_Trace(self, n: Trace) -> str:
        return f"np.trace({self.visit(n.argument)})"

    def visit_Norm(self, n: Norm) -> str:
        return f"np.linalg.norm({self.visit(n.argument)})"

    def visit_BinOp(self, n: BinOp) -> str:
        a, b = self.visit(n.left), self.visit(n.right)
        if n.op in ("+", "-", "/"):
            return f"({a} {n.op} {b})"
        scalar = self.shape_of(n.left) == SCALAR or self.shape_of(n.right) == SCALAR
        return f"({a} * {b})" if n.op == "hadamard" or scalar else f"({a} @ {b})"


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0
