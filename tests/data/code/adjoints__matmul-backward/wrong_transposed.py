# expect: wrong transposed
import numpy as np


def matmul_backward(A, B, G):
    return B @ G.T, G.T @ A
