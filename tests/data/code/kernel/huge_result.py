# expect: resource-limit
import numpy as np


def matmul_backward(A, B, G):
    # 72 MB a call: the run cannot even hold its reply within its memory limit.
    return np.zeros((3000, 3000)), A.T @ G
