# expect: wrong transposed
import numpy as np


def matmul_backward(A, B, G):
    grad_B = A.T @ G
    grad_A = B @ G.T  # order of the factors flipped
    return grad_A, grad_B
