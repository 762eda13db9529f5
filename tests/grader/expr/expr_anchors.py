"""Anchor expression exercises for the grader tests (imported by the test modules here).

The built-in exercise is used when it exists; until the pack authors have written it, an
Exercise is built here from the symbol table in CURRICULUM.md, so the grammar and grading are
tested against the contract either way.
"""

from __future__ import annotations

from pathlib import Path

from exercises.loader import load_catalog
from exercises.model import (
    Exercise,
    ExpressionSpec,
    FunctionSpec,
    QuantitySpec,
    Source,
    SymbolSpec,
    WrongAnswer,
)

ANSWERS = Path(__file__).parents[2] / "data" / "expr"


def _spec(
    symbols: dict,
    expected: list[str],
    cost: str,
    wrt: str,
    functions=(),
    quantities: dict | None = None,
    wrong=(),
) -> ExpressionSpec:
    return ExpressionSpec(
        symbols=tuple(SymbolSpec(n, tuple(s)) for n, s in symbols.items()),
        expected=tuple(expected),
        cost=cost,
        wrt=wrt,
        functions=tuple(FunctionSpec(n, (), d) for n, d in functions),
        quantities=tuple(QuantitySpec(n, d) for n, d in (quantities or {}).items()),
        wrong=tuple(WrongAnswer(e, m, f"declared: {m}") for e, m in wrong),
    )


YABX = {"y": ("m", 1), "A": ("m", "n"), "B": ("n", "p"), "x": ("p", 1)}
SIGMA = [("σ", None), ("σ'", "σ")]
CONSTRUCTED = {
    "matrix-calculus/linear-yabx-da": _spec(YABX, ["y x^T B^T"], "y^T A B x", "A"),
    "matrix-calculus/linear-yabx-db": _spec(YABX, ["A^T y x^T"], "y^T A B x", "B"),
    "matrix-calculus/quadratic-ax": _spec(
        {"A": ("m", "n"), "x": ("n", 1)}, ["A x x^T"], "x^T A^T A x / 2", "A"
    ),
    "matrix-calculus/quadratic-abx-db": _spec(
        {"A": ("l", "m"), "B": ("m", "n"), "x": ("n", 1)},
        ["A^T A B x x^T"],
        "x^T B^T A^T A B x / 2",
        "B",
    ),
    "matrix-calculus/activation-yax": _spec(
        {"y": ("m", 1), "A": ("m", "n"), "x": ("n", 1)},
        ["(y ⊙ σ'(A x)) x^T"],
        "y^T σ(A x)",
        "A",
        SIGMA,
        wrong=[("y x^T", "missing-derivative"), ("(y ⊙ σ(A x)) x^T", "activation-for-derivative")],
    ),
    "matrix-calculus/nested-db": _spec(
        {"y": ("k", 1), "A": ("k", "m"), "B": ("m", "n"), "x": ("n", 1)},
        ["((A^T (y ⊙ σ_2'(A σ_1(B x)))) ⊙ σ_1'(B x)) x^T"],
        "y^T σ_2(A σ_1(B x))",
        "B",
        [("σ_1", None), ("σ_1'", "σ_1"), ("σ_2", None), ("σ_2'", "σ_2")],
    ),
    "scalar-chains/linear-dw01": _spec(
        {n: (1, 1) for n in ("x0", "w01", "w12", "w23", "y")},
        ["(x3 - y) w23 w12 x0"],
        "(x3 - y)^2 / 2",
        "w01",
        quantities={"x1": "w01 x0", "x2": "w12 x1", "x3": "w23 x2"},
    ),
    "matrix-calculus/matmul-adjoints": _spec(
        {"A": ("m", "n"), "B": ("n", "p"), "Λ": ("m", "p"), "u": ("m", 1), "v": ("p", 1)},
        ["Λ B^T, A^T Λ"],
        "",
        "",
        wrong=[("A^T Λ, Λ B^T", "swapped")],
    ),
}


def constructed(qid: str) -> Exercise:
    pack, eid = qid.split("/")
    return Exercise(
        pack=pack,
        id=eid,
        title=eid,
        kind="expression",
        folder=Path("."),
        prompt_path=Path("prompt.md"),
        difficulty=1,
        sources=(Source("CURRICULUM.md", "team", "anchors"),),
        expression=CONSTRUCTED[qid],
    )


def anchor(qid: str) -> Exercise:
    """The built-in exercise if it exists, else one built from the curriculum's table."""
    catalog = _catalog()
    for pack in catalog.packs:
        for e in pack.exercises:
            if e.qualified_id == qid and e.expression is not None:
                return e
    return constructed(qid)


_CACHE: dict = {}


def _catalog():
    if "catalog" not in _CACHE:
        _CACHE["catalog"] = load_catalog(entry_points=False)
    return _CACHE["catalog"]


def read_answers(qid: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Equivalent answers and (answer, mistake, status) wrong ones from tests/data/expr."""
    text = (ANSWERS / (qid.replace("/", "__") + ".txt")).read_text(encoding="utf-8")
    good, bad = [], []
    for line in text.splitlines():
        if line.startswith("= "):
            good.append(line[2:].strip())
        elif line.startswith("! "):
            answer, _, rest = line[2:].partition(" -> ")
            status = "error" if "[error]" in rest else "wrong"
            bad.append((answer.strip(), rest.replace("[error]", "").strip(), status))
    return good, bad
