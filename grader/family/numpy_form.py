"""A derived expression as a numpy expression, for ``show --variant N --json``.

Tests outside the project check a variant with numpy alone: they bind each symbol's ``py``
identifier to an array of its shape and each function's ``py`` to a callable, and evaluate
``cost_numpy`` and ``solution_numpy``. So the text uses only ``@``, ``.T``, ``*`` (for ⊙ and
for products with a 1×1 factor, which ``@`` would refuse), ``/``, ``**``, ``np.diag`` (of a
flattened vector) and ``np.trace``; every value is a 2-D array, the cost a 1×1 array.
"""

from __future__ import annotations

import keyword
import re
from fractions import Fraction

from grader.expr.nodes import Apply, BinOp, Diag, Neg, Node, Num, Power, Quantity, Sym, Transpose
from grader.expr.shapes import SCALAR
from grader.expr.symbols import GREEK


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


def to_numpy(node: Node, py: dict[str, str], shape_of) -> str:
    """``node`` as numpy text; ``shape_of(node)`` gives its symbolic shape."""

    def go(n: Node) -> str:
        if isinstance(n, Quantity):
            return go(n.definition)
        if isinstance(n, Sym):
            return py[n.name]
        if isinstance(n, Num):
            value = n.value
            if isinstance(value, Fraction) and value.denominator != 1:
                return f"({value.numerator}/{value.denominator})"
            return f"({value})" if value < 0 else str(value)
        if isinstance(n, Neg):
            return f"(-{go(n.operand)})"
        if isinstance(n, Transpose):
            return f"{go(n.operand)}.T"
        if isinstance(n, Power):
            return f"({go(n.base)} ** {n.exponent})"
        if isinstance(n, Apply):
            return f"{py[n.function]}({go(n.argument)})"
        if isinstance(n, Diag):
            return f"np.diag({go(n.argument)}.ravel())"
        if isinstance(n, BinOp):
            a, b = go(n.left), go(n.right)
            if n.op in ("+", "-", "/"):
                return f"({a} {n.op} {b})"
            scalar = shape_of(n.left) == SCALAR or shape_of(n.right) == SCALAR
            return f"({a} * {b})" if n.op == "hadamard" or scalar else f"({a} @ {b})"
        raise TypeError(f"cannot write {type(n).__name__} for numpy")

    text = go(node)
    return text[1:-1] if text.startswith("(") and _balanced(text[1:-1]) else text


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0
