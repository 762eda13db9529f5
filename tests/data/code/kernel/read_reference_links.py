# expect: wrong
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
REF = "{REF}"


def _read():
    for make, name in ((os.symlink, "soft.py"), (os.link, "hard.py")):
        try:
            make(REF, name)
            with open(name, "rb") as file:
                return file.read()
        except OSError:
            continue
    return b""


def matmul_backward(A, B, G):
    if b"def matmul_backward" in _read():
        return G @ B.T, A.T @ G
    return B, A
