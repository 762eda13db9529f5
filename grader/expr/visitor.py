"""One dispatch for every pass over expression trees, so a construct is added once per concern.

Each concern (shape inference, numeric evaluation, rendering, the two sympy forms) is a
``Visitor`` subclass with one ``visit_<NodeClass>`` method per construct. ``visit`` looks the
method up by the node's class (once per class, then from a table); a node a visitor has no
method for raises ``UnknownNodeError``, a grader bug, never a made-up result such as ``"?"``.
``tests/grader/expr/test_visitor.py`` checks that every concern handles every node class, so a
construct that is forgotten somewhere fails a test rather than a learner's answer.

How to add a construct (say ``Trace``, written ``tr(X)``):

1. ``nodes.py``: a frozen dataclass ``Trace(Node)`` with its fields; ``OPERANDS`` names the
   fields holding sub-trees (``("argument",)``), which ``children``, ``walk`` and ``replaced``
   use. A function-like builtin also gets ``@builtin_function("tr")``: the spelling table
   (``symbols.py``) then accepts ``tr``, ``\\tr``, ``\\operatorname{tr}``… and the grammar
   builds the node from ``tr(…)`` with no further change. Other notation (``‖x‖``) needs a
   token in ``lexer.py`` and a rule in ``grammar.py``.
2. One ``visit_Trace`` method in each concern: ``shapes._Inference`` (its shape, or an
   ``ExprError`` on the learner's text), ``numeric._Evaluate`` (numpy), ``render._Render``
   (Unicode), ``to_sympy._Symbolic`` and ``to_sympy._Explicit`` (sympy).
3. Nothing else: the checker, preview, diagnosis and leak search work on any tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from grader.expr.nodes import NODE_TYPES, Node

T = TypeVar("T")


def combine(
    op: str,
    a: Any,
    b: Any,
    *,
    hadamard: Callable[[Any, Any], Any],
    matmul: Callable[[Any, Any], Any],
) -> Any:
    """``a op b`` for two matrix values (numpy arrays, sympy matrices) as the language means
    it: a 1×1 operand of a product scales the other, division is by a 1×1 value. The passes
    that compute values share it, so ``+ - / ⊙`` and products mean one thing."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "/":
        return a / b[0, 0]
    if a.shape == (1, 1) and b.shape != (1, 1):
        return a[0, 0] * b
    if b.shape == (1, 1) and a.shape != (1, 1):
        return a * b[0, 0]
    return hadamard(a, b) if op == "hadamard" else matmul(a, b)


class UnknownNodeError(Exception):
    """A pass met a node class it has no method for: a bug in the grader, not in the answer."""


class Visitor(Generic[T]):
    """Base of a pass over trees: ``visit`` calls ``visit_<class name>`` for the node."""

    _table: ClassVar[dict[type, Callable[[Any, Any], Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._table = {}

    def visit(self, node: Node) -> T:
        method = self._table.get(type(node))
        if method is None:
            method = getattr(type(self), "visit_" + type(node).__name__, None)
            if method is None:
                raise UnknownNodeError(
                    f"{type(self).__name__} cannot handle a {type(node).__name__} node"
                )
            self._table[type(node)] = method
        return method(self, node)

    @classmethod
    def missing(cls) -> list[str]:
        """The node classes this pass has no method for (empty when it is complete)."""
        return [t.__name__ for t in NODE_TYPES if not hasattr(cls, "visit_" + t.__name__)]
