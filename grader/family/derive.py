"""From a drawn cost to a gradable variant: the answer, accepted alternatives, wrong answers.

The answer is the cost's gradient by symbolic reverse mode (``grader.expr.adjoint``), checked
against central finite differences of the cost before anyone sees it. The wrong answers are
the slips a learner makes, applied to that answer:

* ``missing-derivative``: one activation's slope ``⊙ f'(u)`` left out;
* ``function-for-derivative``: ``f(u)`` where ``f'(u)`` belongs;
* ``derivative-at-activation``: ``f'(f(u))`` instead of ``f'(u)``;
* ``wrong-layer-derivative``: another layer's slope at one place, or each layer's slope
  attached to the next layer (seed 000's summary has this very slip);
* ``pre-activation-input``: a factor that is an activation's output, ``f(u)``, written as its
  argument ``u`` (the layer's input taken before its activation);
* ``factor-transposed``: one matrix of a product with the wrong transpose;
* ``wrong-order``: two neighbouring factors of a product swapped;
* ``assumed-symmetric``: ``2 A x`` for ``(A + Aᵀ) x`` when A is not symmetric;

and the generic ones of the contract (``transposed``, ``sign``, ``scale``), which the grader
recognises by value. A slip that gives the same value as an earlier slip is dropped; one whose
shapes only fit when dimensions coincide is kept, as the grader names those too. A slip with
the answer's own value (the transpose of a symmetric result) is set apart as *blind*: that
variant cannot tell the mistake from the answer, and ``pack validate`` refuses the family.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as dc_replace
from fractions import Fraction
from typing import Any

import numpy as np

from exercises.model import ExpressionSpec, FunctionSpec, SymbolSpec, WrongAnswer
from grader.expr.adjoint import Gradient, derivatives, gradient
from grader.expr.compiled import compile_spec
from grader.expr.errors import ExprError
from grader.expr.nodes import Apply, BinOp, Diag, Neg, Node, Sym, Transpose, replaced, walk
from grader.expr.numeric import close, evaluate, make_draw
from grader.expr.render import pretty_name, render
from grader.expr.shapes import infer_shape
from grader.expr.simplify import Algebra, num, unspanned
from grader.expr.verify import cost_gradient_by_differences
from grader.family.templates import Draft


class DerivationError(ValueError):
    """A drawn variant whose answer could not be derived or verified (a template bug)."""


@dataclass(frozen=True)
class Slip:
    """A derived wrong answer and the mistake id the grader must name for it."""

    expression: str
    mistake: str
    feedback: str
    declared: bool
    """True: given to the grader as a declared wrong answer; False: a generic mistake the
    grader recognises by value (``transposed``, ``sign``, ``scale``)."""


@dataclass(frozen=True)
class Derived:
    spec: ExpressionSpec
    gradient: Gradient
    cost: Node
    slips: tuple[Slip, ...]
    blind: tuple[Slip, ...] = ()
    """Slips whose value is the answer's: a learner who makes that mistake is graded right
    (``grader.family.deploy`` reports each one, so such a family is not deployed)."""


def describe(shape: tuple, symmetric: bool) -> str:
    if shape == (1, 1):
        return "scalar"
    if shape[1] == 1:
        return "column vector"
    return "symmetric matrix" if symmetric else "matrix"


def spec_of(
    draft: Draft, expected: tuple[str, ...] = ("0",), wrong: tuple[WrongAnswer, ...] = ()
) -> ExpressionSpec:
    symbols = tuple(
        SymbolSpec(
            name,
            shape,
            description=describe(shape, name in draft.symmetric),
            symmetric=name in draft.symmetric,
        )
        for name, shape in draft.symbols.items()
    )
    functions = []
    for f in draft.functions:
        functions += [FunctionSpec(f), FunctionSpec(f"{f}'", derivative_of=f)]
    return ExpressionSpec(
        symbols=symbols,
        expected=expected,
        functions=tuple(functions),
        cost=draft.cost,
        wrt=draft.wrt,
        wrong=wrong,
    )


def derive(draft: Draft, seed: int = 0) -> Derived:
    """The variant of ``draft``: answer derived and checked by finite differences."""
    base = spec_of(draft)
    compiled = compile_spec(base)
    try:
        cost = compiled.parse_one(draft.cost)
        g = gradient(cost, draft.wrt, base)
    except (ExprError, ValueError) as error:
        raise DerivationError(f"cost {draft.cost!r}: {error}") from error
    answer = render(g.gradient)
    draws = [make_draw(base, np.random.default_rng([seed, i])) for i in range(2)]
    _check_by_finite_differences(cost, draft.wrt, g.gradient, draws, draft.cost)
    alg = Algebra(compiled.vocab, frozenset(draft.symmetric))
    alternatives = [render(a) for a in _alternatives(g.gradient, alg)]
    slips = _slips(g.gradient, base, alg, draft)
    kept, blind = _distinct(answer, slips, base)
    spec = spec_of(
        draft,
        (answer, *[a for a in alternatives if a != answer]),
        tuple(WrongAnswer(s.expression, s.mistake, s.feedback) for s in kept if s.declared),
    )
    return Derived(spec, g, unspanned(cost), tuple(kept), tuple(blind))


def _check_by_finite_differences(cost: Node, wrt: str, grad: Node, draws, text: str) -> None:
    for draw in draws:
        with np.errstate(all="ignore"):
            fd = cost_gradient_by_differences(cost, wrt, draw)
            value = evaluate(grad, draw)
        scale = max(1.0, float(np.max(np.abs(fd), initial=0.0)))
        if (
            value.shape != fd.shape
            or not np.all(np.isfinite(value))
            or float(np.max(np.abs(value - fd))) > 1e-5 * scale
        ):
            raise DerivationError(
                f"the derived gradient of {text!r} by {wrt} does not match finite differences"
            )


def _alternatives(grad: Node, alg: Algebra) -> list[Node]:
    """Other ways to write the answer that a person writes: the diag form of each
    ``g ⊙ f'(u)`` (``diag(f'(u)) g``), and a factored sum multiplied out."""
    out = []
    diag_form = grad
    for n in list(walk(grad)):
        if (
            isinstance(n, BinOp)
            and n.op == "hadamard"
            and isinstance(n.right, Apply)
            and alg.shape(n.left)[1] == 1
        ):
            diag_form = replaced(diag_form, n, BinOp(0, 0, "matmul", Diag(0, 0, n.right), n.left))
    if diag_form is not grad:
        out.append(diag_form)
    for n in walk(grad):
        if (
            isinstance(n, BinOp)
            and n.op == "matmul"
            and isinstance(n.left, BinOp)
            and n.left.op in ("+", "-")
        ):
            spread = BinOp(
                0,
                0,
                n.left.op,
                BinOp(0, 0, "matmul", n.left.left, n.right),
                BinOp(0, 0, "matmul", n.left.right, n.right),
            )
            out.append(replaced(grad, n, spread))
            break
    return out


_FIELDS = ("operand", "base", "argument", "left", "right")


def _sites(tree: Node, path: tuple[str, ...] = ()):
    """(path, node) for every node a slip may change: the answer's own structure, not the
    insides of an activation's argument or of a transposed symbol."""
    yield path, tree
    if isinstance(tree, (Apply, Diag)) or (
        isinstance(tree, Transpose) and isinstance(tree.operand, Sym)
    ):
        return
    for f in _FIELDS:
        if hasattr(tree, f):
            yield from _sites(getattr(tree, f), (*path, f))


def _put(tree: Node, path: tuple[str, ...], new: Node) -> Node:
    """``tree`` with the node at ``path`` (and only that one) replaced by ``new``."""
    if not path:
        return new
    fields: dict[str, Any] = {path[0]: _put(getattr(tree, path[0]), path[1:], new)}
    return dc_replace(tree, **fields)


def _slips(grad: Node, spec: ExpressionSpec, alg: Algebra, draft: Draft) -> list[Slip]:
    slope_of = {d: f for f, d in derivatives(spec).items()}  # f' -> f
    out: list[Slip] = []
    sites = list(_sites(grad))

    def add(tree: Node, mistake: str, feedback: str, declared: bool = True) -> None:
        out.append(Slip(render(tree), mistake, feedback, declared))

    slopes = [(p, n) for p, n in sites if isinstance(n, Apply) and n.function in slope_of]
    for path, n in sites:
        if isinstance(n, BinOp) and n.op == "hadamard":
            for mine, other in ((n.right, n.left), (n.left, n.right)):
                # a row's slope is written transposed (xᵀ ⊙ σ'(s u)ᵀ, by a scalar s)
                applied = mine.operand if isinstance(mine, Transpose) else mine
                if isinstance(applied, Apply) and applied.function in slope_of:
                    f = pretty_name(slope_of[applied.function])
                    add(
                        _put(grad, path, other),
                        "missing-derivative",
                        f"The slope of {f} is missing: on the way back through {f}(·) the "
                        f"adjoint is multiplied element by element by {f}'.",
                    )
    for path, n in slopes:
        f = slope_of[n.function]
        add(
            _put(grad, path, Apply(0, 0, f, n.argument)),
            "function-for-derivative",
            f"{pretty_name(f)}(·) appears where its derivative {pretty_name(n.function)}(·) "
            "belongs: going back through an activation multiplies by its slope, not its value.",
        )
        add(
            _put(grad, path, Apply(0, 0, n.function, Apply(0, 0, f, n.argument))),
            "derivative-at-activation",
            f"{pretty_name(n.function)} is evaluated at the activation's output; it belongs at "
            f"the argument {pretty_name(f)} was applied to.",
        )
    declared_slopes = sorted(slope_of)
    for path, n in slopes:  # one slope taken from another layer, at the right argument
        for slope in declared_slopes:
            if slope != n.function:
                add(
                    _put(grad, path, Apply(0, 0, slope, n.argument)),
                    "wrong-layer-derivative",
                    f"{pretty_name(slope)} is another layer's slope: at this point of the chain "
                    "the derivative belongs to the function that was applied to that argument.",
                )
    for path, n in sites:  # a layer's input taken before its activation instead of after
        if isinstance(n, Apply) and n.function not in slope_of:
            add(
                _put(grad, path, n.argument),
                "pre-activation-input",
                "A factor of your answer is a layer's value before its activation; the matrix "
                "in the cost multiplies what came out of the activation.",
            )
    layered = sorted({n.function for _, n in slopes})
    if len(layered) >= 2:
        shifted = dict(zip(layered, layered[1:] + layered[:1]))
        tree = grad
        for path, n in slopes:
            tree = _put(tree, path, Apply(0, 0, shifted[n.function], n.argument))
        add(
            tree,
            "wrong-layer-derivative",
            "The activations' slopes are attached to the wrong layers: each layer's derivative "
            "belongs where that layer's own function was applied.",
        )
    for path, n in sites:
        if (
            isinstance(n, BinOp)
            and n.op == "+"
            and isinstance(n.right, Transpose)
            and n.right.operand == n.left
        ):
            add(
                _put(grad, path, BinOp(0, 0, "matmul", num(2), n.left)),
                "assumed-symmetric",
                f"That holds for a symmetric matrix, but {render(n.left)} is not symmetric: "
                "it and its transpose both contribute.",
            )
    for path, n in sites:
        leaf = n.operand if isinstance(n, Transpose) else n
        if (
            isinstance(leaf, Sym)
            and alg.shape(leaf)[0] != 1
            and alg.shape(leaf)[1] != 1
            and leaf.name not in draft.symmetric
        ):
            add(
                _put(grad, path, leaf if isinstance(n, Transpose) else Transpose(0, 0, n)),
                "factor-transposed",
                "One matrix of your product carries the wrong transpose: "
                "check the shape of each factor along the chain.",
            )
    for path, n in sites:
        if (
            isinstance(n, BinOp)
            and n.op == "matmul"
            and not alg.is_scalar(n.left)
            and not alg.is_scalar(n.right)
        ):
            add(
                _put(grad, path, BinOp(0, 0, "matmul", n.right, n.left)),
                "wrong-order",
                "Two factors are in the wrong order: a matrix product does not commute, so "
                "follow the chain from the cost back to the variable.",
            )
    if not alg.is_scalar(grad):  # a scalar is its own transpose: no mistake to name
        add(Transpose(0, 0, grad), "transposed", "", declared=False)
    add(Neg(0, 0, grad), "sign", "", declared=False)
    add(BinOp(0, 0, "matmul", num(Fraction(2)), grad), "scale", "", declared=False)
    return out


def _distinct(
    answer: str, slips: list[Slip], spec: ExpressionSpec
) -> tuple[list[Slip], list[Slip]]:
    """Slips that parse and differ from the answer and from every slip before them; and
    apart, the blind ones: those equal to the answer where their shapes fit the question's
    (distinct) dimensions, which the grader would pass. A slip equal to the answer only
    when the dimensions coincide is no such slip (the grader refuses its shapes) and is
    dropped."""
    compiled = compile_spec(spec)
    equal_vocab = _equal_vocab(compiled.vocab)
    draws = [make_draw(spec, np.random.default_rng([99, i])) for i in range(2)]
    equal = [make_draw(spec, np.random.default_rng([98, i]), equal_dims=3 + i) for i in range(2)]
    answer_node = compiled.parse_one(answer)
    seen = [_values(answer_node, draws, equal, compiled.vocab, equal_vocab, answer)]
    kept, blind = [], []
    for s in slips:
        try:
            node = compiled.parse_one(s.expression)
        except ExprError:
            continue
        values = _values(node, draws, equal, compiled.vocab, equal_vocab, s.expression)
        if values is not None and values[0] is not None and _same(values[:1], seen[0][:1]):
            blind.append(s)
            continue
        if values is None or any(_same(values, v) for v in seen):
            continue
        seen.append(values)
        kept.append(s)
    return kept, blind


def _equal_vocab(vocab):
    return dc_replace(
        vocab,
        shapes={
            k: tuple("k" if isinstance(d, str) else d for d in v) for k, v in vocab.shapes.items()
        },
    )


def _values(node, draws, equal, vocab, equal_vocab, text):
    """(values on normal draws or None, values on equal-size draws or None); None when the
    expression cannot be evaluated at all."""
    normal = on_equal = None
    with np.errstate(all="ignore"):
        try:
            infer_shape(node, text, vocab)
            normal = [evaluate(node, d) for d in draws]
        except ExprError:
            pass
        try:
            infer_shape(node, text, equal_vocab)
            on_equal = [evaluate(node, d) for d in equal]
        except ExprError:
            pass
    if normal is None and on_equal is None:
        return None
    return normal, on_equal


def _same(a, b) -> bool:
    for x, y in zip(a, b):
        if (
            x is not None
            and y is not None
            and len(x) == len(y)
            and all(close(p, q) for p, q in zip(x, y))
        ):
            return True
    return False
