import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    grad = np.zeros(w.shape)
    for i in range(w.size):
        up = w.copy()
        down = w.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (C(up) - C(down)) / (2 * eps)
    return grad
