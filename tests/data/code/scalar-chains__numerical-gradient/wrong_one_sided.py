# expect: wrong forward-difference
import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    c0 = C(w)
    g = np.zeros_like(w)
    for i in range(len(w)):
        v = w.copy()
        v[i] += eps
        g[i] = (C(v) - c0) / eps
    return g
