# expect: wrong scale
import numpy as np


def matmul_backward(A, B, G):
    # "product rule": two terms
    return G @ B.T + G @ B.T, 2 * (A.T @ G)
