"""sympy's opinion of a derived gradient, in the two forms sympy can give one.

* Entry by entry at small concrete sizes: every entry of the cost is an ordinary sympy
  expression in entry symbols and undefined functions, and ``sp.diff`` of it is reliable.
* sympy's matrix calculus with symbolic sizes (``Trace(cost).diff(X)``): useful where it
  returns a matrix, but it must never be trusted alone: for costs with element-wise functions
  it returns array contractions it cannot turn back into matrices, for some powers and scalar
  factors it silently returns 0, for ``log det`` it answers 0, and for ``(yᵀy)²`` it returns
  ``2 (yᵀy) y`` (sympy 1.12-1.13; the derivative is ``4 (yᵀy) y``). A zero or non-matrix
  answer is therefore "sympy cannot tell" (None), and a disagreement is settled by the
  entry-by-entry derivative, never by this one alone.

Imports sympy: for ``pack validate`` and the test suite only, never on a learner's check.
"""

from __future__ import annotations

import random

import sympy as sp

from exercises.model import ExpressionSpec
from grader.expr.nodes import Apply, Node, walk
from grader.expr.to_sympy import entries, explicit, symbolic_gradient, symmetric_names


def small_dims(spec: ExpressionSpec) -> dict[str, int]:
    """Distinct small sizes for the dimension names (2, 3, 4, …)."""
    names = sorted({d for s in spec.symbols for d in s.shape if isinstance(d, str)})
    return {n: 2 + i for i, n in enumerate(names)}


def _shape(spec: ExpressionSpec, name: str, dims: dict[str, int]) -> tuple[int, int]:
    rows, cols = (
        dims[d] if isinstance(d, str) else int(d)
        for d in next(s.shape for s in spec.symbols if s.name == name)
    )
    return rows, cols


def entrywise_agrees(
    cost: Node, wrt: str, spec: ExpressionSpec, gradient: Node, dims: dict[str, int] | None = None
) -> bool:
    """Does ``gradient`` equal sympy's derivative of ``cost``, entry by entry?"""
    dims = dims or small_dims(spec)
    if wrt in symmetric_names(spec):
        # d/dS_ij of one shared symbol sums two entries: no gradient convention to compare
        raise ValueError(f"{wrt} is symmetric: its gradient has no single form to check")
    c = explicit(cost, spec, dims)[0, 0]
    g = explicit(gradient, spec, dims)
    x = entries(wrt, _shape(spec, wrt, dims))
    if g.shape != x.shape:
        return False
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            difference = sp.expand(sp.diff(c, x[i, j]) - g[i, j])
            if difference != 0 and sp.simplify(difference) != 0:
                return False
    return True


def matrix_derivative(
    cost: Node, wrt: str, spec: ExpressionSpec, dims: dict[str, int]
) -> sp.Matrix | None:
    """sympy's matrix derivative at ``dims``, or None where sympy cannot tell (see above)."""
    if any(isinstance(n, Apply) for n in walk(cost)):
        return None
    try:
        derivative = symbolic_gradient(cost, wrt, spec)
    except Exception:  # noqa: BLE001 - sympy's matrix calculus fails in arbitrary ways
        return None  # (IndexError inside its array contractions, among others)
    shape = _shape(spec, wrt, dims)
    if derivative == 0 or getattr(derivative, "is_ZeroMatrix", False):
        return None
    if shape != (1, 1) and not isinstance(derivative, sp.MatrixExpr):
        return None
    try:
        value = _at_sizes(derivative, spec, dims)
    except Exception:  # noqa: BLE001 - as above
        return None
    if value.shape != shape or all(sp.expand(e) == 0 for e in value):
        return None
    return value


def _at_sizes(expr: sp.Basic, spec: ExpressionSpec, dims: dict[str, int]) -> sp.Matrix:
    """A symbolic-size sympy expression at concrete sizes, every matrix entry replaced by the
    entry symbol ``explicit`` uses (``A_1_2``), as an explicit matrix (1×1 for a scalar)."""
    sizes = {sp.Symbol(d, integer=True, positive=True): v for d, v in dims.items()}
    value = expr.subs(sizes).doit()
    if isinstance(value, sp.MatrixExpr):
        value = value.as_explicit()
    matrix = sp.Matrix(value) if isinstance(value, sp.MatrixBase) else sp.Matrix([[value]])
    names = {s.name: _shape(spec, s.name, dims) for s in spec.symbols}
    symmetric = symmetric_names(spec)
    elements = {}
    for e in matrix.atoms(sp.matrices.expressions.matexpr.MatrixElement):
        name = str(e.parent)
        elements[e] = entries(name, names[name], name in symmetric)[int(e.i), int(e.j)]
    matrix = matrix.xreplace(elements)
    if matrix.atoms(sp.MatrixSymbol):
        raise ValueError("matrix symbols left after expansion")
    return matrix


def matrix_agrees(
    cost: Node, wrt: str, spec: ExpressionSpec, gradient: Node, dims: dict[str, int] | None = None
) -> bool | None:
    """Does ``gradient`` equal sympy's matrix derivative? None: sympy cannot tell."""
    dims = dims or small_dims(spec)
    value = matrix_derivative(cost, wrt, spec, dims)
    if value is None:
        return None
    ours = explicit(gradient, spec, dims)
    return ours.shape == value.shape and all(_vanishes(e) for e in ours - value)


def _vanishes(expr: sp.Expr) -> bool:
    """Zero for real values of its symbols, decided at three random real points: sympy's
    matrix derivative has no functions left, so it is a rational function of the entries
    with square roots, and a non-zero one is not zero at random points; ``expand`` would not
    do (it leaves ``sqrt(s²)/s`` against ``s/sqrt(s²)`` over the complex numbers) and is slow
    on norms."""
    symbols = sorted(expr.free_symbols, key=str)
    if not symbols:
        return abs(complex(expr.evalf())) <= 1e-9
    f = sp.lambdify(symbols, expr, "math")
    rng = random.Random(7)
    for _ in range(3):
        point = [rng.uniform(0.5, 2.0) * rng.choice((-1, 1)) for _ in symbols]
        if abs(f(*point)) > 1e-9 * max(1.0, *(abs(p) for p in point)):
            return False
    return True
