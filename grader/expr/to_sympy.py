"""Parsed expressions as sympy objects, in two forms.

* ``symbolic``: matrix expressions with symbolic sizes (``MatrixSymbol('A', m, n)``,
  ``HadamardProduct``, ``ElementwiseApplyFunction``, ``DiagMatrix``), the form sympy's matrix
  calculus works on (``Trace(cost).diff(A)``).
* ``explicit``: the same expression at concrete sizes, every entry a sympy expression in entry
  symbols (``A_1_2``) and undefined functions, so that sympy's ordinary (always reliable) scalar
  differentiation and simplification can be used entry by entry.

Only ``pack validate`` uses this module: importing sympy costs more than a cold check may take.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from exercises.model import ExpressionSpec
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
from grader.expr.visitor import Visitor, combine


def _rational(value) -> sp.Expr:
    return (
        sp.Rational(value.numerator, value.denominator)
        if hasattr(value, "denominator")
        else sp.Float(value)
    )


def _base_and_order(spec: ExpressionSpec, name: str) -> tuple[str, int]:
    derivative_of = {f.name: f.derivative_of for f in spec.functions}
    order = 0
    while base := derivative_of.get(name):
        name, order = base, order + 1
    return name, order


def _scalar_function(spec: ExpressionSpec, name: str):
    """``σ'`` as a callable on sympy scalars: the derivative of the undefined function σ."""
    base, order = _base_and_order(spec, name)
    f = sp.Function(base)
    t = sp.Dummy("t")
    body = f(t).diff(t, order) if order else f(t)
    return sp.Lambda(t, body)


def symbolic(node: Node, spec: ExpressionSpec) -> sp.Basic:
    """Matrix expression with symbolic dimensions (scalars 1×1 become plain factors)."""
    return _Symbolic(spec).visit(node)


class _Symbolic(Visitor[Any]):
    def __init__(self, spec: ExpressionSpec):
        self.spec = spec
        dims = {
            d: sp.Symbol(d, integer=True, positive=True)
            for s in spec.symbols
            for d in s.shape
            if isinstance(d, str)
        }
        self.shapes = {
            s.name: tuple(dims[d] if isinstance(d, str) else d for d in s.shape)
            for s in spec.symbols
        }

    def visit_Sym(self, n: Sym) -> Any:
        if self.shapes[n.name] == (1, 1):
            return sp.Symbol(n.name)
        return sp.MatrixSymbol(n.name, *self.shapes[n.name])

    def visit_Num(self, n: Num) -> Any:
        return _rational(n.value)

    def visit_Quantity(self, n: Quantity) -> Any:
        return self.visit(n.definition)

    def visit_Neg(self, n: Neg) -> Any:
        return -self.visit(n.operand)

    def visit_Transpose(self, n: Transpose) -> Any:
        inner = self.visit(n.operand)
        return inner.T if isinstance(inner, sp.MatrixExpr) else inner

    def visit_Power(self, n: Power) -> Any:
        return _as_scalar(self.visit(n.base)) ** _rational(n.exponent)

    def visit_Apply(self, n: Apply) -> Any:
        return ElementwiseApplyFunction(
            _scalar_function(self.spec, n.function), self.visit(n.argument)
        )

    def visit_Diag(self, n: Diag) -> Any:
        return sp.DiagMatrix(self.visit(n.argument))

    def visit_Trace(self, n: Trace) -> Any:
        return sp.Trace(self.visit(n.argument))

    def visit_Norm(self, n: Norm) -> Any:
        inner = self.visit(n.argument)
        if not isinstance(inner, sp.MatrixExpr):
            return sp.sqrt(inner**2)
        return sp.sqrt(sp.Trace(inner.T * inner))

    def visit_BinOp(self, n: BinOp) -> Any:
        a, b = self.visit(n.left), self.visit(n.right)
        if n.op in ("+", "-"):
            return a + b if n.op == "+" else a - b
        if n.op == "/":
            return a / _as_scalar(b)
        if _is_scalar(a) or _is_scalar(b):
            return (
                _as_scalar(a) * _as_scalar(b)
                if _is_scalar(a) and _is_scalar(b)
                else (_as_scalar(a) * b if _is_scalar(a) else a * _as_scalar(b))
            )
        return sp.HadamardProduct(a, b) if n.op == "hadamard" else a * b


def symbolic_gradient(cost: Node, wrt: str, spec: ExpressionSpec) -> sp.Basic:
    """sympy's own matrix-calculus derivative of a scalar cost (``Trace(cost).diff(X)``)."""
    c = symbolic(cost, spec)
    shape = next(s.shape for s in spec.symbols if s.name == wrt)
    if tuple(shape) == (1, 1):
        return sp.diff(_as_scalar(c), sp.Symbol(wrt))
    dims = {d: sp.Symbol(d, integer=True, positive=True) for d in shape if isinstance(d, str)}
    x = sp.MatrixSymbol(wrt, *(dims[d] if isinstance(d, str) else d for d in shape))
    return (sp.Trace(c) if isinstance(c, sp.MatrixExpr) else c).diff(x)


def concrete(expr: sp.Basic, spec: ExpressionSpec, dims: dict[str, int]) -> sp.Matrix:
    """A symbolic matrix expression at concrete sizes, with entries as in ``explicit``."""
    sizes = {sp.Symbol(d, integer=True, positive=True): v for d, v in dims.items()}
    replacements = {}
    for s in spec.symbols:
        rows, cols = (dims[d] if isinstance(d, str) else int(d) for d in s.shape)
        shape = (rows, cols)
        if shape != (1, 1):
            symbolic_shape = tuple(
                sp.Symbol(d, integer=True, positive=True) if isinstance(d, str) else d
                for d in s.shape
            )
            replacements[sp.MatrixSymbol(s.name, *symbolic_shape).subs(sizes)] = sp.ImmutableMatrix(
                entries(s.name, shape, s.symmetric)
            )
    value = expr.subs(sizes).subs(replacements).doit()
    return value if isinstance(value, sp.MatrixBase) else sp.Matrix([[value]])


def _is_scalar(e) -> bool:
    return not isinstance(e, sp.MatrixExpr) or e.shape == (1, 1)


def _as_scalar(e):
    return e[0, 0] if isinstance(e, sp.MatrixExpr) else e


def explicit(node: Node, spec: ExpressionSpec, dims: dict[str, int]) -> sp.Matrix:
    """The expression at concrete ``dims`` as an explicit sympy matrix of entry expressions."""
    return _Explicit(spec, dims).visit(node)


class _Explicit(Visitor[sp.Matrix]):
    def __init__(self, spec: ExpressionSpec, dims: dict[str, int]):
        self.spec = spec
        size = lambda d: dims[d] if isinstance(d, str) else int(d)  # noqa: E731
        self.shapes = {s.name: (size(s.shape[0]), size(s.shape[1])) for s in spec.symbols}
        self.symmetric = symmetric_names(spec)

    def visit_Sym(self, n: Sym) -> sp.Matrix:
        return entries(n.name, self.shapes[n.name], n.name in self.symmetric)

    def visit_Num(self, n: Num) -> sp.Matrix:
        return sp.Matrix([[_rational(n.value)]])

    def visit_Quantity(self, n: Quantity) -> sp.Matrix:
        return self.visit(n.definition)

    def visit_Neg(self, n: Neg) -> sp.Matrix:
        return -self.visit(n.operand)

    def visit_Transpose(self, n: Transpose) -> sp.Matrix:
        return self.visit(n.operand).T

    def visit_Power(self, n: Power) -> sp.Matrix:
        return self.visit(n.base).applyfunc(lambda e: e ** _rational(n.exponent))

    def visit_Apply(self, n: Apply) -> sp.Matrix:
        base, order = _base_and_order(self.spec, n.function)
        t = sp.Symbol("t")
        body = sp.Function(base)(t).diff(t, order) if order else sp.Function(base)(t)
        return self.visit(n.argument).applyfunc(lambda e: body.subs(t, e))

    def visit_Diag(self, n: Diag) -> sp.Matrix:
        return sp.diag(*list(self.visit(n.argument)))

    def visit_Trace(self, n: Trace) -> sp.Matrix:
        return sp.Matrix([[self.visit(n.argument).trace()]])

    def visit_Norm(self, n: Norm) -> sp.Matrix:
        inner = self.visit(n.argument)
        return sp.Matrix([[sp.sqrt(sum(e**2 for e in inner))]])

    def visit_BinOp(self, n: BinOp) -> sp.Matrix:
        return combine(
            n.op,
            self.visit(n.left),
            self.visit(n.right),
            hadamard=lambda a, b: a.multiply_elementwise(b),
            matmul=lambda a, b: a * b,
        )


def entries(name: str, shape: tuple[int, int], symmetric: bool = False) -> sp.Matrix:
    """A matrix of entry symbols ``name_i_j`` (a 1×1 symbol is just ``name``); a symmetric
    one has one symbol for (i, j) and (j, i), so that ``2 S x`` equals ``(S + Sᵀ) x`` here
    as it does for the matrices the numeric checks draw."""
    if shape == (1, 1):
        return sp.Matrix([[sp.Symbol(name)]])

    def entry(i: int, j: int) -> sp.Symbol:
        if symmetric:
            i, j = min(i, j), max(i, j)
        return sp.Symbol(f"{name}_{i + 1}_{j + 1}")

    return sp.Matrix(shape[0], shape[1], entry)


def symmetric_names(spec: ExpressionSpec) -> frozenset[str]:
    return frozenset(s.name for s in spec.symbols if s.symmetric)
