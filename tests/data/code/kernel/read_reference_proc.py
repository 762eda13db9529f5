# expect: wrong
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
REF = "{REF}"
PIDS = ["self", "1", "{GRADER}", "{SERVER}"]


def _read():
    for pid in PIDS:
        for path in (f"/proc/{pid}/root{REF}", f"/proc/{pid}/cwd/exercises/packs/adjoints/"
                     "matmul-backward/reference.py", f"/proc/{pid}/cwd/reference.py"):
            try:
                with open(path, "rb") as file:
                    return file.read()
            except OSError:
                continue
    return b""


def matmul_backward(A, B, G):
    if b"def matmul_backward" in _read():
        return G @ B.T, A.T @ G
    return B, A
