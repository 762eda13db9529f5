import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    w = np.array(w, dtype=float)
    g = np.empty_like(w)
    for i in range(len(w)):
        old = w[i]
        w[i] = old + eps
        plus = C(w)
        w[i] = old - eps
        minus = C(w)
        w[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g
