import numpy as np


def matmul_backward(A, B, G):
    """Return (grad_A, grad_B) for C = A @ B, given G = dF/dC."""
    grad_A = np.zeros_like(A)
    grad_B = np.zeros_like(B)
    return grad_A, grad_B
