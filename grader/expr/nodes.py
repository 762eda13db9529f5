"""The parsed form of an answer: a small tree of frozen nodes, each knowing its source span.

Spans (0-based ``start``, exclusive ``end``) let shape errors quote the learner's own text
(``A y`` rather than a re-rendering) and point a caret at it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

Number = Fraction | float


@dataclass(frozen=True)
class Node:
    start: int
    end: int

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True)
class Sym(Node):
    name: str


@dataclass(frozen=True)
class Quantity(Node):
    """A named quantity; ``definition`` is its parsed definition (spans refer to that text)."""

    name: str
    definition: Node

    def children(self) -> tuple[Node, ...]:
        return (self.definition,)


@dataclass(frozen=True)
class Num(Node):
    value: Number


@dataclass(frozen=True)
class Neg(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Transpose(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Power(Node):
    base: Node
    exponent: Fraction

    def children(self) -> tuple[Node, ...]:
        return (self.base,)


@dataclass(frozen=True)
class Apply(Node):
    """An element-wise function (declared by the exercise) applied to its argument."""

    function: str
    argument: Node

    def children(self) -> tuple[Node, ...]:
        return (self.argument,)


@dataclass(frozen=True)
class Diag(Node):
    argument: Node

    def children(self) -> tuple[Node, ...]:
        return (self.argument,)


@dataclass(frozen=True)
class BinOp(Node):
    """``op`` is one of ``+ - matmul hadamard /``; ``spelled`` is what the learner typed
    (``*``, ``@``, `` `` for juxtaposition…), kept for messages."""

    op: str
    left: Node
    right: Node
    spelled: str = ""

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


def walk(node: Node):
    """All nodes of the tree, parents before children (iterative: trees can be deep)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children()))


def replaced(tree: Node, old: Node, new: Node) -> Node:
    """``tree`` with the node ``old`` (by identity) replaced by ``new``; spans left as they are."""
    if tree is old:
        return new
    fields = {f: replaced(getattr(tree, f), old, new)
              for f in ("operand", "base", "argument", "left", "right") if hasattr(tree, f)}
    return replace(tree, **fields) if fields else tree
