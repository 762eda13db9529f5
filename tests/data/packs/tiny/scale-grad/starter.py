import numpy as np


def weighted_sum_grad(a, w):
    """Gradient of C = aᵀw with respect to w, shaped like w."""
    return np.zeros_like(w)
