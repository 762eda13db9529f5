"""Central finite differences as pack validate uses them: right on a known gradient, for one
array and for a list of arrays, and far from a gradient with a slip in it."""

from __future__ import annotations

import numpy as np

from grader.finite_differences import (
    TOLERANCE,
    central_difference,
    entries,
    entry,
    moved,
    scale,
)


def test_a_known_gradient_is_matched_within_the_tolerance():
    rng = np.random.default_rng(0)
    A, x = rng.standard_normal((3, 4)), rng.standard_normal((4, 1))

    def cost(a):
        return float(np.sum(np.tanh(a @ x)))

    analytic = (1 - np.tanh(A @ x) ** 2) @ x.T
    worst = max(abs(central_difference(cost, A, i) - entry(analytic, i)) for i in entries(A))
    assert worst / scale(analytic) <= TOLERANCE


def test_a_list_of_arrays_is_indexed_by_position_first():
    Ws = [np.zeros((2, 2)), np.ones((1, 3))]
    assert list(entries(Ws))[:5] == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0)]
    shifted = moved(Ws, (1, 0, 2), 0.5)
    assert shifted[1][0, 2] == 1.5 and Ws[1][0, 2] == 1.0, "a copy, the input untouched"


def test_a_transposed_or_halved_gradient_is_far_outside_the_tolerance():
    rng = np.random.default_rng(1)
    A, y, x = rng.standard_normal((3, 3)), rng.standard_normal((3, 1)), rng.standard_normal((3, 1))

    def cost(a):
        return float((y.T @ a @ x)[0, 0])

    right = y @ x.T
    for slip in (right.T, right / 2):
        worst = max(abs(central_difference(cost, A, i) - entry(slip, i)) for i in entries(A))
        assert worst / scale(slip) > 1000 * TOLERANCE
