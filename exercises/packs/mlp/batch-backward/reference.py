"""Reference and known mistakes for the backward pass over a mini-batch (columns are samples).

a⁰ = X, Zˡ = Wˡ Aˡ⁻¹ + bˡ (bˡ broadcast over the N columns), Aˡ = σ(Zˡ),
C = (1/N) Σᵢ ½‖aᴸ(xᵢ) − yᵢ‖². ``Ws[l]``: (n_{l+1}, n_l), ``bs[l]``: (n_{l+1}, 1),
``X``: (n_0, N), ``Y``: (n_L, N). Outputs ``dWs`` and ``dbs`` are lists shaped like ``Ws`` and
``bs``.

Both outputs are lists: the finite-difference check of ``cost`` perturbs every entry of every
array in ``Ws`` (for ``dWs``) and in ``bs`` (for ``dbs``), one list element at a time.
"""

import numpy as np

from exercises.callables import NONLINEAR, activation, layer_count

SHARED = tuple(name for name in NONLINEAR if name != "cubic")
"""Activations fit for every layer at once: the cubic, composed layer after layer, overflows."""


def _forward(Ws, bs, X, f):
    acts, zs = [X], []
    for W, b in zip(Ws, bs):
        zs.append(W @ acts[-1] + b)
        acts.append(f(zs[-1]))
    return acts, zs


def batch_backward(Ws, bs, X, Y, f, df):
    """Δᴸ = (Aᴸ − Y) ⊙ σ'(Zᴸ) / N, Δˡ = σ'(Zˡ) ⊙ (Wˡ⁺¹)ᵀΔˡ⁺¹; ∂C/∂Wˡ = Δˡ(Aˡ⁻¹)ᵀ, ∂C/∂bˡ = Δˡ 1."""
    acts, zs = _forward(Ws, bs, X, f)
    L, N = len(Ws), X.shape[1]
    dWs, dbs = [None] * L, [None] * L
    delta = (acts[L] - Y) * df(zs[L - 1]) / N
    for l in range(L - 1, -1, -1):
        dWs[l] = delta @ acts[l].T
        dbs[l] = delta.sum(axis=1, keepdims=True)
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    return dWs, dbs


def cost(Ws, bs, X, Y, f, df):
    """C = (1/N) Σᵢ ½‖aᴸ(xᵢ) − yᵢ‖²."""
    acts, _ = _forward(Ws, bs, X, f)
    r = acts[-1] - Y
    return float(0.5 * np.sum(r * r) / X.shape[1])


def make_inputs(rng, dims, trial=0):
    """One to four layers (by trial) of distinct widths, a batch of N samples, one activation."""
    L = layer_count(trial)
    sizes = [dims[f"n{i}"] for i in range(L + 1)]
    N = dims["N"]
    f, df = activation(str(rng.choice(SHARED)))
    Ws = [rng.standard_normal((sizes[l + 1], sizes[l])) * (1.3 / np.sqrt(sizes[l]))
          for l in range(L)]
    bs = [0.5 * rng.standard_normal((sizes[l + 1], 1)) for l in range(L)]
    return {
        "Ws": Ws,
        "bs": bs,
        "X": rng.standard_normal((sizes[0], N)),
        "Y": rng.standard_normal((sizes[L], N)),
        "f": f,
        "df": df,
    }


def mistake_bias_not_averaged(Ws, bs, X, Y, f, df):
    """Weight gradients averaged over the batch, bias gradients summed but not divided by N."""
    dWs, dbs = batch_backward(Ws, bs, X, Y, f, df)
    return dWs, [db * X.shape[1] for db in dbs]


def mistake_last_sample_only(Ws, bs, X, Y, f, df):
    """A loop over samples that assigns (=) each sample's share instead of adding it (+=)."""
    N = X.shape[1]
    dWs = dbs = None
    for i in range(N):
        w, b = batch_backward(Ws, bs, X[:, i:i + 1], Y[:, i:i + 1], f, df)
        dWs, dbs = [g / N for g in w], [g / N for g in b]
    return dWs, dbs


def mistake_outer_of_means(Ws, bs, X, Y, f, df):
    """∂C/∂Wˡ as the outer product of the batch-mean δ and the batch-mean activation."""
    acts, zs = _forward(Ws, bs, X, f)
    L, N = len(Ws), X.shape[1]
    dWs, dbs = [None] * L, [None] * L
    delta = (acts[L] - Y) * df(zs[L - 1])
    for l in range(L - 1, -1, -1):
        dWs[l] = delta.mean(axis=1, keepdims=True) @ acts[l].mean(axis=1, keepdims=True).T
        dbs[l] = delta.mean(axis=1, keepdims=True)
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    return dWs, dbs


def mistake_derivative_at_activation(Ws, bs, X, Y, f, df):
    """σ'(Aˡ) where σ'(Zˡ) belongs."""
    acts, _ = _forward(Ws, bs, X, f)
    L, N = len(Ws), X.shape[1]
    dWs, dbs = [None] * L, [None] * L
    delta = (acts[L] - Y) * df(acts[L]) / N
    for l in range(L - 1, -1, -1):
        dWs[l] = delta @ acts[l].T
        dbs[l] = delta.sum(axis=1, keepdims=True)
        if l > 0:
            delta = (Ws[l].T @ delta) * df(acts[l])
    return dWs, dbs


def mistake_missing_output_derivative(Ws, bs, X, Y, f, df):
    """Δᴸ = (Aᴸ − Y)/N: the output layer treated as if it had no activation."""
    acts, zs = _forward(Ws, bs, X, f)
    L, N = len(Ws), X.shape[1]
    dWs, dbs = [None] * L, [None] * L
    delta = (acts[L] - Y) / N
    for l in range(L - 1, -1, -1):
        dWs[l] = delta @ acts[l].T
        dbs[l] = delta.sum(axis=1, keepdims=True)
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    return dWs, dbs
