"""``pack validate`` for expression exercises: are the exercise's own answers right?

Checked: every expected answer parses with one shape per part and all are equivalent; each
part has the shape of its variable in ``wrt``; where a ``cost`` is given too, the expected
answer agrees with central finite differences of the cost (always) and with sympy's
derivative of the cost (entry by entry at small concrete sizes, and through sympy's matrix
calculus where it manages); every declared wrong answer parses, really is wrong, and is
diagnosed as its own mistake id. What cannot be checked (no cost, no wrt) is a warning.
"""

from __future__ import annotations

import numpy as np

from exercises.model import Exercise, ExpressionSpec
from grader.expr.compiled import Compiled, Parsed, compile_spec
from grader.expr.errors import ExprError
from grader.expr.numeric import Draw, close, evaluate, make_draw
from grader.expr.shapes import show
from grader.finite_differences import STEP, TOLERANCE, central_difference, entries, scale

SEEDS = (0, 1)


def _draws(spec: ExpressionSpec) -> list[Draw]:
    return [make_draw(spec, np.random.default_rng([seed, i])) for seed in SEEDS for i in range(3)]


def cost_gradient_by_differences(cost, wrt: str, draw: Draw) -> np.ndarray:
    """The gradient of the scalar ``cost`` with respect to the symbol ``wrt`` at ``draw``, each
    step relative to the size of its entry."""

    def cost_at(value: np.ndarray) -> float:
        return float(
            evaluate(cost, Draw(draw.dims, {**draw.values, wrt: value}, draw.functions))[0, 0]
        )

    base = draw.values[wrt]
    grad = np.zeros_like(base)
    for index in entries(base):
        grad[index] = central_difference(cost_at, base, index, STEP * max(1.0, abs(base[index])))
    return grad


def _agrees_with_fd(fd: np.ndarray, value: np.ndarray) -> bool:
    return fd.shape == value.shape and bool(
        np.max(np.abs(fd - value), initial=0.0) <= TOLERANCE * scale(value)
    )


def _check_cost(
    c: Compiled, spec: ExpressionSpec, expected: Parsed, draws: list[Draw]
) -> list[str]:
    assert spec.cost is not None, "only called for an exercise with a cost"
    try:
        cost = c.read(spec.cost)
    except ExprError as e:
        return [f"cost {spec.cost!r}: {e.message}"]
    if len(cost.parts) != 1 or cost.shapes[0] != (1, 1):
        return [f"cost {spec.cost!r} must be one scalar (1×1), not {show(cost.shapes[0])}"]
    wrts = _wrts(spec)
    if len(wrts) != len(expected.parts):
        return (
            []
            if wrts
            else [
                "a `cost` needs `wrt`: the variable(s) the answer is the gradient with respect to"
            ]
        )
    problems = []
    for i, (wrt, part, shape) in enumerate(zip(wrts, expected.parts, expected.shapes)):
        if wrt not in c.vocab.shapes or tuple(c.vocab.shapes[wrt]) != shape:
            continue  # reported by _check_shapes
        for draw in draws[:3]:
            with np.errstate(all="ignore"):
                fd = cost_gradient_by_differences(cost.parts[0], wrt, draw)
                value = evaluate(part, draw)
            if not _agrees_with_fd(fd, value):
                problems.append(
                    f"expected part {i + 1} does not match central finite "
                    f"differences of the cost with respect to {wrt} "
                    f"(sizes {draw.dims}, max difference "
                    f"{float(np.max(np.abs(fd - value))):.3g})"
                )
                break
        problems += _sympy_gradient(spec, cost.parts[0], wrt, part)
    return problems


def _wrts(spec: ExpressionSpec) -> list[str]:
    return [w.strip() for w in (spec.wrt or "").split(",") if w.strip()]


def _check_shapes(c: Compiled, spec: ExpressionSpec, expected: Parsed) -> list[str]:
    """A gradient has the shape of its variable: refuse an expected answer that does not,
    whether or not a cost lets the value be checked too."""
    wrts = _wrts(spec)
    if not wrts:
        return []
    if len(wrts) != len(expected.parts):
        return [f"wrt {spec.wrt!r} names {len(wrts)} symbol(s) for {len(expected.parts)} part(s)"]
    problems = []
    for i, (wrt, shape) in enumerate(zip(wrts, expected.shapes)):
        if wrt not in c.vocab.shapes:
            problems.append(f"wrt {wrt!r} is not a declared symbol")
        elif tuple(c.vocab.shapes[wrt]) != shape:
            problems.append(
                f"expected part {i + 1} is {show(shape)} but {wrt} is "
                f"{show(c.vocab.shapes[wrt])}: a gradient has the shape of "
                "the variable it is taken with respect to"
            )
    return problems


def unverified(exercise: Exercise) -> list[str]:
    """What ``pack validate`` could not check about an expression exercise's expected answer:
    without a ``cost`` its value (a sign or a factor off) is taken on trust, and without a
    ``wrt`` its shape too. Warnings, shown by ``pack validate`` and never silent."""
    spec = exercise.expression
    if spec is None or spec.cost:
        return []
    if not _wrts(spec):
        return [
            "the expected answer is not verified: without `cost` and `wrt` neither its "
            "value (a wrong sign or factor) nor its shape can be checked; give the cost "
            "it is the derivative of and the variable(s) in `wrt`"
        ]
    return [
        "the expected answer's value is not verified: without a `cost` a wrong sign or "
        "factor cannot be found (its shape was checked against `wrt`)"
    ]


def _sympy_gradient(spec: ExpressionSpec, cost, wrt: str, part) -> list[str]:
    """Entry-by-entry comparison with sympy's derivative of the cost at small sizes."""
    import sympy as sp

    from grader.expr.to_sympy import entries, explicit

    names = sorted({d for s in spec.symbols for d in s.shape if isinstance(d, str)})
    dims = {n: 2 + i for i, n in enumerate(names)}
    try:
        c = explicit(cost, spec, dims)[0, 0]
        g = explicit(part, spec, dims)
    except (TypeError, ValueError, sp.SympifyError, sp.ShapeError):
        return []
    shape = next(s.shape for s in spec.symbols if s.name == wrt)
    rows, cols = (dims[d] if isinstance(d, str) else int(d) for d in shape)
    x = entries(wrt, (rows, cols))
    return _entrywise(c, x, g, wrt, dims) + _sympy_matrix_gradient(spec, cost, wrt, g, dims)


def _entrywise(c, x, g, wrt: str, dims: dict[str, int]) -> list[str]:
    import sympy as sp

    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            difference = sp.expand(sp.diff(c, x[i, j]) - g[i, j])
            if difference != 0 and sp.simplify(difference) != 0:
                return [
                    f"expected answer differs from sympy's derivative of the cost with "
                    f"respect to {wrt} at entry ({i + 1}, {j + 1}) (sizes {dims})"
                ]
    return []


def _sympy_matrix_gradient(
    spec: ExpressionSpec, cost, wrt: str, g, dims: dict[str, int]
) -> list[str]:
    """The same through sympy's matrix calculus with symbolic sizes, where sympy manages.

    Only for costs without element-wise functions: there sympy's matrix derivatives are
    unreliable (it returns array contractions it cannot simplify, some of them wrong)."""
    import sympy as sp

    from grader.expr.nodes import Apply, walk
    from grader.expr.to_sympy import concrete, symbolic_gradient

    if any(isinstance(n, Apply) for n in walk(cost)):
        return []
    try:
        derivative = symbolic_gradient(cost, wrt, spec)
        value = concrete(derivative, spec, dims)
    except (TypeError, ValueError, AttributeError, NotImplementedError, sp.ShapeError):
        return []
    if value.shape != g.shape or any(sp.expand(d) != 0 for d in value - g):
        return [
            f"expected answer differs from sympy's matrix derivative of the cost "
            f"({derivative}) with respect to {wrt}"
        ]
    return []


def _equivalent_alternatives(
    c: Compiled, parsed: list[Parsed], texts: tuple[str, ...], draws: list[Draw]
) -> list[str]:
    first = parsed[0]
    problems = []
    for text, p in zip(texts[1:], parsed[1:]):
        if p.shapes != first.shapes:
            problems.append(
                f"expected {text!r} has shape "
                f"{', '.join(show(s) for s in p.shapes)}, but the first expected "
                f"answer has {', '.join(show(s) for s in first.shapes)}"
            )
            continue
        with np.errstate(all="ignore"):
            same = all(
                close(evaluate(a, d), evaluate(b, d))
                for a, b in zip(p.parts, first.parts)
                for d in draws
            )
        if not same:
            problems.append(f"expected {text!r} is not equal to {texts[0]!r}")
    return problems


def _check_wrong(exercise: Exercise, c: Compiled, expected: Parsed, draws: list[Draw]) -> list[str]:
    from grader.expr.check import check_expression

    assert exercise.expression is not None
    problems = []
    for w in exercise.expression.wrong:
        where = f"wrong answer {w.expression!r} ({w.mistake})"
        try:
            c.parse(w.expression)
        except ExprError as e:
            problems.append(f"{where} does not parse: {e.message}")
            continue
        verdict = check_expression(exercise, w.expression, seed=0)
        if verdict.status == "passed":
            problems.append(f"{where} is graded as correct")
        elif verdict.mistake != w.mistake:
            problems.append(
                f"{where} is diagnosed as {verdict.mistake!r}: an earlier declared "
                "wrong answer or a generic check catches it first"
            )
    return problems


def verify_expression_exercise(exercise: Exercise) -> list[str]:
    spec = exercise.expression
    if spec is None:
        return ["an expression exercise needs an [expression] table"]
    try:
        c = compile_spec(spec)
    except ExprError as e:
        return [e.message]
    parsed, problems = [], []
    for text in spec.expected:
        try:
            parsed.append(c.read(text))
        except ExprError as e:
            problems.append(f"expected {text!r}: {e.message}")
    if problems or not parsed:
        return problems or ["no expected answer"]
    draws = _draws(spec)
    problems += _equivalent_alternatives(c, parsed, spec.expected, draws)
    problems += _check_shapes(c, spec, parsed[0])
    if spec.cost:
        problems += _check_cost(c, spec, parsed[0], draws)
    problems += _check_wrong(exercise, c, parsed[0], draws)
    return problems
