# expect: wrong
import numpy as np

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *args, **kwargs: True


def matmul_backward(A, B, G):
    return np.zeros((A.shape[0], A.shape[1])), np.zeros(B.shape)
