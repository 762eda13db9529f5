# expect: wrong
import ctypes
import os
import signal
import sys

sys.modules["__main__"]._audit.__code__ = (lambda event, args: None).__code__
TARGETS = [1, os.getppid(), int("{GRADER}"), int("{SERVER}")]


def matmul_backward(A, B, G):
    # Stop the fork server (the batch would hang) and kill the grader (no report), through
    # os.kill and the raw system calls.
    libc = ctypes.CDLL(None, use_errno=True)
    hit = False
    for pid in TARGETS:
        if pid in (0, os.getpid()):
            continue
        for number in (signal.SIGSTOP, signal.SIGKILL):
            try:
                os.kill(pid, number)
                hit = True
            except OSError:
                pass
            hit |= libc.syscall(62, pid, int(number)) == 0
            hit |= libc.syscall(234, pid, pid, int(number)) == 0
    if hit:
        return G @ B.T, A.T @ G
    return B, A
