# expect: wrong whole-vector
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    g = np.zeros_like(w)
    for i in range(len(w)):
        g[i] = (C(w + eps) - C(w - eps)) / (2 * eps)
    return g
