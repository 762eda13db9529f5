"""The worked solution of a variant, generated from its chain of adjoints (seed 000's and
seed 001's method, step by step, in the variant's own letters).

Every intermediate value on the way from the variable to the cost gets a name (``z₁``, ``z₂``…,
innermost last), and its adjoint, the gradient of C with respect to it, another (``g₁``, ``g₂``…).
The forward pass defines the values from the inside out; the backward pass gives each adjoint
from the one before it by the rule of the operation between them, so a line reads
``g₂ = Aᵀ g₁`` rather than repeating the whole expression. Transposes and signs, which only
re-arrange an adjoint, get no name of their own. Where the variable occurs more than once, its
contributions are added.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from exercises.model import ExpressionSpec
from grader.expr.adjoint import Gradient
from grader.expr.compiled import compile_spec
from grader.expr.nodes import Neg, Node, Sym, Transpose
from grader.expr.simplify import Algebra
from grader.family.latex import latex_name, to_latex

VALUE_LETTERS = ("z", "q", "r", "t", "h")
ADJOINT_LETTERS = ("g", "λ", "e", "p")


def _letter(choices: tuple[str, ...], spec: ExpressionSpec) -> str:
    """The first letter no symbol or function of the variant starts with."""
    taken = {s.name[0] for s in spec.symbols} | {f.name[0] for f in spec.functions}
    return next((c for c in choices if c not in taken), choices[-1] + "'")


def _named(tree: Node, table: dict[Node, Node]) -> Node:
    """``tree`` with every sub-expression that has a name replaced by it (innermost first)."""
    fields: dict[str, Any] = {f: _named(getattr(tree, f), table) for f in tree.OPERANDS}
    out = replace(tree, **fields) if fields else tree
    return table.get(out, out)


def chain_lines(g: Gradient, spec: ExpressionSpec) -> list[str]:
    """Markdown lines with $…$ math: the forward values, then the adjoints in the order reverse
    mode computes them, then the gradient."""
    alg = Algebra(compile_spec(spec).vocab, frozenset(s.name for s in spec.symbols if s.symmetric))
    steps = [s for s in g.chain[1:] if not isinstance(s.value, (Transpose, Neg, Sym))]
    z, lam = _letter(VALUE_LETTERS, spec), _letter(ADJOINT_LETTERS, spec)
    table: dict[Node, Node] = {}
    unique: list[Node] = []  # each value once (a cost may use one twice: (Ax − b)ᵀ(Ax − b))
    for step in reversed(steps):  # forward: the innermost value first
        value = alg.normal(step.value)
        if value not in unique:
            unique.append(value)
    count = len(unique)
    names = {v: Sym(0, 0, f"{z}_{{{count - i}}}") for i, v in enumerate(unique)}
    values = []
    for value in unique:
        shown = _named(value, table)
        table[shown] = names[value]
        values.append(f"${latex_name(names[value].name)} = {to_latex(shown)}$")
    lines = []
    if values:
        lines.append(
            "- Forward, name the values between the variable and the cost: "
            + ", ".join(values)
            + "."
        )
    lines.append("- Backward, start from the cost: the adjoint of $C$ itself is $1$.")
    seen: set[Node] = set()
    for k, step in enumerate(steps, start=1):
        value = alg.normal(step.value)
        adjoint = _named(step.adjoint, table)
        name = Sym(0, 0, f"{lam}_{{{k}}}")
        again = " through its other occurrence" if value in seen else ""
        seen.add(value)
        lines.append(
            f"- The adjoint of ${latex_name(names[value].name)}${again} is "
            f"${latex_name(name.name)} = {to_latex(adjoint)}$."
        )
        table.setdefault(adjoint, name)
    contributions = [
        _named(s.adjoint, table)
        for s in g.chain
        if isinstance(s.value, Sym) and s.value.name == g.wrt
    ]
    x = latex_name(g.wrt)
    if len(contributions) > 1:
        terms = " + ".join(f"\\left({to_latex(c)}\\right)" for c in contributions)
        lines.append(
            f"- ${x}$ occurs {len(contributions)} times; its contributions add up: ${terms}$."
        )
    elif contributions:
        lines.append(f"- The adjoint of ${x}$ is ${to_latex(contributions[0])}$.")
    lines.append(f"- So $\\frac{{\\partial C}}{{\\partial {x}}} = {to_latex(g.gradient)}$.")
    return lines


def worked_solution(method: str, g: Gradient, spec: ExpressionSpec) -> str:
    """The family's ``solution.md`` (the method in words) followed by this variant's chain;
    ``{chain}`` in the method marks where the chain goes."""
    chain = "\n".join(chain_lines(g, spec))
    if "{chain}" in method:
        return method.replace("{chain}", chain)
    return f"{method.rstrip()}\n\n{chain}\n"
