"""What ``show EX --variant N --json`` prints: a variant as data a test outside the project can
check with numpy alone (DESIGN.md, "Families").

``symbols`` gives each symbol's shape at concrete, distinct sizes (``dims`` says which size each
dimension name got) and the Python identifier ``py`` that ``cost_numpy`` and
``solution_numpy`` use for it; ``functions`` gives each element-wise function's identifier, and
for a derivative the function it is the derivative of. The solution is only included when
asked for: learners never see it before solving.
"""

from __future__ import annotations

from typing import Any

from exercises.model import Exercise
from grader.expr.compiled import compile_spec
from grader.expr.shapes import infer_shape
from grader.family.numpy_form import identifiers, to_numpy
from grader.family.variant import Variant, cost_text, solution_text


def sizes(v: Variant) -> dict[str, int]:
    """Distinct sizes 2, 3, 4, … for the variant's dimension names, in order of appearance."""
    names: list[str] = []
    for s in v.derived.spec.symbols:
        names += [d for d in s.shape if isinstance(d, str) and d not in names]
    return {name: 2 + i for i, name in enumerate(names)}


def as_json(exercise: Exercise, *, solution: bool = False) -> dict[str, Any]:
    """``exercise`` must be a family's variant (``grader.family.variant.variant``)."""
    if not isinstance(exercise, Variant):
        raise TypeError(f"{exercise.qualified_id} is no variant of a family")
    v = exercise
    spec = v.derived.spec
    vocab = compile_spec(spec).vocab
    dims = sizes(v)
    py = identifiers([s.name for s in spec.symbols] + [f.name for f in spec.functions])
    shape_of = lambda node: infer_shape(node, "", vocab)  # noqa: E731
    out: dict[str, Any] = {
        "exercise": v.qualified_id,
        "variant": v.variant,
        "cost": cost_text(v),
        "wrt": spec.wrt,
        "dims": dims,
        "symbols": {
            s.name: {
                "shape": [dims[d] if isinstance(d, str) else d for d in s.shape],
                "py": py[s.name],
                "dimensions": list(s.shape),
                "symmetric": s.symmetric,
            }
            for s in spec.symbols
        },
        "functions": {
            f.name: {
                "py": py[f.name],
                **({"derivative_of": f.derivative_of} if f.derivative_of else {}),
            }
            for f in spec.functions
        },
        "cost_numpy": to_numpy(v.derived.cost, py, shape_of),
    }
    if solution:
        out["solution"] = solution_text(v)
        out["solution_numpy"] = to_numpy(v.derived.gradient.gradient, py, shape_of)
    return out
