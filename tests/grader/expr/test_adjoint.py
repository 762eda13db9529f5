"""The symbolic differentiator: right by finite differences and by sympy, over random costs of
the grammar and over every built-in exercise's cost, in the form a person writes."""

from __future__ import annotations

import numpy as np
import pytest

from exercises.loader import load_catalog
from grader.expr.adjoint import NotDifferentiable, gradient
from grader.expr.compiled import compile_spec
from grader.expr.nodes import Norm, walk
from grader.expr.numeric import close, evaluate, make_draw
from grader.expr.render import render
from grader.expr.verify import cost_gradient_by_differences
from tests.grader.expr.random_costs import DIMS, LEAVES, SPEC, CostGenerator

COSTS = 1000


def _fd_agrees(cost, wrt, g, seed: int) -> bool | None:
    draw = make_draw(SPEC, np.random.default_rng([7, seed]))
    draw.values["s"][:] = 1.3  # divisions by s stay far from 0
    with np.errstate(all="ignore"):
        value = evaluate(cost, draw)
        if not np.all(np.isfinite(value)) or np.max(np.abs(value)) > 1e6:
            return None
        if any(
            isinstance(n, Norm) and np.linalg.norm(evaluate(n.argument, draw)) < 1e-9
            for n in walk(cost)
        ):
            return None  # ‖r‖ at r = 0 has no gradient (‖D − D‖ is drawn now and then)
        fd = cost_gradient_by_differences(cost, wrt, draw)
        ours = evaluate(g, draw)
    scale = max(1.0, float(np.max(np.abs(fd))))
    return ours.shape == fd.shape and float(np.max(np.abs(ours - fd))) <= 1e-5 * scale


def test_the_generator_reaches_every_shape():
    for r in DIMS:
        for c in DIMS:
            assert (r, c) in LEAVES or any((r, d) in LEAVES and (d, c) in LEAVES for d in DIMS)


def test_random_costs_agree_with_finite_differences():
    gen = CostGenerator(np.random.default_rng(2026))
    checked, refused, failures = 0, 0, []
    for i in range(COSTS):
        cost, wrt = gen.cost()
        try:
            g = gradient(cost, wrt, SPEC)
        except NotDifferentiable:
            refused += 1
            continue
        verdict = _fd_agrees(cost, wrt, g.gradient, i)
        if verdict is False:
            failures.append(f"{render(cost)} by {wrt}: {render(g.gradient)}")
        checked += verdict is not None
    assert not failures, failures[:5]
    assert checked >= 0.97 * COSTS and refused <= 0.02 * COSTS


# sympy's own matrix calculus multiplies its internal PermuteDims objects with Mul, which it
# has deprecated itself; nothing of ours is involved
@pytest.mark.filterwarnings("ignore::sympy.utilities.exceptions.SymPyDeprecationWarning")
def test_random_costs_agree_with_sympy_wherever_it_returns_a_matrix():
    """Where sympy's matrix calculus returns a matrix it agrees, except where it is itself
    wrong: each such case is settled by sympy's entry-by-entry derivative, which must side
    with ours (sympy returns 2 (yᵀy) y for the gradient of (yᵀy)², for one)."""
    from grader.expr.sympy_gradient import entrywise_agrees, matrix_agrees

    gen = CostGenerator(np.random.default_rng(11))
    decided, sympy_wrong, failures = 0, [], []
    for _ in range(COSTS):
        cost, wrt = gen.cost()
        try:
            g = gradient(cost, wrt, SPEC)
        except NotDifferentiable:
            continue
        verdict = matrix_agrees(cost, wrt, SPEC, g.gradient)
        if verdict is False:
            (sympy_wrong if entrywise_agrees(cost, wrt, SPEC, g.gradient) else failures).append(
                f"{render(cost)} by {wrt}: {render(g.gradient)}"
            )
        decided += verdict is not None
    assert not failures, failures[:5]
    assert decided >= 300 and len(sympy_wrong) <= 0.01 * decided, sympy_wrong


def test_entrywise_sympy_agrees_on_costs_with_element_wise_functions():
    from grader.expr.sympy_gradient import entrywise_agrees

    gen = CostGenerator(np.random.default_rng(5), max_depth=3)
    checked = 0
    while checked < 40:
        cost, wrt = gen.cost()
        if "σ" not in render(cost) and "τ" not in render(cost):
            continue
        try:
            g = gradient(cost, wrt, SPEC)
        except NotDifferentiable:
            continue
        assert entrywise_agrees(cost, wrt, SPEC, g.gradient), render(cost)
        checked += 1


def _builtin_costs():
    for exercise in load_catalog().exercises():
        spec = exercise.expression
        if spec is not None and spec.cost:
            for wrt in (w.strip() for w in spec.wrt.split(",")):
                yield pytest.param(exercise, wrt, id=f"{exercise.qualified_id}:{wrt}")


@pytest.mark.parametrize("exercise, wrt", list(_builtin_costs()))
def test_every_builtin_cost_is_differentiated_to_its_expected_answer(exercise, wrt):
    spec = exercise.expression
    compiled = compile_spec(spec)
    wrts = [w.strip() for w in spec.wrt.split(",")]
    expected = compiled.read(spec.expected[0]).parts[wrts.index(wrt)]
    g = gradient(compiled.parse_one(spec.cost), wrt, spec)
    for seed in range(3):
        draw = make_draw(spec, np.random.default_rng(seed))
        assert close(evaluate(g.gradient, draw), evaluate(expected, draw), rtol=1e-9)


MN = {"A": ("m", "n"), "x": ("n", 1), "y": ("m", 1)}
TWO_LAYERS = {"A": ("k", "m"), "B": ("m", "n"), "x": ("n", 1), "y": ("k", 1)}


@pytest.mark.parametrize(
    "cost, wrt, written, shapes",
    [
        ("y^T σ(A x)", "A", "(y ⊙ σ'(A x)) xᵀ", MN),
        ("y^T A B x", "B", "Aᵀ y xᵀ", {**MN, "B": ("n", "k"), "x": ("k", 1)}),
        ("y^T A B x", "A", "y xᵀ Bᵀ", {**MN, "B": ("n", "k"), "x": ("k", 1)}),
        ("1/2 (A x - b)^T (A x - b)", "x", "Aᵀ (A x − b)", {**MN, "b": ("m", 1)}),
        ("x^T A x", "x", "(A + Aᵀ) x", {"A": ("n", "n"), "x": ("n", 1)}),
        ("x^T A^T A x", "x", "2 Aᵀ A x", MN),
        ("y^T σ_2(A σ_1(B x))", "B", "((Aᵀ (y ⊙ σ₂'(A σ₁(B x)))) ⊙ σ₁'(B x)) xᵀ", TWO_LAYERS),
        ("y^T diag(v) x", "v", "y ⊙ x", {"v": ("m", 1), "x": ("m", 1), "y": ("m", 1)}),
        ("y^T diag(σ(A x)) y", "x", "Aᵀ (y ⊙ y ⊙ σ'(A x))", MN),
        ("1/2 ‖A x - b‖^2", "x", "Aᵀ (A x − b)", {**MN, "b": ("m", 1)}),
        ("½ ‖A x - b‖²", "A", "(A x − b) xᵀ", {**MN, "b": ("m", 1)}),
        ("‖x‖", "x", "x / ‖x‖", MN),
        ("tr(L^T A B)", "A", "L Bᵀ", {**MN, "B": ("n", "m"), "L": ("m", "m")}),
        ("tr(L^T A B)", "B", "Aᵀ L", {**MN, "B": ("n", "m"), "L": ("m", "m")}),
        ("tr(A B)", "A", "Bᵀ", {**MN, "B": ("n", "m")}),
        ("y^T A x tr(A B)", "A", "tr(A B) y xᵀ + yᵀ A x Bᵀ", {**MN, "B": ("n", "m")}),
    ],
)
def test_gradients_read_as_a_person_writes_them(cost, wrt, written, shapes):
    spec = _spec(shapes)
    assert render(gradient(compile_spec(spec).parse_one(cost), wrt, spec).gradient) == written


def test_the_chain_of_adjoints_runs_from_the_cost_to_the_variable():
    spec = _spec(TWO_LAYERS)
    g = gradient(compile_spec(spec).parse_one("y^T σ_2(A σ_1(B x))"), "B", spec)
    shown = [(render(s.value), render(s.adjoint)) for s in g.chain]
    assert shown[0] == ("yᵀ σ₂(A σ₁(B x))", "1")
    assert ("A σ₁(B x)", "y ⊙ σ₂'(A σ₁(B x))") in shown
    assert ("σ₁(B x)", "Aᵀ (y ⊙ σ₂'(A σ₁(B x)))") in shown
    assert shown[-1] == ("B", render(g.gradient))


def test_a_function_without_a_declared_derivative_is_refused():
    spec = _spec(MN)
    with pytest.raises(NotDifferentiable, match="τ has no declared derivative"):
        gradient(compile_spec(spec).parse_one("y^T τ(A x)"), "A", spec)


def _spec(shapes: dict):
    """The symbols of ``shapes``; σ, σ₁, σ₂ with their derivatives and τ without one."""
    from exercises.model import ExpressionSpec, FunctionSpec, SymbolSpec

    functions = [FunctionSpec("τ")]
    for name in ("σ", "σ_1", "σ_2"):
        functions += [FunctionSpec(name), FunctionSpec(f"{name}'", derivative_of=name)]
    return ExpressionSpec(
        tuple(SymbolSpec(n, s) for n, s in shapes.items()), ("x",), tuple(functions)
    )


@pytest.mark.parametrize(
    ("cost", "answer", "symmetric", "agrees"),
    [
        ("x^T S x", "2 S x", True, True),
        ("x^T S x", "(S + S^T) x", True, True),
        ("x^T S y", "S y", True, True),
        ("y^T S x", "S y", True, True),  # Sᵀ y, which is S y for a symmetric S
        ("x^T S x", "2 S x", False, False),  # S not symmetric: the mistake 'assumed-symmetric'
        ("x^T S x", "(S + S^T) x", False, True),
        ("y^T S x", "S y", False, False),
    ],
)
def test_sympy_treats_a_symmetric_matrix_as_symmetric(cost, answer, symmetric, agrees):
    """Entry by entry and by matrix calculus, a symmetric S has one entry for (i, j) and
    (j, i), as the matrices the numeric checks draw: else sympy would refuse 2 S x."""
    from dataclasses import replace

    from grader.expr.sympy_gradient import entrywise_agrees, matrix_agrees

    spec = _spec({"S": ("n", "n"), "x": ("n", 1), "y": ("n", 1)})
    if symmetric:
        spec = replace(
            spec, symbols=tuple(replace(s, symmetric=s.name == "S") for s in spec.symbols)
        )
    parsed = compile_spec(spec)
    c, g = parsed.parse_one(cost), parsed.parse_one(answer)
    assert entrywise_agrees(c, "x", spec, g) is agrees
    assert matrix_agrees(c, "x", spec, g) in (agrees, None)
