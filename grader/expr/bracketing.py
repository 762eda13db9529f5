"""Shape errors that come from grouping: products are read from the left, so ``Wᵀ λ ⊙ f'(Wz)``
is ``(Wᵀ λ) ⊙ f'(Wz)``; when another bracketing of the learner's own factors would fit, the
error says so and shows it. Pure Python (the preview uses it on every keystroke that fails)."""

from __future__ import annotations

from collections.abc import Iterator

from grader.expr.errors import ExprError
from grader.expr.nodes import BinOp, Node, replaced
from grader.expr.render import render
from grader.expr.shapes import Shape, infer_shape
from grader.expr.symbols import Vocabulary

PRODUCTS = ("matmul", "hadamard")
MAX_FACTORS = 7
"""Catalan(6) = 132 bracketings at most: cheap, and longer chains are not typed by hand."""


def infer_shapes(parts: tuple[Node, ...], text: str, vocab: Vocabulary) -> tuple[Shape, ...]:
    """The shape of every part; a shape error names a bracketing that would fit, if any."""
    shapes = []
    for part in parts:
        try:
            shapes.append(infer_shape(part, text, vocab))
        except ExprError as error:
            fit = refit(part, text, vocab)
            if fit is None:
                raise
            raise ExprError(
                f"{error.message}. Products are grouped from the left, so this reads as "
                f"{render(part)}; bracketed as {render(fit)}, the shapes would fit",
                error.column,
                error.width,
            ) from None
    return tuple(shapes)


def refit(tree: Node, text: str, vocab: Vocabulary) -> Node | None:
    """Another grouping of one product chain of ``tree`` whose shapes fit, or None."""
    for chain in _chains(tree):
        factors, ops = _flatten(chain)
        if len(factors) < 3 or len(factors) > MAX_FACTORS:
            continue
        for grouped in _groupings(0, len(factors) - 1, factors, ops):
            if grouped == chain:
                continue
            candidate = replaced(tree, chain, grouped)
            try:
                infer_shape(candidate, text, vocab)
            except ExprError:
                continue
            return candidate
    return None


def _chains(tree: Node) -> Iterator[BinOp]:
    """Maximal chains of products (the topmost product of each run), outermost first."""
    stack = [(tree, False)]
    while stack:
        node, inside = stack.pop()
        is_product = isinstance(node, BinOp) and node.op in PRODUCTS
        if isinstance(node, BinOp) and is_product and not inside:
            yield node
        for child in reversed(node.children()):
            stack.append(
                (
                    child,
                    isinstance(node, BinOp)
                    and is_product
                    and isinstance(child, BinOp)
                    and child.op in PRODUCTS
                    and child is node.left,
                )
            )


def _flatten(chain: BinOp) -> tuple[list[Node], list[BinOp]]:
    """Factors and the operators between them, of a left-grouped chain ``((a b) c) d``."""
    factors: list[Node] = []
    ops: list[BinOp] = []
    node: Node = chain
    while isinstance(node, BinOp) and node.op in PRODUCTS:
        factors.insert(0, node.right)
        ops.insert(0, node)
        node = node.left
    factors.insert(0, node)
    return factors, ops


def _groupings(i: int, j: int, factors: list[Node], ops: list[BinOp]) -> Iterator[Node]:
    """Every binary grouping of factors i..j, keeping each operator between its neighbours."""
    if i == j:
        yield factors[i]
        return
    for k in range(i, j):
        for left in _groupings(i, k, factors, ops):
            for right in _groupings(k + 1, j, factors, ops):
                yield BinOp(left.start, right.end, ops[k].op, left, right, ops[k].spelled)
