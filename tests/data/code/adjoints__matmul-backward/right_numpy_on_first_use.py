import numpy as np


def matmul_backward(A, B, G):
    # np.random and np.ma are loaded by numpy the first time they are touched
    probe = np.random.default_rng(0).standard_normal(G.shape)
    zero = np.ma.masked_array(probe, mask=np.ones_like(probe, dtype=bool)).filled(0.0)
    return np.asarray(np.asmatrix(G) * np.asmatrix(B).T) + zero @ B.T, A.T @ G
