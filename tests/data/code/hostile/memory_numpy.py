# expect: resource-limit
# np.zeros is calloc'd, so the limit is met without seconds of first-touch page faults (see
# memory_python.py).
import numpy as np


def matmul_backward(A, B, G):
    hoard = []
    while True:
        hoard.append(np.zeros(32 * 1024 * 1024))
