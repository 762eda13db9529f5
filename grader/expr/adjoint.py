"""Symbolic reverse mode: the gradient of a scalar cost as an expression of the language.

This is the method of adjoints (seed 000, "Yet Another Derivation of Backpropagation in Matrix
Form", and seed 001, Hardt's EE227C lecture 16) done on expressions instead of numbers. The
adjoint of the cost is 1; walking the cost's tree from the root, every node hands its adjoint
ḡ to its operands by the rule of its operation:

* ``A B`` (matrix product): ``ḡ Bᵀ`` to A and ``Aᵀ ḡ`` to B (seed 001's Λ₁ = ΛBᵀ, Λ₂ = AᵀΛ);
* ``A ⊙ B``: ``ḡ ⊙ B`` and ``ḡ ⊙ A``; ``f(u)``: ``ḡ ⊙ f'(u)`` to u, f' the declared derivative;
* ``Aᵀ``: ``ḡᵀ``; ``−A``: ``−ḡ``; ``A ± B``: ``ḡ`` and ``±ḡ``; ``s A`` (s a scalar): ``s ḡ`` to A
  and ``⟨ḡ, A⟩`` to s; ``diag(v)``: the diagonal of ḡ (``a ⊙ b`` when ḡ = a bᵀ);
* ``sᵖ``: ``p sᵖ⁻¹ ḡ``; ``A / s``: ``ḡ / s`` and ``−⟨ḡ, A⟩ / s²``;
* ``tr(P Q)``: ``ḡ Qᵀ`` to P and ``ḡ Pᵀ`` to Q; ``‖r‖``: ``ḡ r / ‖r‖`` (for ``‖r‖²``: ``2 ḡ r``).
  ⟨ḡ, A⟩ for matrices is ``tr(ḡᵀ A)``.

The adjoints of every occurrence of the variable are summed. Each result goes through the
smart constructors of ``simplify`` so that it reads as a person writes it. The chain of
intermediate adjoints, in the order reverse mode computes them, is kept for worked solutions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from exercises.model import ExpressionSpec
from grader.expr.compiled import compile_spec
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
from grader.expr.shapes import SCALAR
from grader.expr.simplify import Algebra, num, unspanned
from grader.expr.visitor import Visitor


class NotDifferentiable(ValueError):
    """The cost uses something the differentiator cannot express in the language."""


@dataclass(frozen=True)
class Step:
    """One intermediate value of the cost and its adjoint (∂cost/∂value, of its shape)."""

    value: Node
    adjoint: Node


@dataclass(frozen=True)
class Gradient:
    wrt: str
    gradient: Node
    chain: tuple[Step, ...]
    """Every sub-expression on the way from the cost to ``wrt``, parents before children."""


def derivatives(spec: ExpressionSpec) -> dict[str, str]:
    """Function name -> the declared function that is its derivative."""
    return {f.derivative_of: f.name for f in spec.functions if f.derivative_of}


def gradient(cost: Node, wrt: str, spec: ExpressionSpec) -> Gradient:
    """∂cost/∂wrt for a 1×1 ``cost`` parsed in ``spec``; raises ``NotDifferentiable``."""
    return _Reverse(spec, wrt).run(unspanned(cost))


class _Reverse(Visitor[None]):
    def __init__(self, spec: ExpressionSpec, wrt: str):
        vocab = compile_spec(spec).vocab
        if wrt not in vocab.shapes:
            raise NotDifferentiable(f"{wrt!r} is not a declared symbol")
        self.alg = Algebra(vocab, frozenset(s.name for s in spec.symbols if s.symmetric))
        self.wrt = wrt
        self.derivative = derivatives(spec)
        self.steps: list[Step] = []
        self.found: list[Node] = []
        self.adjoint: Node = num(1)
        self._depends: dict[Node, bool] = {}

    def depends(self, node: Node) -> bool:
        known = self._depends.get(node)
        if known is None:
            known = self._depends[node] = any(
                isinstance(n, Sym) and n.name == self.wrt for n in walk(node)
            )
        return known

    def run(self, cost: Node) -> Gradient:
        if self.alg.shape(cost) != SCALAR:
            rows, cols = self.alg.shape(cost)
            raise NotDifferentiable(f"the cost must be 1×1, not {rows}×{cols}")
        if not self.depends(cost):
            raise NotDifferentiable(f"the cost does not depend on {self.wrt}")
        self.back(cost, num(1))
        total = self.alg.add(self.found)
        return Gradient(self.wrt, total, tuple(self.steps))

    def back(self, node: Node, adj: Node) -> None:
        """Hand ``adj`` (∂cost/∂node) to ``node``'s operands, by the rule of its construct."""
        if not self.depends(node):
            return
        self.steps.append(Step(node, adj))
        self.adjoint = adj
        self.visit(node)

    # One rule per construct; ``self.adjoint`` is the adjoint of the node visited (read it
    # before handing anything on: the operands' visits replace it).
    def visit_Sym(self, node: Sym) -> None:
        self.found.append(self.adjoint)

    def visit_Num(self, node: Num) -> None:
        """A number depends on nothing (never visited: ``back`` stops first)."""

    def visit_Quantity(self, node: Quantity) -> None:
        self.back(node.definition, self.adjoint)

    def visit_Neg(self, node: Neg) -> None:
        self.back(node.operand, self.alg.neg(self.adjoint))

    def visit_Transpose(self, node: Transpose) -> None:
        self.back(node.operand, self.alg.transpose(self.adjoint))

    def visit_Power(self, node: Power) -> None:
        a, adj, p = self.alg, self.adjoint, node.exponent
        if isinstance(node.base, Norm) and p == 2:  # ½‖r‖²: r's adjoint is r, not r ‖r‖/‖r‖
            inner = node.base.argument
            self.back(inner, a.matmul(a.times(Fraction(2), a.normal(inner)), adj))
            return
        self.back(node.base, a.matmul(a.times(p, a.power(a.normal(node.base), p - 1)), adj))

    def visit_Apply(self, node: Apply) -> None:
        slope = self.derivative.get(node.function)
        if slope is None:
            raise NotDifferentiable(f"{node.function} has no declared derivative")
        a = self.alg
        self.back(node.argument, a.hadamard(self.adjoint, a.apply(slope, a.normal(node.argument))))

    def visit_Diag(self, node: Diag) -> None:
        a = self.alg
        d = self.diagonal(self.adjoint)
        self.back(node.argument, d if a.shape(node.argument)[1] == 1 else a.transpose(d))

    def visit_Norm(self, node: Norm) -> None:
        a, inner = self.alg, node.argument
        self.back(inner, a.divide(a.matmul(a.normal(inner), self.adjoint), a.normal(node)))

    def visit_Trace(self, node: Trace) -> None:
        """tr(P Q) hands g Qᵀ to P and g Pᵀ to Q (tr(PQ) = ⟨Pᵀ, Q⟩, seed 001's matrix
        product backward); a sum, a transpose or a sign inside is taken apart first."""
        a, adj, x = self.alg, self.adjoint, node.argument
        if (
            isinstance(x, BinOp)
            and x.op == "matmul"
            and not a.is_scalar(x.left)
            and not a.is_scalar(x.right)
        ):
            self.back(x.left, a.matmul(adj, a.transpose(a.normal(x.right))))
            self.back(x.right, a.matmul(adj, a.transpose(a.normal(x.left))))
        elif isinstance(x, BinOp) and x.op in ("+", "-"):
            self.back(Trace(0, 0, x.left), adj)
            self.back(Trace(0, 0, x.right), adj if x.op == "+" else a.neg(adj))
        elif isinstance(x, (Transpose, Neg)):
            self.back(Trace(0, 0, x.operand), adj if isinstance(x, Transpose) else a.neg(adj))
        elif isinstance(x, BinOp) and x.op == "/":  # tr(M / s) = tr(M) / s
            self.back(BinOp(0, 0, "/", Trace(0, 0, x.left), x.right), adj)
        elif isinstance(x, BinOp) and x.op == "matmul" and a.is_scalar(x.left):
            self.back(BinOp(0, 0, "matmul", x.left, Trace(0, 0, x.right)), adj)
        elif isinstance(x, BinOp) and x.op == "matmul" and a.is_scalar(x.right):
            self.back(BinOp(0, 0, "matmul", Trace(0, 0, x.left), x.right), adj)
        else:
            raise NotDifferentiable(
                f"the adjoint of {type(x).__name__.lower()} inside tr(·) is a multiple of the "
                "identity matrix, which this language cannot write"
            )

    def visit_BinOp(self, node: BinOp) -> None:
        self.binop(node, self.adjoint)

    def binop(self, node: BinOp, adj: Node) -> None:
        a = self.alg
        left, right = node.left, node.right
        n_left, n_right = a.normal(left), a.normal(right)
        if node.op in ("+", "-"):
            self.back(left, adj)
            self.back(right, adj if node.op == "+" else a.neg(adj))
        elif node.op == "/":
            self.back(left, a.divide(adj, n_right))
            if self.depends(right):
                self.back(
                    right, a.neg(a.divide(self.inner(adj, n_left), a.power(n_right, Fraction(2))))
                )
        elif a.is_scalar(left) or a.is_scalar(right):
            for mine, other in ((left, n_right), (right, n_left)):
                if self.depends(mine):
                    if a.is_scalar(mine) and not a.is_scalar(other):
                        self.back(mine, self.inner(adj, other))
                    else:
                        self.back(
                            mine,
                            a.matmul(other, adj) if a.is_scalar(other) else a.matmul(adj, other),
                        )
        elif node.op == "hadamard":
            self.back(left, a.hadamard(adj, n_right))
            self.back(right, a.hadamard(adj, n_left))
        else:
            self.back(left, a.matmul(adj, a.transpose(n_right)))
            self.back(right, a.matmul(a.transpose(n_left), adj))

    def inner(self, g: Node, m: Node) -> Node:
        """⟨g, m⟩ = Σ gᵢⱼ mᵢⱼ, for two values of one shape."""
        a = self.alg
        rows, cols = a.shape(m)
        if cols == 1:
            return a.matmul(a.transpose(g), m)
        if rows == 1:
            return a.matmul(g, a.transpose(m))
        return a.normal(Trace(0, 0, BinOp(0, 0, "matmul", a.transpose(g), m)))

    def diagonal(self, g: Node) -> Node:
        """The diagonal of the square ``g`` as a column, where it can be written."""
        a = self.alg
        terms = a.terms(g)
        if len(terms) > 1:
            return a.add([a.times(c, self.diagonal(a.scaled(Fraction(1), t))) for c, t in terms])
        c, core = terms[0]
        if isinstance(core, Diag):
            return a.times(
                c, core.argument if a.shape(core.argument)[1] == 1 else a.transpose(core.argument)
            )
        factors: list[Node] = a.chain(core) if core is not None else [num(1)]
        for i in range(1, len(factors)):
            left, right = a.product(factors[:i]), a.product(factors[i:])
            if a.shape(left)[1] == 1 and a.shape(right)[0] == 1:
                return a.times(c, a.hadamard(left, a.transpose(right)))
        raise NotDifferentiable(
            "the adjoint of diag(·) is the diagonal of a matrix that is "
            "no outer product, which this language cannot write"
        )
