# expect: wrong swapped
import numpy as np


def matmul_backward(A, B, G):
    grad_A = G @ B.T
    grad_B = A.T @ G
    return grad_B, grad_A
