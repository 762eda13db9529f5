# expect: wrong -
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    w = w.copy()
    g = np.zeros_like(w)
    for i in range(len(w)):
        w_plus = w
        w_plus[i] += eps
        w_minus = w
        w_minus[i] -= eps
        g[i] = (C(w_plus) - C(w_minus)) / (2 * eps)
    return g
