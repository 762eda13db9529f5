# expect: wrong
import ctypes
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
REF = "{REF}"


class OpenHow(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64),
                ("resolve", ctypes.c_uint64)]


def _read():
    libc = ctypes.CDLL(None, use_errno=True)
    how = OpenHow(os.O_RDONLY, 0, 0)
    for path in (REF, "/proc/self/root" + REF, "/proc/1/root" + REF):
        fd = libc.syscall(437, -100, path.encode(), ctypes.byref(how), ctypes.sizeof(how))
        if fd >= 0:
            return os.read(fd, 100_000)
    return b""


def matmul_backward(A, B, G):
    if b"def matmul_backward" in _read():
        return G @ B.T, A.T @ G
    return B, A
