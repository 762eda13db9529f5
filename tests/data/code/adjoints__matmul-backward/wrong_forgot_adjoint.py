# expect: wrong forgot-adjoint
import numpy as np


def matmul_backward(A, B, G):
    # derivative of C = AB with respect to A is B^T ...
    upstream = np.ones((A.shape[0], B.shape[1]))
    return upstream @ B.T, A.T @ upstream
