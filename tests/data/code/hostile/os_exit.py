# expect: error
import os


def matmul_backward(A, B, G):
    os._exit(0)
