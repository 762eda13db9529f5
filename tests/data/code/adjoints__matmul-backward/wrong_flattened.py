# expect: wrong shape
import numpy as np


def matmul_backward(A, B, G):
    return (G @ B.T).flatten(), (A.T @ G).flatten()
