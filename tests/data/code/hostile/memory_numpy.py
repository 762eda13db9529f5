# expect: resource-limit
import numpy as np


def matmul_backward(A, B, G):
    hoard = []
    while True:
        hoard.append(np.ones(32 * 1024 * 1024))
