import numpy as np


def _rows(X, Y):
    """X @ Y one row at a time, recursively (as a learner who distrusts @ might)."""
    if X.shape[0] == 1:
        return X @ Y
    return np.vstack([_rows(X[:1], Y), _rows(X[1:], Y)])


def matmul_backward(A, B, G):
    A32, B32, G32 = (M.astype(np.float32) for M in (A, B, G))
    return _rows(G32, B32.T), _rows(A32.T, G32)
