# expect: error
import numpy as np


class Sly(float):
    def __eq__(self, other):
        return True


def matmul_backward(A, B, G):
    a = np.empty((A.shape[0], B.shape[0]), dtype=object)
    a[...] = Sly(0.0)
    return a, A.T @ G
