"""Acceptance for every built-in family, 50 variants each: the derived answer passes its own
check (and so does every accepted alternative), every derived wrong answer is diagnosed with
its own mistake id, and the variant's ``solution_numpy`` matches central finite differences
of its ``cost_numpy`` evaluated with numpy alone (as a test outside the project would)."""

from __future__ import annotations

import numpy as np
import pytest

from exercises.loader import load_catalog
from grader.expr.check import check_expression
from grader.family.exposed import as_json
from grader.family.variant import signature, variant
from tutor.mathtext import render_markdown_math

FAMILIES = [e for e in load_catalog([], entry_points=False).exercises() if e.family is not None]
VARIANTS = 50

NUMPY_FUNCTIONS = [
    (np.tanh, lambda t: 1 - np.tanh(t) ** 2),
    (np.sin, np.cos),
    (lambda t: np.log1p(np.exp(t)), lambda t: 1 / (1 + np.exp(-t))),
    (np.arctan, lambda t: 1 / (1 + t * t)),
]


def test_every_family_pack_has_families():
    assert {e.id for e in FAMILIES} >= {
        "products",
        "quadratic-forms",
        "activations",
        "layer-gradients",
    }


@pytest.mark.parametrize("family", FAMILIES, ids=lambda e: e.qualified_id)
def test_each_variant_checks_its_own_answers(family):
    mistakes: set[str] = set()
    for n in range(VARIANTS):
        v = variant(family, n)
        for text in v.expression.expected:
            verdict = check_expression(v, text)
            assert verdict.passed, (n, text, verdict.feedback)
        for slip in v.derived.slips:
            verdict = check_expression(v, slip.expression)
            assert not verdict.passed, (n, slip)
            assert verdict.mistake == slip.mistake, (n, slip, verdict.mistake, verdict.feedback)
            mistakes.add(slip.mistake)
    assert {"transposed", "sign", "scale"} <= mistakes


def _namespace(data: dict, rng: np.random.Generator) -> dict:
    names = {"np": np}
    for s in data["symbols"].values():
        value = rng.standard_normal(s["shape"])
        names[s["py"]] = (value + value.T) / 2 if s["symmetric"] else value
    bases = [f for f, d in data["functions"].items() if "derivative_of" not in d]
    for i, base in enumerate(bases):
        f, df = NUMPY_FUNCTIONS[i % len(NUMPY_FUNCTIONS)]
        names[data["functions"][base]["py"]] = f
        for d in data["functions"].values():
            if d.get("derivative_of") == base:
                names[d["py"]] = df
    return names


def _evaluator(text: str, names: dict):
    """The cost as a float, evaluated by numpy alone (our own generated text: no input)."""
    code = compile(text, "cost_numpy", "eval")
    return lambda: float(np.asarray(eval(code, names)).reshape(-1)[0])  # noqa: S307


@pytest.mark.parametrize("family", FAMILIES, ids=lambda e: e.qualified_id)
def test_solution_numpy_matches_finite_differences_of_cost_numpy(family):
    for n in range(VARIANTS):
        data = as_json(variant(family, n), solution=True)
        names = _namespace(data, np.random.default_rng(n))
        wrt = data["symbols"][data["wrt"]]["py"]
        x = names[wrt]
        symmetric = data["symbols"][data["wrt"]]["symmetric"]
        assert not symmetric
        cost = _evaluator(data["cost_numpy"], names)
        fd = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            keep = x[idx]
            x[idx] = keep + 1e-6
            up = cost()
            x[idx] = keep - 1e-6
            down = cost()
            x[idx] = keep
            fd[idx] = (up - down) / 2e-6
        solution = np.asarray(eval(data["solution_numpy"], names))  # noqa: S307
        assert solution.shape == x.shape, (n, data["solution_numpy"])
        assert np.allclose(solution, fd, rtol=1e-5, atol=1e-6), (n, data["solution"])


@pytest.mark.parametrize("family", FAMILIES, ids=lambda e: e.qualified_id)
def test_variants_are_deterministic_and_varied(family):
    drawn = [signature(variant(family, n)) for n in range(VARIANTS)]
    assert [signature(variant(family, n)) for n in range(5)] == drawn[:5]
    assert len(set(drawn)) >= 0.8 * VARIANTS


@pytest.mark.parametrize("family", FAMILIES, ids=lambda e: e.qualified_id)
def test_no_prompt_hint_or_feedback_gives_the_answer_away(family):
    """The project's leak check (grader.expr.leaks) over what a learner of each variant reads:
    the family's hints and the feedback on every derived wrong answer; the prompt, which must
    show the cost and so pieces of the answer, never shows an accepted answer whole."""
    from grader.expr.leaks import given_away, normal_form

    for n in range(20):
        v = variant(family, n)
        spec = v.expression
        shown = normal_form(render_markdown_math(v.prompt()))
        assert not any(normal_form(e) in shown for e in spec.expected), (n, "prompt")
        for hint in v.hints:
            assert given_away(hint, spec) == [], (n, hint)
        for slip in v.derived.slips:
            feedback = check_expression(v, slip.expression).feedback
            assert given_away(feedback, spec, written=slip.expression) == [], (n, feedback)


def test_two_activation_variants_name_a_layer_slip_and_a_pre_activation_input():
    """A learner who takes σ₁' where σ₂' belongs, or a layer's input before its activation,
    hears which slip it is (not only 'not equal')."""
    activations = next(e for e in FAMILIES if e.id == "activations")
    seen: set[str] = set()
    for n in range(VARIANTS):
        v = variant(activations, n)
        seen |= {s.mistake for s in v.derived.slips}
    assert {"wrong-layer-derivative", "pre-activation-input"} <= seen
