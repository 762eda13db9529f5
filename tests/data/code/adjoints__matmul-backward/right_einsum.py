import numpy as np


def matmul_backward(A, B, G):
    grad_A = np.einsum("ik,jk->ij", G, B)
    grad_B = np.einsum("ij,ik->jk", A, G)
    return grad_A, grad_B
