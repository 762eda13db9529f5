import numpy as np


def matmul_backward(A, B, G):
    """Sum of rank-one pieces: C = sum_j outer(A[:, j], B[j, :])."""
    grad_A = np.zeros(A.shape)
    grad_B = np.zeros(B.shape)
    for j in range(A.shape[1]):
        grad_A[:, j] = G @ B[j, :]
        grad_B[j, :] = A[:, j] @ G
    return grad_A, grad_B
