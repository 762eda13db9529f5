"""Smart constructors that keep derived expressions in the form a person writes.

The symbolic differentiator (``adjoint``) builds its results from these instead of raw nodes,
so a gradient comes out as ``(y ⊙ σ'(A x)) xᵀ`` or ``Aᵀ (A x − b)``, not as
``((1 yᵀ)ᵀ ⊙ σ'(A x)) (x)ᵀ`` or ``½ Aᵀ (A x − b) + ½ Aᵀ (A x − b)``:

* transposes are pushed to the leaves (``(A B)ᵀ`` → ``Bᵀ Aᵀ``), cancel in pairs, and vanish on
  1×1 values and on ``diag(·)``; an element-wise function's value keeps its transpose
  (``σ(B x)ᵀ``, as the notes write it);
* numbers and signs are collected in front of a product (``(−A) (2 x)`` → ``−2 A x``);
* equal terms of a sum are merged (``½ r + ½ r`` → ``r``) and a factor common to every term of
  a sum is taken out (``A x + Aᵀ x`` → ``(A + Aᵀ) x``);
* ``diag(v) w`` with ``w`` a column vector becomes ``v ⊙ w`` (no diag sandwich).

Nothing is expanded: ``Aᵀ (A x − b)`` stays factored, as it is written. Every node built here
has the empty span (0, 0), so structurally equal expressions compare equal.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

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
from grader.expr.shapes import SCALAR, Shape, infer_shape
from grader.expr.symbols import Vocabulary
from grader.expr.visitor import Visitor

ONE = Fraction(1)


def num(value: Fraction | int) -> Num:
    return Num(0, 0, Fraction(value))


def unspanned(node: Node) -> Node:
    """``node`` with every span emptied and named quantities replaced by their definitions
    (the differentiator works on the plain tree)."""
    if isinstance(node, Quantity):
        return unspanned(node.definition)
    fields: dict[str, Any] = {f: unspanned(getattr(node, f)) for f in node.OPERANDS}
    if isinstance(node, BinOp):
        fields["spelled"] = ""  # how a product was typed is no part of its value
    return replace(node, start=0, end=0, **fields)


class Algebra:
    """Smart constructors over one exercise's symbols (shapes decide what a product means)."""

    def __init__(self, vocab: Vocabulary, symmetric: frozenset[str] = frozenset()):
        self.vocab = vocab
        self.symmetric = symmetric
        """Symbols equal to their transpose (``Sᵀ`` is written ``S``)."""
        self._shapes: dict[Node, Shape] = {}
        self._normal: dict[Node, Node] = {}

    def shape(self, node: Node) -> Shape:
        found = self._shapes.get(node)
        if found is None:
            found = self._shapes[node] = infer_shape(node, "", self.vocab)
        return found

    def is_scalar(self, node: Node) -> bool:
        return self.shape(node) == SCALAR

    # -- coefficients -----------------------------------------------------------------------
    def split(self, node: Node) -> tuple[Fraction, Node | None]:
        """``node`` as a number times a core without a leading number or sign (None: 1)."""
        if isinstance(node, Num) and isinstance(node.value, Fraction):
            return node.value, None
        if isinstance(node, Neg):
            c, core = self.split(node.operand)
            return -c, core
        if isinstance(node, BinOp) and node.op in ("matmul", "hadamard"):
            ca, a = self.split(node.left)
            cb, b = self.split(node.right)
            if a is None or b is None or (ca, cb) != (ONE, ONE):
                return ca * cb, self._join(node.op, a, b)
        if (
            isinstance(node, BinOp)
            and node.op == "/"
            and isinstance(node.right, Num)
            and isinstance(node.right.value, Fraction)
            and node.right.value != 0
        ):
            c, core = self.split(node.left)
            return c / node.right.value, core
        return ONE, node

    def _join(self, op: str, a: Node | None, b: Node | None) -> Node | None:
        if a is None:
            return b
        if b is None:
            return a
        if op == "hadamard" and (self.is_scalar(a) or self.is_scalar(b)):
            op = "matmul"
        return BinOp(0, 0, op, a, b)

    def scaled(self, c: Fraction, core: Node | None) -> Node:
        """``c`` times ``core``, written as a person would (``−x``, ``2 A x``, ``½ r``)."""
        if core is None:
            return num(c)
        if c == 0:  # zero of core's shape: the language has no 0 matrix, but 0 M is one
            return BinOp(0, 0, "matmul", num(0), core)
        if c == 1:
            return core
        if c == -1:
            return Neg(0, 0, core)
        factors = [num(abs(c))] + (self.chain(core) if _is_product(core) else [core])
        product = self.product(factors, raw=True)
        return Neg(0, 0, product) if c < 0 else product

    def normal(self, node: Node) -> Node:
        """``node`` rebuilt through the constructors: the one written form of its value that
        the simplified results use, so that equal sub-expressions compare equal."""
        found = self._normal.get(node)
        if found is None:
            found = self._normal[node] = self._rebuild(node)
        return found

    def _rebuild(self, node: Node) -> Node:
        return _Rebuild(self).visit(node)

    # -- constructors -----------------------------------------------------------------------
    def neg(self, node: Node) -> Node:
        c, core = self.split(node)
        return self.scaled(-c, core)

    def times(self, c: Fraction, node: Node) -> Node:
        k, core = self.split(node)
        return self.scaled(c * k, core)

    def matmul(self, a: Node, b: Node) -> Node:
        """``a b``: a matrix product, or a scalar multiple when one side is 1×1."""
        ca, a_core = self.split(a)
        cb, b_core = self.split(b)
        c = ca * cb
        if a_core is not None and b_core is not None:
            diagonal = self._undiag(a_core, b_core)
            if diagonal is not None:
                return self.times(c, diagonal)
        if a_core is None or b_core is None:
            return self.scaled(c, a_core if b_core is None else b_core)
        if self.is_scalar(a_core) and self.is_scalar(b_core):
            return self.scaled(c, BinOp(0, 0, "matmul", a_core, b_core))
        units = self._units(a_core) + self._units(b_core)
        scalars = [u for u in units if self.is_scalar(u)]
        if len(scalars) < len(units):  # scalar factors in front: tr(A B) y xᵀ, s A x
            units = scalars + [u for u in units if not self.is_scalar(u)]
        return self.scaled(c, self.product(units, raw=True))

    def _units(self, node: Node) -> list[Node]:
        """The factors of one side of a longer product: a 1×1 product stays one factor, since
        ``A (yᵀ x)`` is no ``(A yᵀ) x``."""
        return [node] if self.is_scalar(node) and _is_product(node) else self.chain(node)

    def chain(self, node: Node) -> list[Node]:
        """The factors of a product as one left-to-right chain (``A (B x)`` → A, B, x)."""
        if isinstance(node, BinOp) and node.op == "matmul":
            return self._units(node.left) + self._units(node.right)
        return [node]

    def _undiag(self, a: Node, b: Node) -> Node | None:
        """``diag(v) w`` → ``v ⊙ w`` for a column ``w`` (and ``wᵀ diag(v)`` → ``(v ⊙ w)ᵀ``)."""
        if isinstance(a, Diag) and self.shape(b)[1] == 1 and not self.is_scalar(b):
            return self.hadamard(self._column(a.argument), b)
        if isinstance(b, Diag) and self.shape(a)[0] == 1 and not self.is_scalar(a):
            return self.transpose(self.hadamard(self._column(b.argument), self.transpose(a)))
        return None

    def _column(self, v: Node) -> Node:
        return v if self.shape(v)[1] == 1 else self.transpose(v)

    def hadamard(self, a: Node, b: Node) -> Node:
        if self.is_scalar(a) or self.is_scalar(b):
            return self.matmul(a, b)
        ca, a_core = self.split(a)
        cb, b_core = self.split(b)
        assert a_core is not None and b_core is not None  # a number alone is 1×1
        return self.scaled(ca * cb, BinOp(0, 0, "hadamard", a_core, b_core))

    def divide(self, a: Node, s: Node) -> Node:
        cs, s_core = self.split(s)
        if s_core is None:
            return self.times(Fraction(1) / cs, a)
        ca, a_core = self.split(a)
        return self.scaled(
            ca / cs, BinOp(0, 0, "/", a_core if a_core is not None else num(1), s_core)
        )

    def power(self, base: Node, exponent: Fraction) -> Node:
        if exponent == 0:
            return num(1)
        if exponent == 1:
            return base
        c, core = self.split(base)
        whole = int(exponent)  # the grammar allows whole exponents only
        if core is None:
            return num(c**whole)
        inner = Power(0, 0, core, exponent)
        return self.scaled(c**whole, inner) if c != 1 else inner

    def apply(self, function: str, argument: Node) -> Node:
        return Apply(0, 0, function, argument)

    def transpose(self, node: Node) -> Node:
        """``nodeᵀ`` with the transpose pushed to the leaves."""
        if (
            self.is_scalar(node)
            or isinstance(node, (Diag, Num))
            or (isinstance(node, Sym) and node.name in self.symmetric)
        ):
            return node
        if isinstance(node, Transpose):
            return node.operand
        if isinstance(node, Neg):
            return self.neg(self.transpose(node.operand))
        if isinstance(node, BinOp):
            if node.op == "matmul":
                return self.matmul(self.transpose(node.right), self.transpose(node.left))
            if node.op == "hadamard":
                return self.hadamard(self.transpose(node.left), self.transpose(node.right))
            if node.op == "/":
                return self.divide(self.transpose(node.left), node.right)
            return self.add(
                [
                    self.transpose(node.left),
                    self.transpose(node.right)
                    if node.op == "+"
                    else self.neg(self.transpose(node.right)),
                ]
            )
        return Transpose(0, 0, node)

    # -- sums -------------------------------------------------------------------------------
    def terms(self, node: Node) -> list[tuple[Fraction, Node | None]]:
        if isinstance(node, BinOp) and node.op in ("+", "-"):
            right = self.terms(node.right)
            if node.op == "-":
                right = [(-c, t) for c, t in right]
            return self.terms(node.left) + right
        c, core = self.split(node)
        if c != 1 and core is not None and isinstance(core, BinOp) and core.op in ("+", "-"):
            return [(c * k, t) for k, t in self.terms(core)]
        return [(c, core)]

    def add(self, nodes: list[Node]) -> Node:
        """The sum of ``nodes`` (all of one shape), like terms merged, common factors out."""
        merged: dict[Node | None, Fraction] = {}
        for n in nodes:
            for c, core in self.terms(n):
                merged[core] = merged.get(core, Fraction(0)) + c
        items = [(c, t) for t, c in merged.items() if c != 0]
        if not items:
            return self.scaled(Fraction(0), next(iter(merged)))
        factored = self._factor(items)
        if factored is not None:
            return factored
        common = {abs(c) for c, _ in items}
        if len(items) > 1 and len(common) == 1 and common != {ONE}:
            k = common.pop()
            return self.times(k, self.add([self.scaled(c / k, t) for c, t in items]))
        items.sort(key=lambda item: item[0] < 0)  # a positive term first: a − b, not −b + a
        out = self.scaled(*items[0])
        for c, t in items[1:]:
            op = "+" if c > 0 else "-"
            out = BinOp(0, 0, op, out, self.scaled(abs(c), t))
        return out

    def _factor(self, items: list[tuple[Fraction, Node | None]]) -> Node | None:
        """``P M + Q M`` → ``(P + Q) M`` and ``M P + M Q`` → ``M (P + Q)``: the longest run of
        factors that every term's matrix product ends (or starts) with is taken out."""
        cores = [t for _, t in items if t is not None]
        if len(items) < 2 or len(cores) < len(items):
            return None
        chains = [self.chain(t) for t in cores]
        for side in ("right", "left"):
            ordered = [c[::-1] for c in chains] if side == "right" else chains
            shared = 0
            while (
                all(len(c) > shared + 1 for c in ordered) and len({c[shared] for c in ordered}) == 1
            ):
                shared += 1
            if shared == 0:
                continue
            common = ordered[0][:shared]
            rest = [
                self.times(c, self.product(o[shared:][::-1] if side == "right" else o[shared:]))
                for (c, _), o in zip(items, ordered)
            ]
            if len({self.shape(r) for r in rest}) != 1:
                continue
            inner = self.add(rest)
            if side == "right":
                return self.matmul(inner, self.product(common[::-1]))
            return self.matmul(self.product(common), inner)
        return None

    def product(self, factors: list[Node], *, raw: bool = False) -> Node:
        """The product of ``factors`` grouped from the left (``raw``: as they are, without
        simplifying them again)."""
        out = factors[0]
        for f in factors[1:]:
            out = BinOp(0, 0, "matmul", out, f) if raw else self.matmul(out, f)
        return out


def _is_product(node: Node | None) -> bool:
    return isinstance(node, BinOp) and node.op == "matmul"


class _Rebuild(Visitor[Node]):
    """One node rebuilt through the constructors, its operands already in normal form."""

    def __init__(self, alg: Algebra):
        self.alg = alg

    def visit_Sym(self, node: Sym) -> Node:
        return node

    def visit_Num(self, node: Num) -> Node:
        return node

    def visit_Quantity(self, node: Quantity) -> Node:
        return self.alg.normal(node.definition)

    def visit_Neg(self, node: Neg) -> Node:
        return self.alg.neg(self.alg.normal(node.operand))

    def visit_Transpose(self, node: Transpose) -> Node:
        return self.alg.transpose(self.alg.normal(node.operand))

    def visit_Power(self, node: Power) -> Node:
        return self.alg.power(self.alg.normal(node.base), node.exponent)

    def visit_Apply(self, node: Apply) -> Node:
        return self.alg.apply(node.function, self.alg.normal(node.argument))

    def visit_Diag(self, node: Diag) -> Node:
        return Diag(0, 0, self.alg.normal(node.argument))

    def visit_Trace(self, node: Trace) -> Node:
        return Trace(0, 0, self.alg.normal(node.argument))

    def visit_Norm(self, node: Norm) -> Node:
        return Norm(0, 0, self.alg.normal(node.argument))

    def visit_BinOp(self, node: BinOp) -> Node:
        a = self.alg
        left, right = a.normal(node.left), a.normal(node.right)
        if node.op == "+":
            return a.add([left, right])
        if node.op == "-":
            return a.add([left, a.neg(right)])
        if node.op == "/":
            return a.divide(left, right)
        return a.hadamard(left, right) if node.op == "hadamard" else a.matmul(left, right)
