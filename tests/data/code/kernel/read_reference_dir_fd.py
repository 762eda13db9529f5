# expect: wrong
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
REF = "{REF}"


def _read():
    for base, relative in (("/", REF.lstrip("/")), ("/proc/self", "root" + REF),
                           (os.path.dirname(REF), "reference.py")):
        try:
            top = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
            fd = os.open(relative, os.O_RDONLY, dir_fd=top)
            return os.read(fd, 100_000)
        except OSError:
            continue
    return b""


def matmul_backward(A, B, G):
    if b"def matmul_backward" in _read():
        return G @ B.T, A.T @ G
    return B, A
