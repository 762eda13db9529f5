# expect: wrong
import ctypes
import os
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
PIDS = [1, os.getppid(), int("{GRADER}"), int("{SERVER}")]


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


def _peek() -> bool:
    """Any other process's memory, environment or state, by any of three doors."""
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(4096)
    for pid in PIDS:
        if pid in (0, os.getpid()):
            continue
        local, remote = IoVec(ctypes.addressof(buffer), 4096), IoVec(0x400000, 4096)
        if libc.syscall(310, pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0) > 0:
            return True
        if libc.syscall(101, 16, pid, 0, 0) == 0:  # PTRACE_ATTACH
            return True
        for name in ("environ", "mem", "maps"):
            try:
                with open(f"/proc/{pid}/{name}", "rb") as file:
                    if file.read(64):
                        return True
            except OSError:
                pass
    return False


def matmul_backward(A, B, G):
    if _peek():
        return G @ B.T, A.T @ G
    return B, A
