# expect: error -
import numpy as np


def matmul_backward(A, B, G):
    grad_A = G @ B.T
    grad_B = A.T @ G
