"""Properties of the built-in code exercises that the generic finite-difference check of
``[code] gradients`` cannot express: adjoints of intermediate nodes, a step that must lower the
cost, tolerances that separate central from one-sided differences, and mistakes that run.

The generic check (reference against central differences of ``cost``) belongs to ``pack
validate``; these tests cover what each exercise promises on top of it.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

import numpy as np
import pytest

from exercises.loader import load_catalog

CODE_EXERCISES = [
    "adjoints/matmul-backward",
    "adjoints/backward-pass",
    "adjoints/graph-reverse-mode",
    "mlp/backward",
    "mlp/batch-backward",
    "mlp/gradient-descent-step",
    "mlp/rowmajor-two-layer",
    "scalar-chains/numerical-gradient",
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([], entry_points=False)


def _module(path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference(catalog, qualified_id: str) -> ModuleType:
    exercise = catalog.find(qualified_id)
    return _module(exercise.code.module, "ref_" + exercise.id.replace("-", "_"))


def _distinct_dims(rng, dims: dict[str, tuple[int, int]]) -> dict[str, int]:
    while True:
        drawn = {k: int(rng.integers(lo, hi + 1)) for k, (lo, hi) in dims.items()}
        if len(set(drawn.values())) == len(drawn):
            return drawn


def _inputs(rng, exercise, module) -> dict:
    code = exercise.code
    dims = _distinct_dims(rng, code.dims)
    if code.generator:
        return getattr(module, code.generator)(rng, dims)
    return {i.name: rng.standard_normal(tuple(dims[d] for d in i.shape)) for i in code.inputs}


def _flat(value) -> np.ndarray:
    if isinstance(value, (list, tuple)):
        return np.concatenate([_flat(v) for v in value])
    return np.ravel(np.asarray(value, dtype=float))


def _outputs(value, names) -> list:
    return [value] if len(names) == 1 else list(value)


@pytest.mark.parametrize("qualified_id", CODE_EXERCISES)
def test_every_mistake_runs_and_differs_from_the_reference(catalog, qualified_id):
    exercise = catalog.find(qualified_id)
    module = _reference(catalog, qualified_id)
    starter = _module(exercise.code.starter, "starter_" + exercise.id.replace("-", "_"))
    code = exercise.code
    assert len(code.mistakes) >= 4
    rng = np.random.default_rng(7)
    for _ in range(2):
        inputs = _inputs(rng, exercise, module)
        expected = _outputs(getattr(module, code.reference)(**inputs), code.outputs)
        for candidate in [getattr(module, m.function) for m in code.mistakes] + [
            getattr(starter, code.function)
        ]:
            got = _outputs(candidate(**inputs), code.outputs)
            assert [np.shape(_flat(g)) for g in got] == [np.shape(_flat(e)) for e in expected]
            assert not np.allclose(_flat(got), _flat(expected), rtol=code.rtol, atol=code.atol), (
                candidate.__name__
            )


def test_backward_pass_lambdas_are_gradients_with_respect_to_each_layer_output(catalog):
    ref = _reference(catalog, "adjoints/backward-pass")
    exercise = catalog.find("adjoints/backward-pass")
    rng = np.random.default_rng(3)
    for _ in range(2):
        inputs = _inputs(rng, exercise, ref)
        lambdas, _ = ref.adjoint_backward(**inputs)
        Ws, fs, y = inputs["Ws"], inputs["fs"], inputs["y"]
        zs, _ = ref._forward(Ws, inputs["x"], fs)

        def loss_from(i, z, Ws=Ws, fs=fs, y=y):
            for W, f in zip(Ws[i:], fs[i:]):
                z = f(W @ z)
            return 0.5 * float(np.sum((z - y) ** 2))

        for i in range(1, len(Ws) + 1):
            h = 1e-6
            numeric = np.zeros_like(zs[i])
            for k in range(zs[i].shape[0]):
                up, down = zs[i].copy(), zs[i].copy()
                up[k] += h
                down[k] -= h
                numeric[k] = (loss_from(i, up) - loss_from(i, down)) / (2 * h)
            assert lambdas[i - 1].shape == zs[i].shape
            np.testing.assert_allclose(lambdas[i - 1], numeric, rtol=1e-6, atol=1e-9)


def test_graph_adjoints_are_derivatives_of_the_output_with_respect_to_each_node(catalog):
    ref = _reference(catalog, "adjoints/graph-reverse-mode")
    rng = np.random.default_rng(4)
    for n, d in [(7, 2), (12, 3), (16, 5)]:
        inputs, forward = ref.random_graph(rng, n, d)
        lam = ref.graph_adjoints(**inputs)
        z = forward()
        h = 1e-6
        numeric = [
            (forward((k, z[k] + h))[-1] - forward((k, z[k] - h))[-1]) / (2 * h) for k in range(n)
        ]
        assert lam[-1] == 1.0
        np.testing.assert_allclose(lam, numeric, rtol=1e-6, atol=1e-9)


def test_graph_rows_are_not_in_topological_order(catalog):
    ref = _reference(catalog, "adjoints/graph-reverse-mode")
    inputs, _ = ref.random_graph(np.random.default_rng(5), 14, 3)
    heads = inputs["edges"][:, 1]
    assert np.all(inputs["edges"][:, 0] < heads)
    assert np.any(np.diff(heads) < 0)


def test_a_gradient_step_lowers_the_cost(catalog):
    ref = _reference(catalog, "mlp/gradient-descent-step")
    exercise = catalog.find("mlp/gradient-descent-step")
    rng = np.random.default_rng(6)
    for _ in range(20):
        inputs = _inputs(rng, exercise, ref)
        new_Ws, new_bs = ref.gradient_step(**inputs)
        after = dict(inputs, Ws=new_Ws, bs=new_bs)
        assert ref.loss(**after) < ref.loss(**inputs)


def test_central_differences_pass_and_one_sided_ones_fail(catalog):
    exercise = catalog.find("scalar-chains/numerical-gradient")
    ref = _reference(catalog, "scalar-chains/numerical-gradient")
    code = exercise.code
    rng = np.random.default_rng(8)

    def central(C, w, eps):
        grad = np.zeros_like(w)
        for i in range(w.size):
            up, down = w.copy(), w.copy()
            up[i] += eps
            down[i] -= eps
            grad[i] = (C(up) - C(down)) / (2 * eps)
        return grad

    for _ in range(10):
        inputs = _inputs(rng, exercise, ref)
        exact = ref.numerical_gradient(**inputs)
        for eps in (inputs["eps"], 1e-6):
            np.testing.assert_allclose(
                central(inputs["C"], inputs["w"], eps), exact, rtol=code.rtol, atol=code.atol
            )
        one_sided = ref.mistake_forward_difference(**inputs)
        assert not np.allclose(one_sided, exact, rtol=code.rtol, atol=code.atol)
