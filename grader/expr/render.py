"""Pretty Unicode rendering of a parsed expression, with the grouping made explicit.

The preview shows the learner how the input was read: ``y ⊙ σ'(Ax) xᵀ`` comes back as
``(y ⊙ σ'(A x)) xᵀ``, so a precedence surprise is visible before grading. Pure Python: the TUI
calls this on every keystroke.
"""

from __future__ import annotations

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
    walk,
)
from grader.expr.symbols import NAME_PATTERN, SUBSCRIPTS, SUPERSCRIPTS
from grader.expr.visitor import Visitor

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
    return _RENDER.visit(node)


class _Render(Visitor[str]):
    def visit_Sym(self, node: Sym) -> str:
        return pretty_name(node.name)

    def visit_Quantity(self, node: Quantity) -> str:
        return pretty_name(node.name)

    def visit_Num(self, node: Num) -> str:
        return _number(node.value)

    def visit_Neg(self, node: Neg) -> str:
        inner = self.visit(node.operand)
        return "−" + (inner if _level(node.operand) >= POSTFIX else _wrap(inner))

    def visit_Transpose(self, node: Transpose) -> str:
        return self.postfix(node.operand) + "ᵀ"

    def visit_Power(self, node: Power) -> str:
        return self.postfix(node.base) + "".join(SUPERSCRIPTS.get(c, c) for c in str(node.exponent))

    def postfix(self, inner_node: Node) -> str:
        """The operand of a postfix operator, bracketed unless it is a plain atom."""
        inner = self.visit(inner_node)
        plain = _level(inner_node) == ATOM and not (
            isinstance(inner_node, (Sym, Quantity)) and _has_superscript(inner_node.name)
        )
        if not plain and not isinstance(inner_node, Transpose):
            inner = _wrap(inner)
        return inner

    def visit_Apply(self, node: Apply) -> str:
        return f"{pretty_name(node.function)}({self.visit(node.argument)})"

    def visit_Diag(self, node: Diag) -> str:
        return f"diag({self.visit(node.argument)})"

    def visit_Trace(self, node: Trace) -> str:
        return f"tr({self.visit(node.argument)})"

    def visit_Norm(self, node: Norm) -> str:
        inner = self.visit(node.argument)
        nested = any(isinstance(n, Norm) for n in walk(node.argument))
        return f"‖({inner})‖" if nested else f"‖{inner}‖"  # bars inside bars need brackets

    def visit_BinOp(self, node: BinOp) -> str:
        left, right = self.visit(node.left), self.visit(node.right)
        if node.op in ("+", "-"):
            if _level(node.right) <= SUM:
                right = _wrap(right)
            return left + OPS[node.op] + right
        left_level = _level(node.left)
        if left_level < PRODUCT or (
            left_level == PRODUCT and isinstance(node.left, BinOp) and node.left.op != node.op
        ):
            left = _wrap(left)
        if _level(node.right) <= UNARY:  # A (−x), not A −x (a difference)
            right = _wrap(right)
        return left + OPS.get(node.op, " ") + right


_RENDER = _Render()
