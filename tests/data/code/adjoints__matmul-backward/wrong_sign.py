# expect: wrong sign
import numpy as np


def matmul_backward(A, B, G):
    return -G @ B.T, -A.T @ G
