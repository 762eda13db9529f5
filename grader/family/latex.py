"""A derived expression as LaTeX, for a variant's prompt (rendered like every prompt's math).

The grouping is the one ``grader.expr.render`` shows; names go through the same table of
Greek letters (``σ_1`` → ``\\sigma_1``), so that the prompt and the preview agree.
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
)
from grader.expr.symbols import GREEK
from grader.expr.visitor import Visitor

SUM, PRODUCT, UNARY, POSTFIX, ATOM = 1, 2, 3, 4, 5


def latex_name(name: str) -> str:
    """``σ_1'`` → ``\\sigma_1'``, ``W_2`` → ``W_2``, ``z_{l+1}`` as it is."""
    out = "".join(f"\\{GREEK[c]} " if c in GREEK else c for c in name)
    return out.replace(" _", "_").replace(" '", "'").strip()


def _level(node: Node) -> int:
    if isinstance(node, BinOp):
        return SUM if node.op in ("+", "-") else PRODUCT
    if isinstance(node, Neg) or (isinstance(node, Num) and node.value < 0):
        return UNARY
    if isinstance(node, (Transpose, Power)):
        return POSTFIX
    return ATOM


def _number(value) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        sign = "-" if value < 0 else ""
        return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    return str(value)


def _wrap(text: str) -> str:
    return f"\\left({text}\\right)"


def to_latex(node: Node) -> str:
    return _Latex().visit(node)


class _Latex(Visitor[str]):
    def visit_Sym(self, node: Sym) -> str:
        return latex_name(node.name)

    def visit_Quantity(self, node: Quantity) -> str:
        return latex_name(node.name)

    def visit_Num(self, node: Num) -> str:
        return _number(node.value)

    def visit_Neg(self, node: Neg) -> str:
        inner = self.visit(node.operand)
        return "-" + (inner if _level(node.operand) >= POSTFIX else _wrap(inner))

    def postfix(self, inner_node: Node, mark: str) -> str:
        inner = self.visit(inner_node)
        if _level(inner_node) < POSTFIX:
            inner = _wrap(inner)
        elif isinstance(inner_node, (Sym, Quantity)) and ("_" in inner or "^" in inner):
            inner = f"{{{inner}}}"
        return inner + mark

    def visit_Transpose(self, node: Transpose) -> str:
        return self.postfix(node.operand, "^\\top")

    def visit_Power(self, node: Power) -> str:
        return self.postfix(node.base, f"^{{{node.exponent}}}")

    def visit_Apply(self, node: Apply) -> str:
        return f"{latex_name(node.function)}\\left({self.visit(node.argument)}\\right)"

    def visit_Diag(self, node: Diag) -> str:
        return f"\\operatorname{{diag}}\\left({self.visit(node.argument)}\\right)"

    def visit_Trace(self, node: Trace) -> str:
        return f"\\operatorname{{tr}}\\left({self.visit(node.argument)}\\right)"

    def visit_Norm(self, node: Norm) -> str:
        return f"\\left\\lVert {self.visit(node.argument)} \\right\\rVert"

    def visit_BinOp(self, node: BinOp) -> str:
        left, right = self.visit(node.left), self.visit(node.right)
        if node.op in ("+", "-"):
            if _level(node.right) <= SUM:
                right = _wrap(right)
            return f"{left} {node.op} {right}"
        if node.op == "/":
            return f"\\frac{{{left}}}{{{right}}}"
        if _level(node.left) < PRODUCT or (
            isinstance(node.left, BinOp) and node.left.op != node.op
        ):
            left = _wrap(left)
        if _level(node.right) <= UNARY:  # A (−x), not A −x
            right = _wrap(right)
        return f"{left} \\odot {right}" if node.op == "hadamard" else f"{left} {right}"
