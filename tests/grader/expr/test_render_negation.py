"""A product whose right factor is negated keeps its brackets: ``A (−x)`` rendered as
``A −x`` would read back as a difference (found by the differentiator's random costs)."""

from __future__ import annotations

import numpy as np

from grader.expr.compiled import compile_spec
from grader.expr.numeric import close, evaluate, make_draw
from grader.expr.render import render
from tests.grader.expr.random_costs import SPEC

C = compile_spec(SPEC)


def test_a_negated_right_factor_is_bracketed_and_reads_back_the_same():
    for text in ("A (-x)", "y^T (x^T x (-(y s)))", "A (-x) ⊙ (-(A x))"):
        tree = C.parse_one(text)
        shown = render(tree)
        again = C.read(shown).parts[0]
        draw = make_draw(SPEC, np.random.default_rng(1))
        assert close(evaluate(again, draw), evaluate(tree, draw)), (text, shown)
    assert render(C.parse_one("A (-x)")) == "A (−x)"
