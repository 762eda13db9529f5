"""Randomised numeric evaluation of parsed expressions: the decider of equivalence.

A *draw* fixes concrete sizes (distinct for distinct dimension names, so a transposed or
mis-indexed answer cannot pass by accident), float64 values for every symbol (a matrix's
entries scaled by 1/√cols, so that a product with a vector stays of order 1 and nested
activations do not saturate, where a slope of exactly 0 would hide a missing factor), and for every
declared function a random smooth function together with its true derivatives (so ``σ'`` is
the derivative of the ``σ`` drawn, and ``f_i`` and ``f_{i+1}`` are different functions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

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

Fn = Callable[[np.ndarray], np.ndarray]


def _sigmoid(u: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * u))


def _family(index: int, a: float, b: float) -> tuple[Fn, Fn, Fn]:
    """Function ``index`` of a small family, with its first and second derivatives."""
    if index == 0:

        def f(t):
            return np.tanh(a * t + b)

        def d(t):
            return a * (1 - np.tanh(a * t + b) ** 2)

        def dd(t):
            th = np.tanh(a * t + b)
            return -2 * a * a * th * (1 - th**2)
    elif index == 1:

        def f(t):
            return np.sin(a * t + b)

        def d(t):
            return a * np.cos(a * t + b)

        def dd(t):
            return -a * a * np.sin(a * t + b)
    elif index == 2:

        def f(t):
            return _sigmoid(a * t + b)

        def d(t):
            s = _sigmoid(a * t + b)
            return a * s * (1 - s)

        def dd(t):
            s = _sigmoid(a * t + b)
            return a * a * s * (1 - s) * (1 - 2 * s)
    elif index == 3:

        def f(t):
            return np.logaddexp(0.0, a * t + b)

        def d(t):
            return a * _sigmoid(a * t + b)

        def dd(t):
            s = _sigmoid(a * t + b)
            return a * a * s * (1 - s)
    elif index == 4:

        def f(t):
            return a * t**3 / 6 + t + b

        def d(t):
            return a * t**2 / 2 + 1

        def dd(t):
            return a * t
    else:

        def f(t):
            return np.arctan(a * t + b)

        def d(t):
            return a / (1 + (a * t + b) ** 2)

        def dd(t):
            u = a * t + b
            return -2 * a * a * u / (1 + u * u) ** 2

    return f, d, dd


FAMILY_SIZE = 6


@dataclass(frozen=True)
class Draw:
    dims: dict[str, int]
    values: dict[str, np.ndarray]
    functions: dict[str, Fn]


def _order(name: str, derivative_of: dict[str, str | None]) -> tuple[str, int]:
    """The base function of ``name`` and how many times it is differentiated."""
    order = 0
    while (base := derivative_of.get(name)) is not None and order < 3:
        name = base
        order += 1
    return name, order


def make_draw(
    spec: ExpressionSpec, rng: np.random.Generator, *, equal_dims: int | None = None
) -> Draw:
    """One random instance of the exercise; ``equal_dims`` gives every dimension that size
    (used to compare answers whose shapes only fit when the dimensions coincide)."""
    names = sorted({d for s in spec.symbols for d in s.shape if isinstance(d, str)})
    if equal_dims is not None:
        sizes = [equal_dims] * len(names)
    else:
        sizes = list(
            rng.choice(np.arange(2, 3 + max(6, len(names) + 2)), len(names), replace=False)
        )
    dims = {n: int(v) for n, v in zip(names, sizes)}
    size = lambda d: dims[d] if isinstance(d, str) else int(d)  # noqa: E731
    values = {
        s.name: rng.standard_normal((size(s.shape[0]), size(s.shape[1])))
        / np.sqrt(size(s.shape[1]) if size(s.shape[0]) > 1 else 1)
        for s in spec.symbols
    }
    for s in spec.symbols:
        if s.symmetric:
            values[s.name] = (values[s.name] + values[s.name].T) / 2
    derivative_of = {f.name: f.derivative_of for f in spec.functions}
    bases = sorted({_order(f.name, derivative_of)[0] for f in spec.functions})
    picks = rng.permutation(FAMILY_SIZE)
    families = {
        b: _family(int(picks[i % FAMILY_SIZE]), rng.uniform(0.6, 1.4), rng.uniform(-0.5, 0.5))
        for i, b in enumerate(bases)
    }
    functions = {}
    for f in spec.functions:
        base, order = _order(f.name, derivative_of)
        functions[f.name] = families[base][min(order, 2)]
    return Draw(dims, values, functions)


def evaluate(node: Node, draw: Draw) -> np.ndarray:
    """The value of ``node`` in ``draw`` as a 2-D float64 array (shapes already checked)."""
    return _Evaluate(draw).visit(node)


class _Evaluate(Visitor[np.ndarray]):
    def __init__(self, draw: Draw):
        self.draw = draw

    def visit_Sym(self, node: Sym) -> np.ndarray:
        return self.draw.values[node.name]

    def visit_Num(self, node: Num) -> np.ndarray:
        return np.array([[float(node.value)]])

    def visit_Quantity(self, node: Quantity) -> np.ndarray:
        return self.visit(node.definition)

    def visit_Neg(self, node: Neg) -> np.ndarray:
        return -self.visit(node.operand)

    def visit_Transpose(self, node: Transpose) -> np.ndarray:
        return self.visit(node.operand).T

    def visit_Power(self, node: Power) -> np.ndarray:
        return self.visit(node.base) ** float(node.exponent)

    def visit_Apply(self, node: Apply) -> np.ndarray:
        return self.draw.functions[node.function](self.visit(node.argument))

    def visit_Diag(self, node: Diag) -> np.ndarray:
        return np.diag(self.visit(node.argument).ravel())

    def visit_Trace(self, node: Trace) -> np.ndarray:
        return np.array([[np.trace(self.visit(node.argument))]])

    def visit_Norm(self, node: Norm) -> np.ndarray:
        return np.array([[np.linalg.norm(self.visit(node.argument))]])

    def visit_BinOp(self, node: BinOp) -> np.ndarray:
        return combine(
            node.op,
            self.visit(node.left),
            self.visit(node.right),
            hadamard=np.multiply,
            matmul=np.matmul,
        )


def close(a: np.ndarray, b: np.ndarray, *, rtol: float = 1e-7) -> bool:
    """Equal up to rounding, relative to the size of the values; NaN and inf never pass."""
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    return bool(np.max(np.abs(a - b), initial=0.0) <= rtol * scale + 1e-12)
