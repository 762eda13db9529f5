# expect: wrong
import numpy as np


def matmul_backward(A, B, G):
    return (G @ B.T) / 0.0, (A.T @ G) * np.inf
