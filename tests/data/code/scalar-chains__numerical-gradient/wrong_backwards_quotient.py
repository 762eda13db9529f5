# expect: wrong sign
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    g = np.zeros_like(w)
    for i in range(len(w)):
        e = np.zeros_like(w)
        e[i] = eps
        g[i] = (C(w - e) - C(w + e)) / (2 * eps)
    return g
