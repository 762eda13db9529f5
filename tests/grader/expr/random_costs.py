"""Random scalar costs of the expression grammar, for property tests of the differentiator.

Every cost is well-shaped by construction: ``expression(shape)`` only ever asks for operands
whose shapes make the operation defined. The symbols cover every kind of leaf (rectangular and
square matrices, column vectors, scalars) over three distinct dimensions, and two element-wise
functions with declared derivatives, so that sums, products in every arrangement, transposes,
traces, norms and half squared norms, ⊙, diag, scalar multiples, powers, division and nested
activations all occur.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from exercises.model import ExpressionSpec, FunctionSpec, SymbolSpec
from grader.expr.nodes import Apply, BinOp, Diag, Neg, Node, Norm, Num, Power, Sym, Trace, Transpose

SHAPES = {
    "A": ("m", "n"),
    "B": ("n", "k"),
    "C": ("m", "m"),
    "D": ("k", "n"),
    "x": ("n", 1),
    "y": ("m", 1),
    "z": ("k", 1),
    "s": (1, 1),
}
SPEC = ExpressionSpec(
    symbols=tuple(SymbolSpec(name, shape) for name, shape in SHAPES.items()),
    expected=("x",),
    functions=(
        FunctionSpec("σ"),
        FunctionSpec("σ'", derivative_of="σ"),
        FunctionSpec("τ"),
        FunctionSpec("τ'", derivative_of="τ"),
    ),
)
DIMS = ("m", "n", "k", 1)
RULES = (
    "matmul",
    "matmul",
    "sum",
    "hadamard",
    "apply",
    "transpose",
    "neg",
    "number",
    "diag",
    "power",
    "divide",
    "scalar-times",
    "trace",
    "norm",
    "half-squared-norm",
)


def _leaves() -> dict[tuple, list[Node]]:
    out: dict[tuple, list[Node]] = {}
    for name, (r, c) in SHAPES.items():
        out.setdefault((r, c), []).append(Sym(0, 0, name))
        if (r, c) != (1, 1):
            out.setdefault((c, r), []).append(Transpose(0, 0, Sym(0, 0, name)))
    return out


LEAVES = _leaves()


class CostGenerator:
    def __init__(self, rng: np.random.Generator, max_depth: int = 4):
        self.rng = rng
        self.max_depth = max_depth

    def pick(self, items):
        return items[int(self.rng.integers(len(items)))]

    def leaf(self, shape: tuple) -> Node:
        if shape in LEAVES:
            return self.pick(LEAVES[shape])
        inner = [d for d in DIMS if (shape[0], d) in LEAVES and (d, shape[1]) in LEAVES]
        d = self.pick(inner)
        return BinOp(
            0, 0, "matmul", self.pick(LEAVES[(shape[0], d)]), self.pick(LEAVES[(d, shape[1])])
        )

    def expression(self, shape: tuple, depth: int) -> Node:
        if depth >= self.max_depth or self.rng.random() < 0.25 * depth:
            return self.leaf(shape)
        rule = self.pick(RULES)
        r, c = shape
        scalar = shape == (1, 1)
        go = lambda s: self.expression(s, depth + 1)  # noqa: E731
        if rule == "matmul":
            d = self.pick(DIMS)
            return BinOp(0, 0, "matmul", go((r, d)), go((d, c)))
        if rule == "sum":
            return BinOp(0, 0, self.pick(("+", "-")), go(shape), go(shape))
        if rule == "hadamard" and not scalar:
            return BinOp(0, 0, "hadamard", go(shape), go(shape))
        if rule == "apply":
            return Apply(0, 0, self.pick(("σ", "τ")), go(shape))
        if rule == "transpose":
            return Transpose(0, 0, go((c, r)))
        if rule == "neg":
            return Neg(0, 0, go(shape))
        if rule == "number":
            value = self.pick((Fraction(2), Fraction(1, 2), Fraction(3), Fraction(-1, 3)))
            return BinOp(0, 0, "matmul", Num(0, 0, value), go(shape))
        if rule == "diag" and r == c and r != 1:
            return Diag(0, 0, go((r, 1)))
        if rule == "power" and scalar:
            return Power(0, 0, go(shape), Fraction(self.pick((2, 3))))
        if rule == "divide":
            return BinOp(0, 0, "/", go(shape), self.pick((Num(0, 0, Fraction(4)), Sym(0, 0, "s"))))
        if rule == "trace" and scalar:
            d, e = self.pick(("m", "n", "k")), self.pick(DIMS)
            return Trace(0, 0, BinOp(0, 0, "matmul", go((d, e)), go((e, d))))
        if rule == "norm" and scalar:
            return Norm(0, 0, go(self.pick(list(LEAVES))))
        if rule == "half-squared-norm" and scalar:
            inner = Power(0, 0, Norm(0, 0, go(self.pick(list(LEAVES)))), Fraction(2))
            return BinOp(0, 0, "matmul", Num(0, 0, Fraction(1, 2)), inner)
        if rule == "scalar-times" and not scalar:
            return BinOp(0, 0, "matmul", go((1, 1)), go(shape))
        return self.leaf(shape)

    def cost(self) -> tuple[Node, str]:
        """A 1×1 cost and a symbol it depends on."""
        while True:
            tree = self.expression((1, 1), 0)
            names = sorted({n.name for n in _walk(tree) if isinstance(n, Sym)})
            if 3 <= _size(tree) <= 60:
                return tree, self.pick(names)


def _walk(node: Node):
    yield node
    for child in node.children():
        yield from _walk(child)


def _size(node: Node) -> int:
    return sum(1 for _ in _walk(node))
