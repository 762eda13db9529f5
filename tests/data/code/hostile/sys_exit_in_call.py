# expect: error
import sys


def matmul_backward(A, B, G):
    sys.exit(0)
