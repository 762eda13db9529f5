"""Realistic wrong answers made from an exercise's own expected answer: the slips of the
contract (transposed, sign, constant factors, a symbol factor too many or too few), a dropped
factor or function, a function swapped for another one the exercise declares. Shared by the
tests of feedback (nothing given away) and of diagnosis (the right id)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from exercises.model import ExpressionSpec
from grader.expr.compiled import compile_spec
from grader.expr.nodes import Apply, BinOp, Node, replaced, walk
from grader.expr.render import render


def mutants(spec: ExpressionSpec) -> Iterator[tuple[str, str]]:
    """(kind of slip, answer text) pairs; some do not fit shapes, which is realistic too.
    In a several-part answer each part is mutated in turn, the others left right."""
    compiled = compile_spec(spec)
    parts = [render(p) for p in compiled.parse(spec.expected[0])]
    for i, part in enumerate(parts):
        for kind, text in _part_mutants(spec, compiled.parse_one(part), part):
            yield kind, ", ".join(parts[:i] + [text] + parts[i + 1 :])
    if len(parts) > 1:
        yield "swapped", ", ".join(reversed(parts))
        yield "sign", ", ".join(f"-({p})" for p in parts)


def _part_mutants(spec: ExpressionSpec, tree: Node, expected: str) -> Iterator[tuple[str, str]]:
    e = f"({expected})"
    yield "transposed", f"{e}^T"
    yield "sign", f"-{e}"
    for c in ("2", "3", "1/2"):
        yield "scale", f"{c} {e}"
    yield "scale", f"{e} / 4"
    for s in spec.symbols:
        if tuple(s.shape) == (1, 1):
            yield "extra-factor", f"{s.name} {e}"
            yield "extra-factor", f"{e} / {s.name}"
    functions = [f.name for f in spec.functions]
    for node in walk(tree):
        if isinstance(node, BinOp) and node.op in ("matmul", "hadamard"):
            yield "missing-factor", render(replaced(tree, node, node.left))
            yield "missing-factor", render(replaced(tree, node, node.right))
        if isinstance(node, Apply):
            yield "missing-function", render(replaced(tree, node, node.argument))
            for f in functions:
                if f != node.function:
                    yield "other-function", render(replaced(tree, node, replace(node, function=f)))
