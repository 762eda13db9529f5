"""Pretty Unicode rendering of a parsed expression, with the grouping made explicit.

The preview shows the learner how the input was read: ``y ⊙ σ'(Ax) xᵀ`` comes back as
``(y ⊙ σ'(A x)) xᵀ``, so a precedence surprise is visible before grading. Pure Python: the TUI
calls this on every keystroke.
"""

from __future__ import annotations

from fractions import Fraction

from grader.expr.nodes import Apply, BinOp, Diag, Neg, Node, Num, Power, Quantity, Sym, Transpose
from grader.expr.symbols import NAME_PATTERN, SUBSCRIPTS, SUPERSCRIPTS

SUM, PRODUCT, UNARY, POSTFIX, ATOM = 1, 2, 3, 4, 5
OPS = {"hadamard": " ⊙ ", "/": " / ", "+": " + ", "-": " − "}


def pretty_name(name: str) -> str:
    """``W^{l+1}`` -> ``Wˡ⁺¹``, ``σ_1'`` -> ``σ₁'``; names that do not convert stay as they are."""
    m = NAME_PATTERN.match(name)
    if m is None:
        return name
    index = m["braced"] or m["paren"] or m["bare"]
    if index is None:
        return name
    table = SUPERSCRIPTS if m["mark"] == "^" else SUBSCRIPTS
    if not all(c in table for c in index):
        return name
    return m["base"] + "".join(table[c] for c in index) + m["prime"]


def _has_superscript(name: str) -> bool:
    m = NAME_PATTERN.match(name)
    return bool(m and m["mark"] == "^")


def _number(value: Fraction | float) -> str:
    if isinstance(value, Fraction):
        if value == Fraction(1, 2):
            return "½"
        if value.denominator == 1:
            return str(value.numerator)
        return f"{float(value):g}" if len(str(value)) > 8 else str(value)
    return f"{value:g}"


def _level(node: Node) -> int:
    if isinstance(node, BinOp):
        return SUM if node.op in ("+", "-") else PRODUCT
    if isinstance(node, Neg):
        return UNARY
    if isinstance(node, (Transpose, Power)):
        return POSTFIX
    if isinstance(node, Num) and node.value < 0:
        return UNARY
    return ATOM


def _wrap(text: str) -> str:
    return f"({text})"


def render(node: Node) -> str:
    """The expression in pretty Unicode (ᵀ, ⊙, −, superscript and subscript indices)."""
    if isinstance(node, Sym):
        return pretty_name(node.name)
    if isinstance(node, Quantity):
        return pretty_name(node.name)
    if isinstance(node, Num):
        return _number(node.value)
    if isinstance(node, Neg):
        inner = render(node.operand)
        return "−" + (inner if _level(node.operand) >= POSTFIX else _wrap(inner))
    if isinstance(node, (Transpose, Power)):
        inner_node = node.operand if isinstance(node, Transpose) else node.base
        inner = render(inner_node)
        plain = _level(inner_node) == ATOM and not (
            isinstance(inner_node, (Sym, Quantity)) and _has_superscript(inner_node.name))
        if not plain and not isinstance(inner_node, Transpose):
            inner = _wrap(inner)
        if isinstance(node, Transpose):
            return inner + "ᵀ"
        exponent = str(node.exponent)
        return inner + "".join(SUPERSCRIPTS.get(c, c) for c in exponent)
    if isinstance(node, Apply):
        return f"{pretty_name(node.function)}({render(node.argument)})"
    if isinstance(node, Diag):
        return f"diag({render(node.argument)})"
    if isinstance(node, BinOp):
        return _binop(node)
    return "?"


def _binop(node: BinOp) -> str:
    left, right = render(node.left), render(node.right)
    if node.op in ("+", "-"):
        if _level(node.right) <= SUM:
            right = _wrap(right)
        return left + OPS[node.op] + right
    if _level(node.left) < PRODUCT or (
            _level(node.left) == PRODUCT and node.left.op != node.op):
        left = _wrap(left)
    if _level(node.right) <= PRODUCT:
        right = _wrap(right)
    return left + OPS.get(node.op, " ") + right
