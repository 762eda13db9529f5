import numpy as np


def matmul_backward(A, B, G):
    """Backward pass of C = A @ B.

    A: (m, n), B: (n, p), G: (m, p) is dF/dC for some scalar cost F.
    Return (grad_A, grad_B) = (dF/dA, dF/dB), shaped like A and B.
    """
    grad_A = np.zeros_like(A)
    grad_B = np.zeros_like(B)
    return grad_A, grad_B
