import numpy as np


def _nudged(w, i, delta):
    v = w.astype(float)  # astype makes a copy
    v[i] += delta
    return v


def numerical_gradient(C, w, eps=1e-6):
    return np.fromiter(
        ((C(_nudged(w, i, eps)) - C(_nudged(w, i, -eps))) / (2 * eps) for i, _ in enumerate(w)),
        dtype=float, count=len(w))
