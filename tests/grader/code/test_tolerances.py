"""Code tolerances are chosen from the mistakes they must catch (docs/grading.md): over many
checks, every declared mistake of every code exercise lies far outside them, and the
reference computed in float32 and cast back lies well inside them. Trials cover the layer
counts deterministically."""

from __future__ import annotations

import numpy as np
import pytest

from exercises.callables import LAYER_COUNTS
from exercises.loader import load_catalog
from grader.code.numeric import make_inputs, reference_outputs

CATALOG = load_catalog()
CODE = [e for e in CATALOG.exercises() if e.kind == "code"]
CHECKS = 30
MISTAKE_MARGIN = 10.0
"""The smallest effect of a mistake is at least this many times the tolerance."""
FLOAT32_MARGIN = 4.0
"""The float32 round-off of the reference is at most the tolerance over this."""
NO_FLOAT32 = {"scalar-chains/numerical-gradient"}
"""Central differences with a step near 1e-4 cannot be taken in float32 at all: the exercise
keeps a float64-tight tolerance so that one-sided differences are caught."""


def _arrays(value) -> list[np.ndarray]:
    if isinstance(value, (list, tuple)):
        return [a for item in value for a in _arrays(item)]
    return [np.asarray(value, dtype=np.float64)]


def _excess(got, expected, rtol: float, atol: float) -> float:
    """How many tolerances the worst output of one trial is off (the measure of ``close``)."""
    worst = 0.0
    for g, e in zip(got, expected):
        gs, es = _arrays(g), _arrays(e)
        scale = max((float(np.max(np.abs(b))) for b in es if b.size), default=0.0)
        diff = max((float(np.max(np.abs(a - b))) for a, b in zip(gs, es) if b.size), default=0.0)
        worst = max(worst, diff / (atol + rtol * scale))
    return worst


def _float32(value):
    if isinstance(value, np.ndarray):
        return value.astype(np.float32)
    if isinstance(value, list):
        return [_float32(v) for v in value]
    return value


def _checks(exercise):
    spec = exercise.code
    for seed in range(CHECKS):
        rng = np.random.default_rng([seed, 19])
        trials = [make_inputs(spec, rng, i) for i in range(spec.trials)]
        yield trials, [reference_outputs(exercise, t) for t in trials]


@pytest.mark.parametrize("exercise", CODE, ids=[e.qualified_id for e in CODE])
def test_every_mistake_is_caught_with_margin(exercise):
    spec = exercise.code
    smallest = {m.id: np.inf for m in spec.mistakes}
    for trials, expected in _checks(exercise):
        for mistake in spec.mistakes:
            got = [reference_outputs(exercise, t, mistake.function) for t in trials]
            effect = max(_excess(g, e, spec.rtol, spec.atol) for g, e in zip(got, expected))
            smallest[mistake.id] = min(smallest[mistake.id], effect)
    assert all(v >= MISTAKE_MARGIN for v in smallest.values()), smallest


@pytest.mark.parametrize(
    "exercise", [e for e in CODE if e.qualified_id not in NO_FLOAT32], ids=lambda e: e.qualified_id
)
def test_a_float32_backward_pass_is_within_the_tolerance(exercise):
    spec = exercise.code
    worst = 0.0
    for trials, expected in _checks(exercise):
        with np.errstate(all="ignore"):
            got = [reference_outputs(exercise, [_float32(a) for a in t]) for t in trials]
        worst = max(worst, *(_excess(g, e, spec.rtol, spec.atol) for g, e in zip(got, expected)))
    assert worst <= 1 / FLOAT32_MARGIN, worst


LAYERED = [
    "mlp/backward",
    "mlp/batch-backward",
    "mlp/gradient-descent-step",
    "adjoints/backward-pass",
]


@pytest.mark.parametrize("qid", LAYERED)
def test_every_check_covers_one_to_four_layers(qid):
    exercise = CATALOG.find(qid)
    assert exercise.code.trials >= len(LAYER_COUNTS)
    for seed in range(5):
        rng = np.random.default_rng(seed)
        trials = [make_inputs(exercise.code, rng, i) for i in range(exercise.code.trials)]
        assert {len(t[0]) for t in trials} == {1, 2, 3, 4}


def test_graph_checks_have_nodes_with_no_path_to_the_output():
    exercise = CATALOG.find("adjoints/graph-reverse-mode")
    for trials, expected in _checks(exercise):
        for args, (lam,) in zip(trials, expected):
            n, edges = args[0], np.asarray(args[1])
            sinks = set(range(n)) - set(edges[:, 0].tolist()) - {n - 1}
            assert sinks and all(lam[j] == 0.0 for j in sinks)
