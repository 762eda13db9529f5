"""The parsed form of an answer: a small tree of frozen nodes, each knowing its source span.

Spans (0-based ``start``, exclusive ``end``) let shape errors quote the learner's own text
(``A y`` rather than a re-rendering) and point a caret at it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

Number = Fraction | float

NODE_TYPES: list[type[Node]] = []
"""Every construct of the language, in definition order (``visitor.Visitor.missing`` uses it)."""

BUILTIN_FUNCTIONS: dict[str, Callable[[int, int, Node], Node]] = {}
"""Name -> node class of the built-in functions written ``name(argument)`` (``diag``)."""

N = TypeVar("N", bound="type[Node]")


@dataclass(frozen=True)
class Node:
    start: int
    end: int

    OPERANDS: ClassVar[tuple[str, ...]] = ()
    """The fields that hold sub-trees, in reading order."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        NODE_TYPES.append(cls)

    def children(self) -> tuple[Node, ...]:
        return tuple(getattr(self, f) for f in self.OPERANDS)


def builtin_function(name: str) -> Callable[[N], N]:
    """Declare a node class as the built-in function ``name(…)`` with one ``argument``: the
    spelling table accepts its spellings and the grammar builds the node, nothing else to add."""

    def register(cls: N) -> N:
        BUILTIN_FUNCTIONS[name] = cls
        return cls

    return register


@dataclass(frozen=True)
class Sym(Node):
    name: str


@dataclass(frozen=True)
class Quantity(Node):
    """A named quantity; ``definition`` is its parsed definition (spans refer to that text)."""

    name: str
    definition: Node

    def children(self) -> tuple[Node, ...]:
        """The definition, for ``walk``; it is no operand (``replaced`` leaves it alone)."""
        return (self.definition,)


@dataclass(frozen=True)
class Num(Node):
    value: Number


@dataclass(frozen=True)
class Neg(Node):
    operand: Node

    OPERANDS = ("operand",)


@dataclass(frozen=True)
class Transpose(Node):
    operand: Node

    OPERANDS = ("operand",)


@dataclass(frozen=True)
class Power(Node):
    base: Node
    exponent: Fraction

    OPERANDS = ("base",)


@dataclass(frozen=True)
class Apply(Node):
    """An element-wise function (declared by the exercise) applied to its argument."""

    function: str
    argument: Node

    OPERANDS = ("argument",)


@builtin_function("diag")
@dataclass(frozen=True)
class Diag(Node):
    argument: Node

    OPERANDS = ("argument",)


@builtin_function("tr")
@dataclass(frozen=True)
class Trace(Node):
    """``tr(X)``: the sum of the diagonal of a square matrix (1×1)."""

    argument: Node
    OPERANDS = ("argument",)


@builtin_function("norm")
@dataclass(frozen=True)
class Norm(Node):
    """``‖X‖`` (or ``norm(X)``): the Euclidean length of a vector, the Frobenius norm of a
    matrix (1×1); half a squared length is ``½‖r‖²``, a ``Power`` of it."""

    argument: Node
    OPERANDS = ("argument",)


@dataclass(frozen=True)
class BinOp(Node):
    """``op`` is one of ``+ - matmul hadamard /``; ``spelled`` is what the learner typed
    (``*``, ``@``, `` `` for juxtaposition…), kept for messages."""

    op: str
    left: Node
    right: Node
    spelled: str = ""

    OPERANDS = ("left", "right")


def walk(node: Node) -> Iterator[Node]:
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
    fields: dict[str, Any] = {f: replaced(getattr(tree, f), old, new) for f in tree.OPERANDS}
    return replace(tree, **fields) if fields else tree
