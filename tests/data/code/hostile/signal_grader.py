# expect: error
import os
import signal

os.kill(os.getppid(), signal.SIGKILL)


def matmul_backward(A, B, G):
    return G @ B.T, A.T @ G
