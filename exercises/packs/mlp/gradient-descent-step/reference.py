"""Reference and known mistakes for one gradient-descent step on a fully connected network.

Column-vector convention as in ``mlp/backward``: a⁰ = x, zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = σ(zˡ),
C = ½‖aᴸ − y‖². The step is Wˡ ← Wˡ − η ∂C/∂Wˡ and bˡ ← bˡ − η ∂C/∂bˡ for every layer, all
gradients taken at the old parameters.

The new parameters are not gradients of C, but they are the gradients of
P(W, b) = Σ ½‖Wˡ‖² + Σ ½‖bˡ‖² − η C(W, b), because ∇P = W − η∇C. ``cost`` returns P, so the
finite-difference check of ``new_Ws`` against ``Ws`` and ``new_bs`` against ``bs`` verifies the
reference step exactly (both are lists: each matrix and each bias column is perturbed entry by
entry). ``loss`` is C itself, used by the tests to see that the step lowers it.
"""

import numpy as np

from exercises.callables import NONLINEAR, activation, layer_count

SHARED = tuple(name for name in NONLINEAR if name != "cubic")
"""Activations fit for every layer at once: the cubic, composed layer after layer, overflows."""


def _forward(Ws, bs, x, f):
    acts, zs = [x], []
    for W, b in zip(Ws, bs):
        zs.append(W @ acts[-1] + b)
        acts.append(f(zs[-1]))
    return acts, zs


def _gradients(Ws, bs, x, y, f, df):
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


def gradient_step(Ws, bs, x, y, f, df, eta):
    """All gradients at the old parameters first, then every layer moves by −η times its own."""
    dWs, dbs = _gradients(Ws, bs, x, y, f, df)
    return ([W - eta * dW for W, dW in zip(Ws, dWs)],
            [b - eta * db for b, db in zip(bs, dbs)])


def loss(Ws, bs, x, y, f, df, eta=0.0):
    """C = ½‖aᴸ − y‖²: what one step must lower."""
    acts, _ = _forward(Ws, bs, x, f)
    r = acts[-1] - y
    return float(0.5 * np.sum(r * r))


def cost(Ws, bs, x, y, f, df, eta):
    """P = Σ ½‖Wˡ‖² + Σ ½‖bˡ‖² − η C, whose gradients are exactly the new parameters."""
    norms = sum(float(np.sum(W * W)) for W in Ws) + sum(float(np.sum(b * b)) for b in bs)
    return 0.5 * norms - eta * loss(Ws, bs, x, y, f, df)


def make_inputs(rng, dims, trial=0):
    """One to four layers (by trial) of distinct widths, one activation, and a step η small
    enough that it lowers C (halved until it does), as the prompt promises."""
    L = layer_count(trial)
    sizes = [dims[f"n{i}"] for i in range(L + 1)]
    f, df = activation(str(rng.choice(SHARED)))
    Ws = [rng.standard_normal((sizes[l + 1], sizes[l])) * (1.3 / np.sqrt(sizes[l]))
          for l in range(L)]
    bs = [0.5 * rng.standard_normal((sizes[l + 1], 1)) for l in range(L)]
    inputs = {
        "Ws": Ws,
        "bs": bs,
        "x": rng.standard_normal((sizes[0], 1)),
        "y": rng.standard_normal((sizes[L], 1)),
        "f": f,
        "df": df,
        "eta": float(10.0 ** rng.uniform(-2.0, -1.0)),
    }
    before = loss(**inputs)
    for _ in range(40):
        if loss(*gradient_step(**inputs), inputs["x"], inputs["y"], f, df) < before:
            break
        inputs["eta"] /= 2.0
    return inputs


def mistake_ascent(Ws, bs, x, y, f, df, eta):
    """W + η ∂C/∂W: a step up the cost."""
    dWs, dbs = _gradients(Ws, bs, x, y, f, df)
    return ([W + eta * dW for W, dW in zip(Ws, dWs)],
            [b + eta * db for b, db in zip(bs, dbs)])


def mistake_updated_during_backward(Ws, bs, x, y, f, df, eta):
    """Each layer updated as soon as its δ is known, so the next δ goes through the new Wˡ⁺¹."""
    Ws = [W.copy() for W in Ws]
    bs = [b.copy() for b in bs]
    acts, zs = _forward(Ws, bs, x, f)
    L = len(Ws)
    delta = (acts[L] - y) * df(zs[L - 1])
    for l in range(L - 1, -1, -1):
        Ws[l] -= eta * (delta @ acts[l].T)
        bs[l] -= eta * delta
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    return Ws, bs


def mistake_biases_not_updated(Ws, bs, x, y, f, df, eta):
    """Weights stepped, biases returned as they were."""
    new_Ws, _ = gradient_step(Ws, bs, x, y, f, df, eta)
    return new_Ws, [b.copy() for b in bs]


def mistake_step_without_eta(Ws, bs, x, y, f, df, eta):
    """W − ∂C/∂W: the learning rate left out."""
    return gradient_step(Ws, bs, x, y, f, df, 1.0)


def mistake_missing_output_derivative(Ws, bs, x, y, f, df, eta):
    """δᴸ = aᴸ − y: the step taken with the gradient of a network without output activation."""
    acts, zs = _forward(Ws, bs, x, f)
    L = len(Ws)
    new_Ws, new_bs = [None] * L, [None] * L
    delta = acts[L] - y
    for l in range(L - 1, -1, -1):
        new_Ws[l] = Ws[l] - eta * (delta @ acts[l].T)
        new_bs[l] = bs[l] - eta * delta
        if l > 0:
            delta = (Ws[l].T @ delta) * df(zs[l - 1])
    return new_Ws, new_bs
