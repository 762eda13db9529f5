# expect: wrong shape
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    n = len(w)
    g = np.zeros((n, 1))
    for i in range(n):
        e = np.zeros(n)
        e[i] = eps
        g[i, 0] = (C(w + e) - C(w - e)) / (2 * eps)
    return g
