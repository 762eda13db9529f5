"""Reference and known mistakes for the adjoint backward pass of a bias-free layered network.

Shapes: ``Ws[i-1]`` is W_i, (n_i, n_{i-1}); ``x``: (n_0, 1); ``y``: (n_L, 1); ``fs[i-1]`` and
``dfs[i-1]`` are f_i and f_i'. Outputs ``lambdas[i-1]`` = λ_i, (n_i, 1), and ``grads[i-1]`` =
∇_{W_i}, shaped like ``Ws[i-1]``.

Only ``grads`` is checked against finite differences of ``cost`` (``grads`` is a list: the check
perturbs every entry of every matrix in ``Ws``, one list element at a time). λ_i is the gradient
with respect to an intermediate z_i, which is not an input; it is checked by the reference being
the same recursion that produces the verified ``grads``, and in the test suite by perturbing z_i.
"""

import numpy as np

from exercises.callables import NONLINEAR, activation, layer_count


def _forward(Ws, x, fs):
    """z_0 … z_L and the pre-activations u_i = W_i z_{i-1}."""
    zs, us = [x], []
    for W, f in zip(Ws, fs):
        us.append(W @ zs[-1])
        zs.append(f(us[-1]))
    return zs, us


def adjoint_backward(Ws, x, y, fs, dfs):
    """λ_L = z_L − y, then λ_{i-1} = W_iᵀ (λ_i ∘ f_i'(u_i)); ∇_{W_i} = (λ_i ∘ f_i'(u_i)) z_{i-1}ᵀ."""
    zs, us = _forward(Ws, x, fs)
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lam = zs[L] - y
    for i in range(L, 0, -1):
        lambdas[i - 1] = lam
        g = lam * dfs[i - 1](us[i - 1])
        grads[i - 1] = g @ zs[i - 1].T
        lam = Ws[i - 1].T @ g
    return lambdas, grads


def cost(Ws, x, y, fs, dfs):
    """ℓ = ½‖z_L − y‖², the loss whose gradients with respect to the W_i are ``grads``."""
    zs, _ = _forward(Ws, x, fs)
    r = zs[-1] - y
    return float(0.5 * np.sum(r * r))


def make_inputs(rng, dims, trial=0):
    """One to four layers (by trial) of distinct widths, each with its own activation."""
    L = layer_count(trial)
    sizes = [dims[f"n{i}"] for i in range(L + 1)]
    names = rng.choice(NONLINEAR, size=L, replace=False)
    pairs = [activation(str(name)) for name in names]
    Ws = [rng.standard_normal((sizes[i], sizes[i - 1])) * (1.3 / np.sqrt(sizes[i - 1]))
          for i in range(1, L + 1)]
    return {
        "Ws": Ws,
        "x": rng.standard_normal((sizes[0], 1)),
        "y": rng.standard_normal((sizes[L], 1)),
        "fs": [f for f, _ in pairs],
        "dfs": [df for _, df in pairs],
    }


def mistake_wrong_layer_derivative(Ws, x, y, fs, dfs):
    """Seed 000's summary as written: f_i' where f_{i+1}' belongs in the λ recursion."""
    zs, us = _forward(Ws, x, fs)
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lambdas[L - 1] = zs[L] - y
    for i in range(L - 1, 0, -1):
        lambdas[i - 1] = Ws[i].T @ (lambdas[i] * dfs[i - 1](us[i]))
    for i in range(1, L + 1):
        grads[i - 1] = (lambdas[i - 1] * dfs[i - 1](us[i - 1])) @ zs[i - 1].T
    return lambdas, grads


def mistake_derivative_at_activation(Ws, x, y, fs, dfs):
    """f_i' evaluated at the layer's output z_i instead of at W_i z_{i-1}."""
    zs, _ = _forward(Ws, x, fs)
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lam = zs[L] - y
    for i in range(L, 0, -1):
        lambdas[i - 1] = lam
        g = lam * dfs[i - 1](zs[i])
        grads[i - 1] = g @ zs[i - 1].T
        lam = Ws[i - 1].T @ g
    return lambdas, grads


def mistake_missing_derivative(Ws, x, y, fs, dfs):
    """The activations' derivatives left out: the network treated as if it were linear."""
    zs, _ = _forward(Ws, x, fs)
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lam = zs[L] - y
    for i in range(L, 0, -1):
        lambdas[i - 1] = lam
        grads[i - 1] = lam @ zs[i - 1].T
        lam = Ws[i - 1].T @ lam
    return lambdas, grads


def mistake_delta_as_lambda(Ws, x, y, fs, dfs):
    """Returns δ_i = λ_i ∘ f_i'(W_i z_{i-1}) where λ_i was asked for (gradients are right)."""
    lambdas, grads = adjoint_backward(Ws, x, y, fs, dfs)
    _, us = _forward(Ws, x, fs)
    return [lam * df(u) for lam, df, u in zip(lambdas, dfs, us)], grads


def mistake_derivative_in_lambda_l(Ws, x, y, fs, dfs):
    """λ_L taken as (z_L − y) ∘ f_L'(u_L), as for δ_L, and f_L' then applied a second time."""
    zs, us = _forward(Ws, x, fs)
    L = len(Ws)
    lambdas, grads = [None] * L, [None] * L
    lam = (zs[L] - y) * dfs[L - 1](us[L - 1])
    for i in range(L, 0, -1):
        lambdas[i - 1] = lam
        g = lam * dfs[i - 1](us[i - 1])
        grads[i - 1] = g @ zs[i - 1].T
        lam = Ws[i - 1].T @ g
    return lambdas, grads
