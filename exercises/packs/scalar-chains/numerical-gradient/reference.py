"""Reference and known mistakes for a central-difference gradient.

``C`` is a registry cost from ``exercises.callables`` (non-linear and non-separable in ``w``),
``w`` a 1-D float array, ``eps`` the step. The reference is the cost's analytic gradient, not a
finite difference: a learner's central differences agree with it to about eps², one-sided
differences only to about eps, which the tolerances separate.
"""

import numpy as np

from exercises.callables import COSTS, Fn, cost_gradient


def numerical_gradient(C, w, eps=1e-6):
    """The exact gradient of the test cost at w."""
    return cost_gradient(C)(w)


def cost(C, w, eps=1e-6):
    """The test cost itself: ``numerical_gradient`` approximates its gradient with respect to w."""
    return float(C(w))


def make_inputs(rng, dims):
    """One of the registry's test costs with fresh parameters, a point w and a step eps.

    The step is drawn around 1e-4 so that central differences (error ~ eps²) and one-sided
    ones (error ~ eps) land on opposite sides of the tolerance.
    """
    n, k = dims["n"], dims["k"]
    name = str(rng.choice(sorted(COSTS)))
    if name == "tanh-quadratic":
        params = {
            "M": rng.standard_normal((k, n)) / np.sqrt(n),
            "b": 0.5 * rng.standard_normal(k),
            "Q": rng.standard_normal((n, n)) / n,
        }
    else:
        params = {"A": rng.standard_normal((k, n)) / np.sqrt(n)}
    return {
        "C": Fn(name, params),
        "w": 0.8 * rng.standard_normal(n),
        "eps": float(10.0 ** rng.uniform(-4.3, -3.7)),
    }


def mistake_forward_difference(C, w, eps=1e-6):
    """One-sided differences (C(w + eps eᵢ) − C(w)) / eps."""
    base = C(w)
    g = np.zeros_like(w, dtype=float)
    for i in range(w.size):
        step = w.astype(float)
        step[i] += eps
        g[i] = (C(step) - base) / eps
    return g


def mistake_whole_vector(C, w, eps=1e-6):
    """Every coordinate nudged at once, so each entry gets the same directional derivative."""
    g = np.zeros_like(w, dtype=float)
    for i in range(w.size):
        g[i] = (C(w + eps) - C(w - eps)) / (2 * eps)
    return g


def mistake_not_restored(C, w, eps=1e-6):
    """w[i] moved up, then down by 2 eps, and never put back: later entries see a shifted w."""
    w = w.astype(float)
    g = np.zeros_like(w)
    for i in range(w.size):
        w[i] += eps
        up = C(w)
        w[i] -= 2 * eps
        down = C(w)
        g[i] = (up - down) / (2 * eps)
    return g


def mistake_no_copy(C, w, eps=1e-6):
    """``wp = w; wm = w`` without copies: both names share one array, so the second nudge undoes
    the first and the quotient is (C(w + eps eᵢ) − C(w)) / (2 eps)."""
    w = w.astype(float)
    g = np.zeros_like(w)
    for i in range(w.size):
        wp = w
        wp[i] += eps
        up = C(wp)
        wm = w
        wm[i] -= eps
        down = C(wm)
        g[i] = (up - down) / (2 * eps)
    return g
