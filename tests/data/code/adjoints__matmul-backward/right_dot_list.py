import numpy as np


def matmul_backward(A, B, G):
    return [np.dot(G, np.transpose(B)), np.dot(np.transpose(A), G)]
