"""Symbolic shape inference: every sub-expression gets (rows, cols) in the exercise's dimension
names, and a product that is undefined is reported on the learner's own sub-expression.

Dimensions are atoms (names or integers): two names are equal only when they are the same name,
because the grader draws different sizes for different names. A 1×1 result (``yᵀx``, a number,
a scalar symbol) multiplies anything, as in the notes.
"""

from __future__ import annotations

from exercises.model import Dim
from grader.expr.errors import ExprError
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
from grader.expr.symbols import Vocabulary
from grader.expr.visitor import Visitor

Shape = tuple[Dim, Dim]
SCALAR: Shape = (1, 1)


def show(shape: Shape) -> str:
    return f"{shape[0]}×{shape[1]}"


def is_scalar(shape: Shape) -> bool:
    return shape == SCALAR


class _Inference(Visitor[Shape]):
    def __init__(self, text: str, vocab: Vocabulary):
        self.text = text
        self.vocab = vocab

    def quote(self, node: Node) -> str:
        if isinstance(node, Quantity):
            return node.name
        return self.text[node.start : node.end].strip()

    def fail(self, node: Node, message: str) -> ExprError:
        return ExprError(
            f"in '{self.quote(node)}' (column {node.start + 1}): {message}",
            node.start + 1,
            node.end - node.start,
        )

    def visit_Sym(self, node: Sym) -> Shape:
        rows, cols = self.vocab.shapes[node.name]
        return (rows, cols)

    def visit_Num(self, node: Num) -> Shape:
        return SCALAR

    def visit_Quantity(self, node: Quantity) -> Shape:
        return quantity_shape(node, self.vocab)

    def visit_Neg(self, node: Neg) -> Shape:
        return self.visit(node.operand)

    def visit_Apply(self, node: Apply) -> Shape:
        return self.visit(node.argument)

    def visit_Transpose(self, node: Transpose) -> Shape:
        rows, cols = self.visit(node.operand)
        return (cols, rows)

    def visit_Power(self, node: Power) -> Shape:
        base = self.visit(node.base)
        if not is_scalar(base):
            raise self.fail(
                node,
                f"{self.quote(node.base)} is {show(base)}: powers with ^ "
                "apply to scalars only (use ⊙ for element-wise products)",
            )
        return SCALAR

    def visit_Diag(self, node: Diag) -> Shape:
        rows, cols = self.visit(node.argument)
        if cols == 1:
            return (rows, rows)
        if rows == 1:
            return (cols, cols)
        raise self.fail(
            node, f"diag(·) takes a vector, but {self.quote(node.argument)} is {show((rows, cols))}"
        )

    def visit_Trace(self, node: Trace) -> Shape:
        rows, cols = self.visit(node.argument)
        if rows != cols:
            raise self.fail(
                node,
                f"tr(·) takes a square matrix, but {self.quote(node.argument)} is "
                f"{show((rows, cols))}",
            )
        return SCALAR

    def visit_Norm(self, node: Norm) -> Shape:
        self.visit(node.argument)
        return SCALAR

    def visit_BinOp(self, node: BinOp) -> Shape:
        left, right = self.visit(node.left), self.visit(node.right)
        a, b = self.quote(node.left), self.quote(node.right)
        what = f"{a} is {show(left)} and {b} is {show(right)}"
        if node.op in ("+", "-"):
            if left != right:
                which = "a sum" if node.op == "+" else "a difference"
                raise self.fail(node, f"{what}: {which} needs equal shapes")
            return left
        if node.op == "/":
            if not is_scalar(right):
                raise self.fail(node, f"{b} is {show(right)}: you can divide by a scalar only")
            return left
        if is_scalar(left):
            return right
        if is_scalar(right):
            return left
        if node.op == "hadamard":
            if left != right:
                raise self.fail(node, f"{what}: an element-wise product needs equal shapes")
            return left
        if left[1] == right[0]:
            return (left[0], right[1])
        if left == right and node.spelled in ("*", ".*", "×") and 1 in left:
            raise self.fail(
                node,
                f"{what}: the product needs {left[1]} = {right[0]}. For the "
                "element-wise product of two vectors use ⊙ (or .*), not *",
            )
        raise self.fail(node, f"{what}: the product needs {left[1]} = {right[0]}")


def quantity_shape(node: Quantity, vocab: Vocabulary) -> Shape:
    return _Inference(vocab.definitions[node.name], vocab).visit(node.definition)


def infer_shape(node: Node, text: str, vocab: Vocabulary) -> Shape:
    """The shape of ``node`` (parsed from ``text``); raises ``ExprError`` on undefined shapes."""
    return _Inference(text, vocab).visit(node)
