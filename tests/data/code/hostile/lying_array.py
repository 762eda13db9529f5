# expect: wrong
import numpy as np


class Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __array__(self, dtype=None, copy=None):
        return np.zeros(self.shape)


def matmul_backward(A, B, G):
    grad_A = np.zeros(A.shape).view(Agreeable)
    grad_B = np.zeros(B.shape).view(Agreeable)
    return grad_A, grad_B
