import numpy as np


def matmul_backward(A, B, G):
    # (G^T A)^T = A^T G
    grad_B = (G.T @ A).T
    grad_A = (B @ G.T).T
    return (grad_A, grad_B)
