# expect: wrong not-restored
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    w = w.copy()
    g = np.zeros_like(w)
    for i in range(len(w)):
        w[i] = w[i] + eps
        f_plus = C(w)
        w[i] = w[i] - 2 * eps
        f_minus = C(w)
        g[i] = (f_plus - f_minus) / (2 * eps)
    return g
