import numpy as np


def numerical_gradient(C, w, eps=1e-6):
    """Approximate the gradient of C at w by central differences.

    C: a function taking a 1-D float array (shaped like w) and returning a float.
    w: 1-D float array, the point where the gradient is wanted.
    eps: the step size.

    Return a 1-D float array shaped like w whose entry i approximates dC/dw_i.
    """
    grad = np.zeros_like(w, dtype=float)
    return grad
