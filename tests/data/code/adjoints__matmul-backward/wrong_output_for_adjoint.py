# expect: wrong output-for-adjoint
import numpy as np


def matmul_backward(A, B, G):
    C = A @ B
    return C @ B.T, A.T @ C
