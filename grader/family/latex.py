"""A derived expression as LaTeX, for a variant's prompt (rendered like every prompt's math).

The grouping is the one ``grader.expr.render`` shows; names go through the same table of
Greek letters (``σ_1`` → ``\\sigma_1``), so that the prompt and the preview agree.
"""

from __future__ import annotations

from fractions import Fraction

from grader.expr.nodes import Apply, BinOp, Diag, Neg, Node, Num, Power, Quantity, Sym, Transpose
from grader.expr.symbols import GREEK

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
    if isinstance(node, (Sym, Quantity)):
        return latex_name(node.name)
    if isinstance(node, Num):
        return _number(node.value)
    if isinstance(node, Neg):
        inner = to_latex(node.operand)
        return "-" + (inner if _level(node.operand) >= POSTFIX else _wrap(inner))
    if isinstance(node, (Transpose, Power)):
        inner_node = node.operand if isinstance(node, Transpose) else node.base
        inner = to_latex(inner_node)
        if _level(inner_node) < POSTFIX:
            inner = _wrap(inner)
        elif "_" in inner or "^" in inner:
            inner = f"{{{inner}}}"
        return inner + ("^\\top" if isinstance(node, Transpose) else f"^{{{node.exponent}}}")
    if isinstance(node, Apply):
        return f"{latex_name(node.function)}\\left({to_latex(node.argument)}\\right)"
    if isinstance(node, Diag):
        return f"\\operatorname{{diag}}\\left({to_latex(node.argument)}\\right)"
    if isinstance(node, BinOp):
        left, right = to_latex(node.left), to_latex(node.right)
        if node.op in ("+", "-"):
            if _level(node.right) <= SUM:
                right = _wrap(right)
            return f"{left} {node.op} {right}"
        if node.op == "/":
            return f"\\frac{{{left}}}{{{right}}}"
        if _level(node.left) < PRODUCT or (
            _level(node.left) == PRODUCT and node.left.op != node.op
        ):
            left = _wrap(left)
        if _level(node.right) <= PRODUCT:
            right = _wrap(right)
        return f"{left} \\odot {right}" if node.op == "hadamard" else f"{left} {right}"
    raise TypeError(f"cannot write {type(node).__name__} in LaTeX")
