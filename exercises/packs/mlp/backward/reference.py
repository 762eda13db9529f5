"""Reference and known mistakes for the backward pass of a fully connected network, one sample.

Column-vector convention: a⁰ = x, zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = σ(zˡ) at every layer including the
output, C = ½‖aᴸ − y‖². ``Ws[l]``: (n_{l+1}, n_l), ``bs[l]``: (n_{l+1}, 1), ``x``: (n_0, 1),
``y``: (n_L, 1). Outputs ``dWs`` and ``dbs`` are lists shaped like ``Ws`` and ``bs``.

Both outputs are lists: the finite-difference check of ``cost`` perturbs every entry of every
array in ``Ws`` (for ``dWs``) and in ``bs`` (for ``dbs``), one list element at a time.
"""

import numpy as np

from exercises.callables import NONLINEAR, activation, layer_count

SHARED = tuple(name for name in NONLINEAR if name != "cubic")
"""Activations fit for every layer at once: the cubic, composed layer after layer, overflows."""


def _forward(Ws, bs, x, f):
    """Activations a⁰ … aᴸ and pre-activations z¹ … zᴸ (``zs[l]`` is z^{l+1})."""
    acts, zs = [x], []
    for W, b in zip(Ws, bs):
        zs.append(W @ acts[-1] + b)
        acts.append(f(zs[-1]))
    return acts, zs


def backward(Ws, bs, x, y, f, df):
    """δᴸ = (aᴸ − y) ⊙ σ'(zᴸ), δˡ = σ'(zˡ) ⊙ (Wˡ⁺¹)ᵀδˡ⁺¹; ∂C/∂Wˡ = δˡ(aˡ⁻¹)ᵀ, ∂C/∂bˡ = δˡ."""
    acts, zs = _forward(Ws, bs, x, f)
    L = len(Ws)
    dWs, dbs = [None] * L, [None] * L
    delta = (acts[L] - y) * df(zs[L - 1])
    for l in range(L - 1, -1, -1):
        dWs[l] = delta @ acts[l].T
        dbs[l] = delta
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    return dWs, dbs


def cost(Ws, bs, x, y, f, df):
    """C = ½‖aᴸ − y‖²."""
    acts, _ = _forward(Ws, bs, x, f)
    r = acts[-1] - y
    return float(0.5 * np.sum(r * r))


def make_inputs(rng, dims, trial=0):
    """One to four layers (by trial) of distinct widths, one non-linear activation for all."""
    L = layer_count(trial)
    sizes = [dims[f"n{i}"] for i in range(L + 1)]
    f, df = activation(str(rng.choice(SHARED)))
    Ws = [rng.standard_normal((sizes[l + 1], sizes[l])) * (1.3 / np.sqrt(sizes[l]))
          for l in range(L)]
    bs = [0.5 * rng.standard_normal((sizes[l + 1], 1)) for l in range(L)]
    return {
        "Ws": Ws,
        "bs": bs,
        "x": rng.standard_normal((sizes[0], 1)),
        "y": rng.standard_normal((sizes[L], 1)),
        "f": f,
        "df": df,
    }


def _backward_with(Ws, bs, x, y, f, df, *, output_derivative=True, hidden_derivative=True,
                   at_activation=False, input_is_z=False, derivative_twice=False):
    """The reference loop with one slip switched on; shared by the mistakes below."""
    acts, zs = _forward(Ws, bs, x, f)
    L = len(Ws)
    points = acts[1:] if at_activation else zs
    dWs, dbs = [None] * L, [None] * L
    delta = acts[L] - y
    if output_derivative:
        delta = delta * df(points[L - 1])
    for l in range(L - 1, -1, -1):
        source = (x if l == 0 else zs[l - 1]) if input_is_z else acts[l]
        dWs[l] = delta @ source.T
        dbs[l] = delta
        if l > 0:
            back = delta * df(points[l]) if derivative_twice else delta
            delta = Ws[l].T @ back
            if hidden_derivative:
                delta = delta * df(points[l - 1])
    return dWs, dbs


def mistake_missing_output_derivative(Ws, bs, x, y, f, df):
    """δᴸ = aᴸ − y: the output layer treated as if it had no activation."""
    return _backward_with(Ws, bs, x, y, f, df, output_derivative=False)


def mistake_missing_derivative(Ws, bs, x, y, f, df):
    """No σ' anywhere: the backward pass of a linear network."""
    return _backward_with(Ws, bs, x, y, f, df, output_derivative=False, hidden_derivative=False)


def mistake_derivative_at_activation(Ws, bs, x, y, f, df):
    """σ'(aˡ) where σ'(zˡ) belongs."""
    return _backward_with(Ws, bs, x, y, f, df, at_activation=True)


def mistake_pre_activation_input(Ws, bs, x, y, f, df):
    """∂C/∂Wˡ = δˡ (zˡ⁻¹)ᵀ: the layer's input taken before the activation instead of aˡ⁻¹."""
    return _backward_with(Ws, bs, x, y, f, df, input_is_z=True)


def mistake_derivative_twice(Ws, bs, x, y, f, df):
    """δˡ = σ'(zˡ) ⊙ (Wˡ⁺¹)ᵀ(δˡ⁺¹ ⊙ σ'(zˡ⁺¹)): σ' of layer l+1 applied again (λ and δ mixed)."""
    return _backward_with(Ws, bs, x, y, f, df, derivative_twice=True)
