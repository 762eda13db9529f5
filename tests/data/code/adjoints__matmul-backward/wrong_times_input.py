# expect: wrong times-input
import numpy as np


def matmul_backward(A, B, G):
    grad_A = A * (G @ B.T)
    grad_B = B * (A.T @ G)
    return grad_A, grad_B
