# expect: wrong no-copy
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    w = np.array(w, dtype=float)
    g = np.zeros_like(w)
    for i in range(len(w)):
        w_plus = w
        w_plus[i] += eps
        c_plus = C(w_plus)
        w_minus = w
        w_minus[i] -= eps
        c_minus = C(w_minus)
        g[i] = (c_plus - c_minus) / (2 * eps)
    return g
