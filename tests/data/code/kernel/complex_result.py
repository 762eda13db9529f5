# expect: error
import numpy as np


def matmul_backward(A, B, G):
    # The real parts are the answer; the imaginary parts must not be dropped silently.
    return G @ B.T + 1j * np.ones((A.shape[0], B.shape[0])), (A.T @ G).astype(np.complex128)
