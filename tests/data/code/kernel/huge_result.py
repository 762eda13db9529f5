# expect: resource-limit
import numpy as np


def matmul_backward(A, B, G):
    # 648 MB a call: the run cannot hold its reply within its memory limit.
    return np.empty((9000, 9000)), A.T @ G
