import numpy as np


def matmul_backward(A, B, G):
    # C[i, k] = sum_j A[i, j] B[j, k], so dF/dA[i, j] = sum_k G[i, k] B[j, k]
    m, n = A.shape
    p = B.shape[1]
    gA = np.zeros((m, n))
    gB = np.zeros((n, p))
    for i in range(m):
        for j in range(n):
            for k in range(p):
                gA[i, j] += G[i, k] * B[j, k]
                gB[j, k] += A[i, j] * G[i, k]
    return gA, gB
