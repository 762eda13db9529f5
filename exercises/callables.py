"""Functions handed to learner code as arguments (activations, their derivatives, test costs).

Learner code runs in another process and nothing is pickled across, so a function input is sent
as an ``Fn``: a registry name plus plain float64 parameter arrays. Both sides rebuild the same
callable from it with ``build``. Exercises can only pass functions from this registry; an
instructor who needs a new one adds it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Fn:
    name: str
    params: dict[str, np.ndarray] = field(default_factory=dict)

    def __call__(self, *args):
        """Call it directly (in the grader's own process: references, generators, costs)."""
        return build(self)(*args)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _softplus(z):
    return np.logaddexp(0.0, z)


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z))),
    "softplus": (_softplus, _sigmoid),
    "sin": (np.sin, np.cos),
    "arctan": (np.arctan, lambda z: 1.0 / (1.0 + z * z)),
    "cubic": (lambda z: z + 0.1 * z**3, lambda z: 1.0 + 0.3 * z * z),
    "identity": (
        lambda z: np.array(z, dtype=float, copy=True),
        lambda z: np.ones_like(z, dtype=float),
    ),
}
"""name -> (f, f'); the derivative's registry name is the name followed by a prime."""

NONLINEAR = ("tanh", "sigmoid", "softplus", "sin", "arctan", "cubic")


def _cost_tanh_quadratic(p: dict[str, np.ndarray]) -> Callable:
    """C(w) = Σ tanh(M w + b) + ¼ (wᵀ Q w)²: non-linear and non-separable in w."""
    M, b, Q = p["M"], p["b"], p["Q"]

    def cost(w):
        w = np.asarray(w, dtype=float)
        q = w @ Q @ w
        return float(np.sum(np.tanh(M @ w + b)) + 0.25 * q * q)

    return cost


def _grad_tanh_quadratic(p: dict[str, np.ndarray]) -> Callable:
    M, b, Q = p["M"], p["b"], p["Q"]

    def grad(w):
        w = np.asarray(w, dtype=float)
        q = w @ Q @ w
        return M.T @ (1.0 - np.tanh(M @ w + b) ** 2) + 0.5 * q * (Q + Q.T) @ w

    return grad


def _cost_logsumexp(p: dict[str, np.ndarray]) -> Callable:
    """C(w) = log Σᵢ exp(aᵢ·w) + Σⱼ sin(wⱼ wⱼ₊₁): couples neighbouring weights."""
    A = p["A"]

    def cost(w):
        w = np.asarray(w, dtype=float)
        s = A @ w
        top = np.max(s)
        return float(top + np.log(np.sum(np.exp(s - top))) + np.sum(np.sin(w[:-1] * w[1:])))

    return cost


def _grad_logsumexp(p: dict[str, np.ndarray]) -> Callable:
    A = p["A"]

    def grad(w):
        w = np.asarray(w, dtype=float)
        s = A @ w
        e = np.exp(s - np.max(s))
        g = A.T @ (e / e.sum())
        c = np.cos(w[:-1] * w[1:])
        g[:-1] += c * w[1:]
        g[1:] += c * w[:-1]
        return g

    return grad


COSTS: dict[str, tuple[Callable, Callable]] = {
    "tanh-quadratic": (_cost_tanh_quadratic, _grad_tanh_quadratic),
    "logsumexp-coupled": (_cost_logsumexp, _grad_logsumexp),
}
"""name -> (make cost from params, make its gradient from params)."""


def build(fn: Fn) -> Callable:
    """The callable an ``Fn`` stands for; unknown names raise ``KeyError``."""
    name = fn.name
    if name in COSTS:
        return COSTS[name][0](fn.params)
    if name.endswith("'") and name[:-1] in ACTIVATIONS:
        return ACTIVATIONS[name[:-1]][1]
    return ACTIVATIONS[name][0]


LAYER_COUNTS = (3, 1, 4, 2)


def layer_count(trial: int) -> int:
    """How many layers trial number ``trial`` of a network exercise has: four trials cover one
    to four layers, so a network hard-coded to one depth fails every check, not one in two."""
    return LAYER_COUNTS[trial % len(LAYER_COUNTS)]


def activation(name: str) -> tuple[Fn, Fn]:
    """The pair (f, f') as function inputs."""
    if name not in ACTIVATIONS:
        raise KeyError(name)
    return Fn(name), Fn(name + "'")


def cost_gradient(fn: Fn) -> Callable:
    """The analytic gradient of a registry cost, for references in the grader's process."""
    return COSTS[fn.name][1](fn.params)
