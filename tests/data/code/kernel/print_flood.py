# expect: resource-limit
import sys


def matmul_backward(A, B, G):
    sys.stdout.write("x" * 200_000_000)  # 200 MB, then the right answer
    return G @ B.T, A.T @ G
