import numpy as np


def matmul_backward(A, B, G):
    dA = np.tensordot(G, B, axes=([1], [1]))
    dB = np.tensordot(A, G, axes=([0], [0]))
    return dA, dB
