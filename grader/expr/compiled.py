"""Per-exercise data parsed once: spelling table, quantity definitions, expected and declared
wrong answers as trees. Pure Python (no numpy, no sympy) so the preview can use it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from exercises.model import ExpressionSpec
from grader.expr.bracketing import infer_shapes
from grader.expr.grammar import parse_answer, parse_one, parse_quantities
from grader.expr.nodes import Node
from grader.expr.shapes import Shape
from grader.expr.symbols import Vocabulary, vocabulary


@dataclass(frozen=True)
class Parsed:
    """An answer read and shape-checked: one tree and shape per comma-separated part."""

    text: str
    parts: tuple[Node, ...]
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class Compiled:
    spec: ExpressionSpec
    vocab: Vocabulary
    quantities: dict[str, Node]

    def parse(self, text: str) -> tuple[Node, ...]:
        return parse_answer(text, self.vocab, self.quantities)

    def read(self, text: str) -> Parsed:
        """Parse and infer shapes; raises ``ExprError`` for anything that cannot be evaluated."""
        parts = self.parse(text)
        return Parsed(text, parts, infer_shapes(parts, text, self.vocab))

    def parse_one(self, text: str) -> Node:
        return parse_one(text, self.vocab, self.quantities)


@lru_cache(maxsize=256)
def compile_spec(spec: ExpressionSpec) -> Compiled:
    """Spelling table and quantity trees of an exercise (cached: specs are frozen)."""
    vocab = vocabulary(spec)
    return Compiled(spec, vocab, parse_quantities(vocab))
