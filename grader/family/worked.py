"""The worked solution of a variant, generated from its chain of adjoints (seed 000's and
seed 001's method, step by step, in the variant's own letters).

Reverse mode visits the cost's sub-expressions from the outside in; each line says what the
adjoint (the gradient of C with respect to that sub-expression) is, using the rule of the
operation that consumes it. Transposes and signs, which only re-arrange an adjoint, are not
lines of their own. When the variable occurs more than once, its contributions are added.
"""

from __future__ import annotations

from grader.expr.adjoint import Gradient
from grader.expr.nodes import Neg, Sym, Transpose
from grader.family.latex import latex_name, to_latex


def chain_lines(g: Gradient) -> list[str]:
    """Markdown lines with $…$ math: the adjoints in the order reverse mode computes them."""
    lines = ["- Start from the cost: the adjoint of $C$ itself is $1$."]
    contributions = []
    for step in g.chain[1:]:
        if isinstance(step.value, (Transpose, Neg)):
            continue
        if isinstance(step.value, Sym) and step.value.name == g.wrt:
            contributions.append(step.adjoint)
            continue
        lines.append(f"- The adjoint of ${to_latex(step.value)}$ is ${to_latex(step.adjoint)}$.")
    name = latex_name(g.wrt)
    if len(contributions) > 1:
        terms = " + ".join(f"\\left({to_latex(c)}\\right)" for c in contributions)
        lines.append(
            f"- ${name}$ occurs {len(contributions)} times; its contributions add up: ${terms}$."
        )
    lines.append(f"- So $\\frac{{\\partial C}}{{\\partial {name}}} = {to_latex(g.gradient)}$.")
    return lines


def worked_solution(method: str, g: Gradient) -> str:
    """The family's ``solution.md`` (the method in words) followed by this variant's chain;
    ``{chain}`` in the method marks where the chain goes."""
    chain = "\n".join(chain_lines(g))
    if "{chain}" in method:
        return method.replace("{chain}", chain)
    return f"{method.rstrip()}\n\n{chain}\n"
