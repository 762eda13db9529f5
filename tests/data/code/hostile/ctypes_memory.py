# expect: error
import numpy as np

ctypes = np.core._internal.ctypes
buffer = ctypes.create_string_buffer(16)
ctypes.memmove(buffer, b"overwrite", 9)


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
