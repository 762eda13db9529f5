# expect: wrong
import numpy as np


def matmul_backward(A, B, G):
    return np.full(A.shape, np.nan), np.full(B.shape, np.nan)
